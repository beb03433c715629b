package geo

import "math"

// inverseStart returns a starting azimuth for the Newton iteration. For short
// lines it solves the problem outright (sig12 ≥ 0, with the azimuths and the
// mean dn); otherwise sig12 < 0 and only salp1, calp1 are meaningful. Nearly
// antipodal points, where the spherical guess is poor, get the astroid
// solution of Karney (2013) §5.
func inverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12 float64) (
	sig12, salp1, calp1, salp2, calp2, dnm float64) {
	sig12 = -1
	sbet12 := sbet2*cbet1 - cbet2*sbet1
	cbet12 := cbet2*cbet1 + sbet2*sbet1
	sbet12a := sbet2*cbet1 + cbet2*sbet1
	shortline := cbet12 >= 0 && sbet12 < 0.5 && cbet2*lam12 < 0.5
	var somg12, comg12 float64
	if shortline {
		sbetm2 := (sbet1 + sbet2) * (sbet1 + sbet2)
		sbetm2 /= sbetm2 + (cbet1+cbet2)*(cbet1+cbet2)
		dnm = math.Sqrt(1 + wgs84EP2*sbetm2)
		somg12, comg12 = math.Sincos(lam12 / (wgs84F1 * dnm))
	} else {
		somg12, comg12 = slam12, clam12
	}
	salp1 = cbet2 * somg12
	if comg12 >= 0 {
		calp1 = sbet12 + cbet2*sbet1*somg12*somg12/(1+comg12)
	} else {
		calp1 = sbet12a - cbet2*sbet1*somg12*somg12/(1-comg12)
	}
	ssig12 := math.Hypot(salp1, calp1)
	csig12 := sbet1*sbet2 + cbet1*cbet2*comg12

	switch {
	case shortline && ssig12 < etol2:
		salp2 = cbet1 * somg12
		var t float64
		if comg12 >= 0 {
			t = somg12 * somg12 / (1 + comg12)
		} else {
			t = 1 - comg12
		}
		calp2 = sbet12 - cbet1*sbet2*t
		salp2, calp2 = norm2(salp2, calp2)
		sig12 = math.Atan2(ssig12, csig12)
	case csig12 >= 0 || ssig12 >= 6*wgs84N*math.Pi*cbet1*cbet1:
		// Not nearly antipodal: the spherical guess above is good enough.
	default:
		// Nearly antipodal. Scale to the astroid problem: x and y measure
		// how far the points are from exactly antipodal, in units of the
		// width of the region where geodesics fan out.
		lam12x := math.Atan2(-slam12, -clam12) // λ12 − π
		k2 := sbet1 * sbet1 * wgs84EP2
		eps := k2 / (2*(1+math.Sqrt(1+k2)) + k2)
		lamscale := wgs84F * cbet1 * a3(eps) * math.Pi
		betscale := lamscale * cbet1
		x := lam12x / lamscale
		y := sbet12a / betscale
		if y > -tol1 && x > -1-xthresh {
			salp1 = math.Min(1, -x)
			calp1 = -math.Sqrt(1 - salp1*salp1)
		} else {
			k := astroid(x, y)
			omg12a := lamscale * (-x * k / (1 + k))
			somg12, comg12 = math.Sincos(omg12a)
			comg12 = -comg12
			salp1 = cbet2 * somg12
			calp1 = sbet12a - cbet2*sbet1*somg12*somg12/(1-comg12)
		}
	}
	if !(salp1 <= 0) {
		salp1, calp1 = norm2(salp1, calp1)
	} else {
		salp1, calp1 = 1, 0
	}
	return
}

// astroid returns the positive root k of
// k⁴ + 2k³ − (x² + y² − 1)k² − 2y²k − y² = 0, Karney (2013) eq. (55).
func astroid(x, y float64) float64 {
	p, q := x*x, y*y
	r := (p + q - 1) / 6
	if q == 0 && r <= 0 {
		return 0
	}
	s := p * q / 4
	r2 := r * r
	r3 := r * r2
	disc := s * (s + 2*r3)
	u := r
	if disc >= 0 {
		t3 := s + r3
		if t3 < 0 {
			t3 -= math.Sqrt(disc)
		} else {
			t3 += math.Sqrt(disc)
		}
		t := math.Cbrt(t3)
		u += t
		if t != 0 {
			u += r2 / t
		}
	} else {
		ang := math.Atan2(math.Sqrt(-disc), -(s + r3))
		u += 2 * r * math.Cos(ang/3)
	}
	v := math.Sqrt(u*u + q)
	var uv float64
	if u < 0 {
		uv = q / (v - u)
	} else {
		uv = u + v
	}
	w := (uv - q) / (2 * v)
	return uv / (math.Sqrt(uv+w*w) + w)
}

// sincosd returns sin and cos of x degrees, exact at multiples of 90°.
func sincosd(x float64) (s, c float64) {
	r := math.Remainder(x, 360)
	q := math.Round(r / 90)
	r -= 90 * q
	s, c = math.Sincos(r * math.Pi / 180)
	switch int(q) & 3 {
	case 1:
		s, c = c, -s
	case 2:
		s, c = -s, -c
	case 3:
		s, c = -c, s
	}
	return s + 0, c + 0
}

// atan2d returns atan2(y, x) in degrees.
func atan2d(y, x float64) float64 { return math.Atan2(y, x) * 180 / math.Pi }

// angDiff returns lon2 − lon1 reduced to [−180, 180].
func angDiff(lon1, lon2 float64) float64 {
	d := math.Remainder(lon2-lon1, 360)
	if d == -180 {
		d = 180
	}
	return d
}

// angRound rounds tiny angles so that, e.g., 1e-300 does not underflow the
// trigonometry; it is exact for angles representable as multiples of 2⁻⁵⁷.
func angRound(x float64) float64 {
	const z = 1.0 / 16
	y := math.Abs(x)
	if y < z {
		y = z - (z - y)
	}
	return math.Copysign(y, x)
}

// norm2 scales (s, c) to unit length.
func norm2(s, c float64) (float64, float64) {
	h := math.Hypot(s, c)
	return s / h, c / h
}
