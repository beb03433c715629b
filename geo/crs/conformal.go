package crs

// The conformal latitude χ enters the projection only through sin χ and
// cos χ. With s = sin φ, c = cos φ and T(s) = tanh(e·atanh(e·s)),
//
//	sin χ = (s − T)/(1 − s·T) = s − c²·s·U    U = T / (s·(1 − s·T))
//	cos χ = c·√(1 − T²)/(1 − s·T) = c + c·V   V = (√(1 − T²) − 1 + s·T)/(1 − s·T)
//
// U and V are even and analytic in s out to |s| = 1/e ≈ 12, so their
// Taylor series in s² converge on all of [−1, 1] like (e²)ᵏ ≈ 0.0067ᵏ:
// eight terms reach 3e-20. Both are small (U ≈ e², V ≈ e²·s²), so the
// rounding of the series barely reaches sin χ and cos χ, and the projection
// needs no division, square root or atanh for χ. The coefficients are
// computed once per ellipsoid by power-series arithmetic below.

// chiTerms is the number of coefficients, in powers of s², of each series.
const chiTerms = 8

// chiDegree is the highest power of s the series arithmetic keeps.
const chiDegree = 2*chiTerms + 1

type powerSeries [chiDegree + 1]float64

func (a *powerSeries) mul(b *powerSeries) (c powerSeries) {
	for i, x := range a {
		for j := 0; i+j <= chiDegree; j++ {
			c[i+j] += x * b[j]
		}
	}
	return c
}

// div is a/b for b[0] = 1.
func (a *powerSeries) div(b *powerSeries) (q powerSeries) {
	for k := range q {
		q[k] = a[k]
		for j := 1; j <= k; j++ {
			q[k] -= b[j] * q[k-j]
		}
	}
	return q
}

// sqrt is √a for a[0] = 1.
func (a *powerSeries) sqrt() (r powerSeries) {
	r[0] = 1
	for k := 1; k <= chiDegree; k++ {
		r[k] = a[k]
		for j := 1; j < k; j++ {
			r[k] -= r[j] * r[k-j]
		}
		r[k] /= 2
	}
	return r
}

// chiSeries returns the coefficients of U and V in powers of s².
func chiSeries(e float64) (u, v [chiTerms]float64) {
	// w = e·atanh(e·s) = Σ e^(2k+2) s^(2k+1) / (2k+1)
	var w powerSeries
	for k := 0; 2*k+1 <= chiDegree; k++ {
		w[2*k+1] = pow(e, 2*k+2) / float64(2*k+1)
	}
	// T = tanh w = w − w³/3 + 2w⁵/15 − 17w⁷/315 + 62w⁹/2835 − 1382w¹¹/155925;
	// w is O(e²·s), so w¹³ lies below 1e-28 of T.
	tanh := [...]float64{1, -1.0 / 3, 2.0 / 15, -17.0 / 315, 62.0 / 2835, -1382.0 / 155925}
	var t powerSeries
	w2 := w.mul(&w)
	pw := w
	for _, c := range tanh {
		for i := range t {
			t[i] += c * pw[i]
		}
		pw = pw.mul(&w2)
	}
	var s, one powerSeries
	s[1], one[0] = 1, 1
	st := s.mul(&t)
	var den, rad powerSeries
	t2 := t.mul(&t)
	for i := range den {
		den[i] = one[i] - st[i]
		rad[i] = one[i] - t2[i]
	}
	root := rad.sqrt()
	var vnum powerSeries
	for i := range vnum {
		vnum[i] = root[i] - den[i]
	}
	us, vs := t.div(&den), vnum.div(&den)
	for k := range u {
		u[k], v[k] = us[2*k+1], vs[2*k] // us is odd: U = us/s
	}
	return u, v
}

func pow(x float64, n int) float64 {
	r := 1.0
	for range n {
		r *= x
	}
	return r
}

// estrin evaluates Σ c[k]·zᵏ with a short dependency chain: the projection
// is limited by the latency of its longest chain of multiplications.
func estrin(c *[chiTerms]float64, z float64) float64 {
	z2 := z * z
	z4 := z2 * z2
	return (c[0] + c[1]*z + z2*(c[2]+c[3]*z)) + z4*(c[4]+c[5]*z+z2*(c[6]+c[7]*z))
}

// sinCosChi returns sin χ and cos χ for sin φ and cos φ.
func (el *ellipsoid) sinCosChi(sphi, cphi float64) (float64, float64) {
	z := sphi * sphi
	return sphi - cphi*cphi*sphi*estrin(&el.chiU, z), cphi + cphi*estrin(&el.chiV, z)
}
