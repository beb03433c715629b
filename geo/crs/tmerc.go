package crs

import "math"

// ellipsoid holds the constants the projections need.
type ellipsoid struct {
	a, f  float64
	e2, e float64
	n     float64
	bigA  float64    // rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256)
	alpha [7]float64 // Krüger forward series, index 1..6
	beta  [7]float64 // Krüger inverse series, index 1..6
}

func newEllipsoid(a, invf float64) ellipsoid {
	f := 1 / invf
	n := f / (2 - f)
	n2 := n * n
	n3, n4, n5, n6 := n2*n, n2*n2, n2*n2*n, n2*n2*n2
	el := ellipsoid{a: a, f: f, e2: f * (2 - f), n: n}
	el.e = math.Sqrt(el.e2)
	el.bigA = a / (1 + n) * (1 + n2/4 + n4/64 + n6/256)
	// Karney (2011), "Transverse Mercator with an accuracy of a few
	// nanometers", eqs. (35) and (36), to sixth order in n.
	el.alpha = [7]float64{0,
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
	el.beta = [7]float64{0,
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
	return el
}

// The ellipsoids of Korean coordinate systems.
var (
	grs80  = newEllipsoid(6378137, 298.257222101)
	wgs84  = newEllipsoid(6378137, 298.257223563)
	bessel = newEllipsoid(6377397.155, 299.1528128)
)

// tmParams is a transverse Mercator projection.
type tmParams struct {
	lat0, lon0 float64 // degrees
	k0         float64
	fe, fn     float64
	xi0        float64 // ξ of the origin latitude on the central meridian, precomputed
}

func newTM(el *ellipsoid, lat0, lon0, k0, fe, fn float64) tmParams {
	p := tmParams{lat0: lat0, lon0: lon0, k0: k0, fe: fe, fn: fn}
	p.xi0, _ = el.conformalXiEta(lat0*math.Pi/180, 0)
	return p
}

// tauPrime returns tan of the conformal latitude for τ = tan φ.
func (el *ellipsoid) tauPrime(tau float64) float64 {
	tau1 := math.Hypot(1, tau)
	sig := math.Sinh(el.e * math.Atanh(el.e*tau/tau1))
	return tau*math.Hypot(1, sig) - sig*tau1
}

// conformalXiEta maps latitude φ and longitude λ from the central meridian
// (radians) to the Gauss–Krüger ξ, η on the rectifying sphere. The series
// is summed with Clenshaw's recurrence in complex arithmetic, so that it
// costs one sin/cos and one exp instead of six of each.
func (el *ellipsoid) conformalXiEta(phi, lam float64) (xi, eta float64) {
	sphi, cphi := math.Sincos(phi)
	var tp float64
	if cphi <= 0 {
		tp = math.Copysign(math.Inf(1), phi)
	} else {
		tau := sphi / cphi
		sig := sinhSmall(el.e * atanhSmall(el.e*sphi))
		tp = tau*math.Sqrt(1+sig*sig) - sig/cphi
	}
	sl, cl := math.Sincos(lam)
	r := math.Hypot(tp, cl)
	q := sl / r // sinh η′
	xiP := math.Atan2(tp, cl)
	ch := math.Sqrt(1 + q*q)
	aq := math.Abs(q)
	etaP := math.Copysign(math.Log1p(aq+aq*aq/(1+ch)), q) // asinh q, reusing √(1+q²)
	// The double angles follow algebraically from the half angles, saving
	// a sincos and an exp: sin ξ′ = τ′/r, cos ξ′ = cos λ/r, sinh η′ = q.
	sx, cx := tp/r, cl/r
	if math.IsInf(tp, 0) {
		sx, cx = math.Copysign(1, tp), 0
	}
	return el.sum(&el.alpha, xiP, etaP, 2*sx*cx, cx*cx-sx*sx, 2*q*ch, 1+2*q*q, 1)
}

// atanhSmall is atanh(z) for |z| ≤ e ≈ 0.082 (z = e·sin φ), by its Taylor
// series: nine terms reach double precision there, faster than log1p.
func atanhSmall(z float64) float64 {
	z2 := z * z
	sum := 0.0
	for k := 17; k >= 3; k -= 2 { // z¹⁸/19 < 1e-40: beyond double precision
		sum = (sum + 1/float64(k)) * z2
	}
	return z * (1 + sum)
}

// sinhSmall is sinh(x) for |x| ≤ 0.007, by its Taylor series.
func sinhSmall(x float64) float64 {
	x2 := x * x
	return x * (1 + x2/6*(1+x2/20*(1+x2/42*(1+x2/72))))
}

// series returns ζ + sign·Σ c[j]·sin(2jζ) for ζ = ξ + iη, by Clenshaw.
func (el *ellipsoid) series(c *[7]float64, xi, eta, sign float64) (float64, float64) {
	s2, c2 := math.Sincos(2 * xi)
	e2 := math.Exp(2 * eta)
	return el.sum(c, xi, eta, s2, c2, (e2-1/e2)/2, (e2+1/e2)/2, sign)
}

// sum is series given sin 2ξ, cos 2ξ, sinh 2η and cosh 2η. The complex
// recurrence is written out in real arithmetic.
func (el *ellipsoid) sum(c *[7]float64, xi, eta, s2, c2, sh2, ch2, sign float64) (float64, float64) {
	ar, ai := 2*c2*ch2, -2*s2*sh2 // 2 cos 2ζ
	var b1r, b1i, b2r, b2i float64
	for j := 6; j >= 1; j-- {
		b1r, b1i, b2r, b2i = c[j]+ar*b1r-ai*b1i-b2r, ar*b1i+ai*b1r-b2i, b1r, b1i
	}
	sr, si := s2*ch2, c2*sh2 // sin 2ζ
	return xi + sign*(b1r*sr-b1i*si), eta + sign*(b1r*si+b1i*sr)
}

// forward projects geographic degrees to easting, northing.
func (p *tmParams) forward(el *ellipsoid, lon, lat float64) (x, y float64) {
	d := lon - p.lon0
	if d > 180 || d < -180 {
		d = math.Remainder(d, 360)
	}
	lam := d * math.Pi / 180
	xi, eta := el.conformalXiEta(lat*math.Pi/180, lam)
	return p.fe + p.k0*el.bigA*eta, p.fn + p.k0*el.bigA*(xi-p.xi0)
}

// inverse unprojects easting, northing to geographic degrees.
func (p *tmParams) inverse(el *ellipsoid, x, y float64) (lon, lat float64) {
	xi := (y-p.fn)/(p.k0*el.bigA) + p.xi0
	eta := (x - p.fe) / (p.k0 * el.bigA)
	xiP, etaP := el.series(&el.beta, xi, eta, -1)
	sxi, cxi := math.Sincos(xiP)
	she := math.Sinh(etaP)
	tp := sxi / math.Hypot(she, cxi)
	lam := math.Atan2(she, cxi)
	// Newton on τ(τ'), Karney (2011) eqs. (19)–(21); converges in 2–3 steps.
	tau := tp
	for i := 0; i < 5; i++ {
		t1 := el.tauPrime(tau)
		d := (tp - t1) / math.Hypot(1, t1) * (1 + (1-el.e2)*tau*tau) / ((1 - el.e2) * math.Hypot(1, tau))
		tau += d
		if math.Abs(d) < 1e-15*math.Max(1, math.Abs(tau)) {
			break
		}
	}
	return p.lon0 + lam*180/math.Pi, math.Atan(tau) * 180 / math.Pi
}
