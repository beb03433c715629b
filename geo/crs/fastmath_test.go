package crs

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigSinCosDeg is sin and cos of d degrees, reducing d to ±45° exactly:
// the reference for sincosDeg.
func bigSinCosDeg(d float64) (float64, float64) {
	q := math.Floor(d/90 + 0.5)
	r := bf(d - 90*q) // exact for |d| ≤ 540
	r.Mul(r, bigPi).Quo(r, bf(180))
	return bigSinCosQuadrant(r, int(q))
}

// bigSinCosQuadrant is sin and cos of r + q·π/2 for |r| ≤ π/4, by Taylor
// series in 160-bit arithmetic, rounded once.
func bigSinCosQuadrant(r *big.Float, q int) (float64, float64) {
	r2 := new(big.Float).SetPrec(refPrec).Mul(r, r)
	sum := func(first *big.Float, k0 int) *big.Float { // Σ (−1)^k r^(2k+k0)/(2k+k0)!
		acc, term := bf(0), new(big.Float).SetPrec(refPrec).Set(first)
		for k := 0; k < 30; k++ {
			if k%2 == 0 {
				acc.Add(acc, term)
			} else {
				acc.Sub(acc, term)
			}
			term.Mul(term, r2).Quo(term, bf(float64((2*k+k0+1)*(2*k+k0+2))))
		}
		return acc
	}
	s, _ := sum(r, 1).Float64()
	c, _ := sum(bf(1), 0).Float64()
	switch q & 3 {
	case 1:
		s, c = c, -s
	case 2:
		s, c = -s, -c
	case 3:
		s, c = -c, s
	}
	return s, c
}

func TestSincosDeg(t *testing.T) {
	t.Parallel() // 160-bit references are slow under -race
	r := rand.New(rand.NewPCG(3, 4))
	cases := []float64{0, 0.5, -0.5, 0.49999999999999994, 1, 30, 45, 89.99999999, 90, 90.5, 127.5, 128, 179.5, 180, -180, 181, -181, 359.5, 540, -540}
	for range 20000 {
		cases = append(cases, -540+1080*r.Float64())
	}
	for k := range 1000 { // tiny angles keep their relative accuracy
		cases = append(cases, math.Ldexp(r.Float64(), -k%1000))
	}
	worst := 0.0
	for _, d := range cases {
		s, c := sincosDeg(d)
		ws, wc := bigSinCosDeg(d)
		es := math.Abs(s - ws)
		if math.Abs(ws) < 1e-3 {
			es /= math.Max(math.Abs(ws), 1e-300) * 1e3 // relative, near zero crossings
		}
		ec := math.Abs(c - wc)
		worst = math.Max(worst, math.Max(es, ec))
		if es > 2.3e-16 || ec > 2.3e-16 {
			t.Errorf("sincosDeg(%v) = %v, %v; want %v, %v", d, s, c, ws, wc)
		}
	}
	for _, d := range []float64{0, 90, 180, -90, -180, 270, 360} {
		s, c := sincosDeg(d)
		ws, wc := math.Round(math.Sin(d*math.Pi/180)), math.Round(math.Cos(d*math.Pi/180))
		if s != ws || c != wc {
			t.Errorf("sincosDeg(%v) = %v, %v; want exactly %v, %v", d, s, c, ws, wc)
		}
	}
	for _, d := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if s, c := sincosDeg(d); !math.IsNaN(s) || !math.IsNaN(c) {
			t.Errorf("sincosDeg(%v) = %v, %v; want NaN", d, s, c)
		}
	}
	t.Logf("worst sincosDeg error %.3g", worst)
}

// within reports whether got is within n units in the last place of want.
func within(got, want float64, n float64) bool {
	if got == want || math.IsNaN(got) && math.IsNaN(want) {
		return true
	}
	ulp := math.Abs(math.Nextafter(want, math.Inf(1)) - want)
	return math.Abs(got-want) <= n*ulp
}

func TestFastAtan2(t *testing.T) {
	t.Parallel() // 160-bit references are slow under -race
	r := rand.New(rand.NewPCG(5, 6))
	inf, nan := math.Inf(1), math.NaN()
	type pair struct{ y, x float64 }
	cases := []pair{{0, 0}, {0, -1}, {math.Copysign(0, -1), -1}, {1, 0}, {-1, 0}, {1, 1}, {-1, -1}, {1, -1},
		{inf, 1}, {1, inf}, {inf, inf}, {-inf, -inf}, {nan, 1}, {1, nan}, {1e-300, 1}, {1, 1e-300}, {5e-324, 1e308}}
	for range 20000 {
		cases = append(cases, pair{r.NormFloat64(), r.NormFloat64()})
	}
	for range 10000 { // the projection's usual arguments: sin χ against cos χ·cos λ
		cases = append(cases, pair{r.Float64(), 0.5 + r.Float64()/2})
	}
	for _, c := range cases {
		got, want := fastAtan2(c.y, c.x), bigAtan2(c.y, c.x)
		if !within(got, want, 2) || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("fastAtan2(%v, %v) = %v, want %v", c.y, c.x, got, want)
		}
	}
}

func TestFastAtanh(t *testing.T) {
	t.Parallel() // 160-bit references are slow under -race
	r := rand.New(rand.NewPCG(7, 8))
	cases := []float64{0, math.Copysign(0, -1), 1e-300, 1.0 / 128, 0.01, 0.1, 0.7499999, 0.75, 0.9, 1, -1, 1.5, math.NaN(), math.Inf(1)}
	for range 20000 {
		cases = append(cases, 2*r.Float64()-1)
	}
	for range 10000 {
		cases = append(cases, 0.2*r.Float64()-0.1)
	}
	for _, x := range cases {
		got, want := fastAtanh(x), bigAtanh(x)
		if !within(got, want, 2) || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("fastAtanh(%v) = %v, want %v", x, got, want)
		}
	}
}

const refPrec = 160

func bf(x float64) *big.Float { return new(big.Float).SetPrec(refPrec).SetFloat64(x) }

var bigPi, _ = new(big.Float).SetPrec(refPrec).SetString("3.14159265358979323846264338327950288419716939937510582097494459")

// bigAtan is atan(t) for finite t ≥ 0, halving the angle until the Taylor
// series converges quickly.
func bigAtan(t *big.Float) *big.Float {
	t = new(big.Float).SetPrec(refPrec).Set(t)
	halvings := 0
	for t.Cmp(bf(0.1)) > 0 { // atan t = 2·atan(t / (1 + √(1+t²)))
		s := new(big.Float).SetPrec(refPrec).Mul(t, t)
		s.Add(s, bf(1)).Sqrt(s).Add(s, bf(1))
		t.Quo(t, s)
		halvings++
	}
	t2 := new(big.Float).SetPrec(refPrec).Mul(t, t)
	sum, pow := bf(0), new(big.Float).SetPrec(refPrec).Set(t)
	for k := 0; k < 40; k++ {
		term := new(big.Float).SetPrec(refPrec).Quo(pow, bf(float64(2*k+1)))
		if k%2 == 0 {
			sum.Add(sum, term)
		} else {
			sum.Sub(sum, term)
		}
		pow.Mul(pow, t2)
	}
	return sum.SetMantExp(sum, halvings)
}

// bigAtan2 is math.Atan2 rounded once from 160-bit arithmetic; special
// cases are math.Atan2's.
func bigAtan2(y, x float64) float64 {
	ax, ay := math.Abs(x), math.Abs(y)
	if s := ax + ay; !(s > 0 && s <= math.MaxFloat64) {
		return math.Atan2(y, x)
	}
	swap := ay > ax
	if swap {
		ax, ay = ay, ax
	}
	r := bigAtan(new(big.Float).SetPrec(refPrec).Quo(bf(ay), bf(ax)))
	halfPi := new(big.Float).SetPrec(refPrec).SetMantExp(bigPi, -1)
	if swap {
		r.Sub(halfPi, r)
	}
	if x < 0 {
		r.Sub(bigPi, r)
	}
	f, _ := r.Float64()
	return math.Copysign(f, y)
}

// bigAtanhB is atanh(x) for |x| < 1 by atanh x = 2·atanh(x / (1 + √(1−x²)))
// and the Taylor series.
func bigAtanhB(x *big.Float) *big.Float {
	x = new(big.Float).SetPrec(refPrec).Set(x)
	halvings := 0
	for new(big.Float).Abs(x).Cmp(bf(0.1)) > 0 {
		s := new(big.Float).SetPrec(refPrec).Mul(x, x)
		s.Sub(bf(1), s).Sqrt(s).Add(s, bf(1))
		x.Quo(x, s)
		halvings++
	}
	x2 := new(big.Float).SetPrec(refPrec).Mul(x, x)
	sum, pow := bf(0), new(big.Float).SetPrec(refPrec).Set(x)
	for k := 0; k < 40; k++ {
		sum.Add(sum, new(big.Float).SetPrec(refPrec).Quo(pow, bf(float64(2*k+1))))
		pow.Mul(pow, x2)
	}
	return sum.SetMantExp(sum, halvings)
}

func bigAtanh(x float64) float64 {
	if !(math.Abs(x) < 1) || x == 0 {
		return math.Atanh(x)
	}
	f, _ := bigAtanhB(bf(x)).Float64()
	return f
}

// bigTanhW is tanh(e·atanh(e·s)), with tanh w = (e^2w − 1)/(e^2w + 1).
func bigTanhW(e, s float64) float64 {
	f, _ := bigTanhWB(e, s).Float64()
	return f
}

func bigTanhWB(e, s float64) *big.Float {
	if s == 0 {
		return bf(0)
	}
	w := bigAtanhB(new(big.Float).SetPrec(refPrec).Mul(bf(e), bf(s)))
	w.Mul(w, bf(e)).Mul(w, bf(2))
	exp, term := bf(1), bf(1)
	for k := 1; k < 40; k++ {
		term.Mul(term, w).Quo(term, bf(float64(k)))
		exp.Add(exp, term)
	}
	num := new(big.Float).SetPrec(refPrec).Sub(exp, bf(1))
	return num.Quo(num, exp.Add(exp, bf(1)))
}

func TestSinCosChi(t *testing.T) {
	t.Parallel() // 160-bit references are slow under -race
	for _, el := range []*ellipsoid{&grs80, &wgs84, &bessel} {
		worst := 0.0
		for d := -90.0; d <= 90; d += 1.0 / 16 {
			s, c := sincosDeg(d)
			// sin χ = (s − T)/(1 − s·T), cos χ = cos φ·√(1 − T²)/(1 − s·T)
			tw := bigTanhWB(el.e, s)
			den := new(big.Float).SetPrec(refPrec).Mul(bf(s), tw)
			den.Sub(bf(1), den)
			num := new(big.Float).SetPrec(refPrec).Sub(bf(s), tw)
			ws, _ := num.Quo(num, den).Float64()
			rad := new(big.Float).SetPrec(refPrec).Mul(tw, tw)
			rad.Sub(bf(1), rad).Sqrt(rad).Mul(rad, bf(c)).Quo(rad, den)
			wc, _ := rad.Float64()
			gs, gc := el.sinCosChi(s, c)
			e := math.Max(math.Abs(gs-ws), math.Abs(gc-wc))
			worst = math.Max(worst, e)
			if e > 1.7e-16 { // 1.5 ulp
				t.Errorf("e=%v φ=%v°: sin χ, cos χ = %v, %v; want %v, %v", el.e, d, gs, gc, ws, wc)
			}
		}
		t.Logf("e=%v: worst %.3g", el.e, worst)
	}
}

func TestAtan2Near(t *testing.T) {
	t.Parallel() // 160-bit references are slow under -race
	r := rand.New(rand.NewPCG(9, 10))
	near, far := 0, 0
	for range 30000 {
		a := (2*r.Float64() - 1) * math.Pi
		m := math.Exp(4 * r.NormFloat64())
		y, x := m*math.Sin(a), m*math.Cos(a)
		hint := a*180/math.Pi + 2*r.NormFloat64() // often near, often not
		if r.IntN(50) == 0 {
			hint = []float64{math.NaN(), math.Inf(1), 500, -181}[r.IntN(4)]
		}
		got, want := atan2Near(y, x, hint), bigAtan2(y, x)
		// An angle's error is absolute: 4.5e-16 rad is 3 nm on the earth.
		if math.Abs(got-want) > 4.5e-16*math.Max(1, math.Abs(want)) {
			t.Errorf("atan2Near(%v, %v, %v) = %v, want %v", y, x, hint, got, want)
		}
		if math.Abs(hint-a*180/math.Pi) < 1 {
			near++
		} else {
			far++
		}
	}
	if near < 10000 || far < 10000 {
		t.Errorf("near %d, far %d: both paths need exercise", near, far)
	}
}

// bigExp is e^x to refPrec bits for |x| ≤ 10, by halving and squaring.
func bigExp(x *big.Float) *big.Float {
	x = new(big.Float).SetPrec(refPrec).SetMantExp(x, -10) // x/1024
	sum, term := bf(1), bf(1)
	for k := 1; k < 30; k++ {
		term.Mul(term, x).Quo(term, bf(float64(k)))
		sum.Add(sum, term)
	}
	for range 10 {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigSinCos is sin and cos of x radians, |x| ≤ 8, reducing x by a
// multiple of π/2 in 160-bit arithmetic.
func bigSinCos(x float64) (float64, float64) {
	halfPi := new(big.Float).SetPrec(refPrec).SetMantExp(bigPi, -1)
	q := math.Floor(x/(math.Pi/2) + 0.5)
	r := new(big.Float).SetPrec(refPrec).Mul(halfPi, bf(q))
	return bigSinCosQuadrant(r.Sub(bf(x), r), int(q))
}

func TestSincosRad(t *testing.T) {
	t.Parallel() // 160-bit references are slow under -race
	r := rand.New(rand.NewPCG(13, 14))
	cases := []float64{0, 1.0 / 128, -1.0 / 128, math.Pi / 2, math.Pi, 4, -4, 4.0000001, 7, math.NaN(), math.Inf(1)}
	for range 20000 {
		cases = append(cases, 8*r.Float64()-4)
	}
	for _, x := range cases {
		s, c := sincosRad(x)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			if !math.IsNaN(s) || !math.IsNaN(c) {
				t.Errorf("sincosRad(%v) = %v, %v; want NaN", x, s, c)
			}
			continue
		}
		ws, wc := bigSinCos(x)
		if math.Abs(s-ws) > 1.7e-16 || math.Abs(c-wc) > 1.7e-16 {
			t.Errorf("sincosRad(%v) = %v, %v; want %v, %v", x, s, c, ws, wc)
		}
	}
}

func TestSinhCosh(t *testing.T) {
	t.Parallel() // 160-bit references are slow under -race
	r := rand.New(rand.NewPCG(15, 16))
	cases := []float64{0, 1e-300, -1e-9, 1.0 / 128, 4, -4, 4.5, 30, -30}
	for range 20000 {
		cases = append(cases, 8*r.Float64()-4)
	}
	for range 5000 {
		cases = append(cases, 0.2*r.Float64()-0.1) // η within a zone
	}
	for _, x := range cases {
		sh, ch := sinhCosh(x)
		e := bigExp(bf(x))
		ie := new(big.Float).SetPrec(refPrec).Quo(bf(1), e)
		wsh, _ := new(big.Float).SetPrec(refPrec).Sub(e, ie).Float64()
		wch, _ := new(big.Float).SetPrec(refPrec).Add(e, ie).Float64()
		wsh, wch = wsh/2, wch/2
		if math.Abs(x) < 1e-8 { // e − 1/e cancels: sinh x = x to 1.7e-17
			wsh = x
		}
		if !within(sh, wsh, 2) || !within(ch, wch, 2) {
			t.Errorf("sinhCosh(%v) = %v, %v; want %v, %v", x, sh, ch, wsh, wch)
		}
	}
}

// FuzzFastMath holds the kernels to the math package on any input: a
// wrong table index or branch shows as a gross error, never as a panic.
func FuzzFastMath(f *testing.F) {
	f.Add(37.5, 127.0)
	f.Add(-180.0, 0.0)
	f.Add(0.75, 1e-300)
	f.Fuzz(func(t *testing.T, a, b float64) {
		near := func(got, want, tol float64) bool {
			return got == want || math.IsNaN(got) && math.IsNaN(want) || math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
		}
		if got, want := fastAtan2(a, b), math.Atan2(a, b); !near(got, want, 5e-16) {
			t.Errorf("fastAtan2(%v, %v) = %v, want %v", a, b, got, want)
		}
		if got, want := atan2Near(a, b, a), math.Atan2(a, b); !near(got, want, 5e-16) {
			t.Errorf("atan2Near(%v, %v, %v) = %v, want %v", a, b, a, got, want)
		}
		if got, want := fastAtanh(a), math.Atanh(a); !near(got, want, 5e-16) {
			t.Errorf("fastAtanh(%v) = %v, want %v", a, got, want)
		}
		if math.Abs(a) < 1e4 {
			s, c := sincosDeg(a)
			ws, wc := math.Sincos(math.Remainder(a, 360) * math.Pi / 180)
			if !near(s, ws, 1e-15) || !near(c, wc, 1e-15) {
				t.Errorf("sincosDeg(%v) = %v, %v; want %v, %v", a, s, c, ws, wc)
			}
		}
		if s, c := sincosRad(a); math.Abs(a) < 1e4 {
			ws, wc := math.Sincos(a)
			if !near(s, ws, 1e-15) || !near(c, wc, 1e-15) {
				t.Errorf("sincosRad(%v) = %v, %v; want %v, %v", a, s, c, ws, wc)
			}
		}
		if sh, ch := sinhCosh(a); math.Abs(a) < 700 {
			if !near(sh, math.Sinh(a), 5e-16) || !near(ch, math.Cosh(a), 5e-16) {
				t.Errorf("sinhCosh(%v) = %v, %v", a, sh, ch)
			}
		}
	})
}
