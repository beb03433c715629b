package crs

import "math"

// The projection is bound by how many floating-point operations it issues,
// and sin, cos, atan2, atanh, sinh and cosh were most of them. The math
// package computes these for any argument; the kernels below compute the
// same functions to within a couple of ulps with fewer operations, by
// splitting the argument exactly into a small table's entry and a
// remainder, and finishing with a short Taylor series whose first
// neglected term is below 1e-20 of the result. Each kernel falls back to
// the math package where its table does not reach (non-finite input,
// |x| > 4 for sincosRad and sinhCosh, |x| ≥ 0.75 for atanh), so none has a
// restricted domain. fastmath_test.go checks each against 160-bit
// references over its whole domain and fuzzes it against the math package.

// sinDeg and cosDeg hold sin and cos of every whole degree from -180 to 180,
// computed from a reduction to ±45° so that multiples of 90° are exact.
var sinDeg, cosDeg = func() (s, c [361]float64) {
	for i := range s {
		d := i - 180
		q := int(math.Floor(float64(d)/90 + 0.5)) // quadrant
		r := float64(d-90*q) * (math.Pi / 180)
		sr, cr := math.Sincos(r)
		switch q & 3 {
		case 0:
			s[i], c[i] = sr, cr
		case 1:
			s[i], c[i] = cr, -sr
		case 2:
			s[i], c[i] = -sr, -cr
		case 3:
			s[i], c[i] = -cr, sr
		}
	}
	return s, c
}()

// sincosDeg returns sin and cos of an angle in degrees. Splitting d into a
// whole degree and a remainder is exact, so the result is as accurate for
// 127.5° as for 0.5°.
func sincosDeg(d float64) (s, c float64) {
	if !(d >= -180 && d <= 180) {
		return sincosDegWide(d)
	}
	q := math.Floor(d + 0.5)
	i := int(q) + 180
	st, ct1 := smallSinCos((d - q) * (math.Pi / 180)) // |d − q| ≤ 0.5°
	s0, c0 := sinDeg[i], cosDeg[i]
	return s0 + (s0*ct1 + c0*st), c0 + (c0*ct1 - s0*st)
}

// sincosDegWide is sincosDeg beyond ±180°.
func sincosDegWide(d float64) (s, c float64) {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return math.NaN(), math.NaN()
	}
	return sincosDeg(math.Remainder(d, 360))
}

// atanTab holds atan(i/32) for i = 0…32.
var atanTab = func() (t [33]float64) {
	for i := range t {
		t[i] = math.Atan(float64(i) / 32)
	}
	return t
}()

// fastAtan2 is math.Atan2.
func fastAtan2(y, x float64) float64 {
	ax, ay := math.Abs(x), math.Abs(y)
	if s := ax + ay; !(s > 0 && s <= math.MaxFloat64) {
		return math.Atan2(y, x) // zeros, infinities, NaN
	}
	swap := ay > ax
	if swap {
		ax, ay = ay, ax
	}
	i := int(ay/ax*32 + 0.5) // ay/ax in [0, 1]
	c := float64(i) * (1.0 / 32)
	// atan(t) = atan(c) + atan(u) with u = (t − c)/(1 + t·c), |u| ≤ 1/64.
	r := atanTab[i] + atanSmall((ay-c*ax)/(ax+c*ay))
	if swap {
		r = math.Pi/2 - r
	}
	if x < 0 {
		r = math.Pi - r
	}
	return math.Copysign(r, y)
}

// atanSmall is atan(u) for |u| ≤ 0.02, where its Taylor series to u¹¹
// leaves out less than 1e-21 of the result. Estrin's scheme keeps the chain
// of dependent multiplications short.
func atanSmall(u float64) float64 {
	z := u * u
	z2 := z * z
	q := (-1.0/3 + z*(1.0/5)) + z2*((-1.0/7+z*(1.0/9))-z2*(1.0/11))
	return u + u*z*q
}

// atan2Near is atan2(y, x) for a direction known to lie within about a
// degree of hint degrees, as the projection's ξ′ lies near the latitude.
// With the table entry θ for the nearest whole degree, the answer is θ plus
// the angle of (x, y) turned back by θ, found with one division and a short
// series: half the latency of fastAtan2, which needs two dependent
// divisions. A wrong hint costs only speed: the general kernel takes over.
func atan2Near(y, x, hint float64) float64 {
	if hint >= -180 && hint <= 180 {
		d := math.Floor(hint + 0.5)
		i := int(d) + 180
		s, c := sinDeg[i], cosDeg[i]
		num, den := y*c-x*s, x*c+y*s
		if u := num / den; den > 0 && u >= -0.02 && u <= 0.02 {
			return d*(math.Pi/180) + atanSmall(u)
		}
	}
	return fastAtan2(y, x)
}

// atanhTab holds atanh(j/64) for j = 0…48.
var atanhTab = func() (t [49]float64) {
	for j := range t {
		t[j] = math.Atanh(float64(j) / 64)
	}
	return t
}()

// fastAtanh is math.Atanh.
func fastAtanh(x float64) float64 {
	a := math.Abs(x)
	if !(a < 0.75) {
		return math.Atanh(x) // large, ±1, beyond, NaN
	}
	j := int(a*64 + 0.5)
	c := float64(j) * (1.0 / 64)
	// atanh(a) = atanh(c) + atanh(u) with u = (a − c)/(1 − a·c), |u| < 0.018.
	u := (a - c) / (1 - a*c)
	u2 := u * u
	r := atanhTab[j] + (u + u*u2*(1.0/3+u2*(1.0/5+u2*(1.0/7+u2*(1.0/9+u2*(1.0/11))))))
	return math.Copysign(r, x)
}

// sinRad, cosRad, sinhTab and coshTab hold sin, cos, sinh and cosh of
// i/64 for i = −256…256: multiples of 1/64 are exact in binary, so an
// argument splits into a table entry and a remainder of at most 1/128
// without rounding.
var sinRad, cosRad, sinhTab, coshTab = func() (s, c, sh, ch [513]float64) {
	for i := range s {
		x := float64(i-256) / 64
		s[i], c[i] = math.Sincos(x)
		sh[i], ch[i] = math.Sinh(x), math.Cosh(x)
	}
	return s, c, sh, ch
}()

// smallSinCos returns sin t and cos t − 1 for |t| ≤ 0.01, where the
// first neglected terms are below 1e-21.
func smallSinCos(t float64) (s, cm1 float64) {
	t2 := t * t
	return t + t*t2*(-1.0/6+t2*(1.0/120)), t2 * (-1.0/2 + t2*(1.0/24-t2*(1.0/720)))
}

// smallSinhCosh returns sinh t and cosh t − 1 for |t| ≤ 0.01.
func smallSinhCosh(t float64) (sh, chm1 float64) {
	t2 := t * t
	return t + t*t2*(1.0/6+t2*(1.0/120)), t2 * (1.0/2 + t2*(1.0/24+t2*(1.0/720)))
}

// sincosRad is math.Sincos.
func sincosRad(x float64) (s, c float64) {
	if !(x >= -4 && x <= 4) {
		return math.Sincos(x)
	}
	q := math.Floor(x*64 + 0.5)
	i := int(q) + 256
	st, ct1 := smallSinCos(x - q*(1.0/64))
	s0, c0 := sinRad[i], cosRad[i]
	return s0 + (s0*ct1 + c0*st), c0 + (c0*ct1 - s0*st)
}

// sinhCosh returns math.Sinh(x) and math.Cosh(x).
func sinhCosh(x float64) (sh, ch float64) {
	if !(x >= -4 && x <= 4) {
		return math.Sinh(x), math.Cosh(x)
	}
	q := math.Floor(x*64 + 0.5)
	i := int(q) + 256
	st, ct1 := smallSinhCosh(x - q*(1.0/64))
	s0, c0 := sinhTab[i], coshTab[i]
	return s0 + (s0*ct1 + c0*st), c0 + (c0*ct1 + s0*st)
}
