package geo

// Series coefficients of Karney (2013) to sixth order in eps (the expansion
// parameter of each geodesic) for the WGS84 third flattening n. The A3 and
// C3 coefficients depend on n only through the ellipsoid and are evaluated
// in n here once per call; they are cheap next to the trigonometry.

// a1m1 returns A1 − 1, eq. (17): the scale from σ to s/b.
func a1m1(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(e2+4) + 64) / 256
	return (t + eps) / (1 - eps)
}

// c1Coeffs returns C1l, l = 1..6, eq. (18), at index l.
func c1Coeffs(eps float64) (c [7]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (-1.0/2 + e2*(3.0/16+e2*(-1.0/32)))
	d *= eps
	c[2] = d * (-1.0/16 + e2*(1.0/32+e2*(-9.0/2048)))
	d *= eps
	c[3] = d * (-1.0/48 + e2*(3.0/256))
	d *= eps
	c[4] = d * (-5.0/512 + e2*(3.0/512))
	d *= eps
	c[5] = d * (-7.0 / 1280)
	d *= eps
	c[6] = d * (-7.0 / 2048)
	return c
}

// a2m1 returns A2 − 1, eq. (42): used for the reduced length, which only
// steers Newton's method.
func a2m1(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(-11*e2-28) - 192) / 256
	return (t - eps) / (1 + eps)
}

// c2Coeffs returns C2l, l = 1..6, eq. (43), at index l.
func c2Coeffs(eps float64) (c [7]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (1.0/2 + e2*(1.0/16+e2*(1.0/32)))
	d *= eps
	c[2] = d * (3.0/16 + e2*(1.0/32+e2*(35.0/2048)))
	d *= eps
	c[3] = d * (5.0/48 + e2*(5.0/256))
	d *= eps
	c[4] = d * (35.0/512 + e2*(7.0/512))
	d *= eps
	c[5] = d * (63.0 / 1280)
	d *= eps
	c[6] = d * (77.0 / 2048)
	return c
}

// a3 returns A3, eq. (24): the scale of the longitude correction.
func a3(eps float64) float64 {
	const n = wgs84N
	return 1 + eps*(-(1.0/2-n/2)+
		eps*(-(1.0/4+n/8-3*n*n/8)+
			eps*(-(1.0/16+3*n/16+n*n/16)+
				eps*(-(3.0/64+n/32)+
					eps*(-3.0/128)))))
}

// c3Coeffs returns C3l, l = 1..5, eq. (25), at index l (index 6 is zero).
func c3Coeffs(eps float64) (c [7]float64) {
	const n = wgs84N
	e2, e3, e4, e5 := eps*eps, eps*eps*eps, eps*eps*eps*eps, eps*eps*eps*eps*eps
	c[1] = (1.0/4-n/4)*eps + (1.0/8-n*n/8)*e2 + (3.0/64+3*n/64-n*n/64)*e3 + (5.0/128+n/64)*e4 + (3.0/128)*e5
	c[2] = (1.0/16-3*n/32+n*n/32)*e2 + (3.0/64-n/32-3*n*n/64)*e3 + (3.0/128+n/128)*e4 + (5.0/256)*e5
	c[3] = (5.0/192-3*n/64+5*n*n/192)*e3 + (3.0/128-5*n/192)*e4 + (7.0/512)*e5
	c[4] = (7.0/512-7*n/256)*e4 + (7.0/512)*e5
	c[5] = (21.0 / 2560) * e5
	return c
}

// sinSeries returns Σ c[l] sin(2lσ), l ≥ 1, from sin σ and cos σ, by
// Clenshaw summation.
func sinSeries(ssig, csig float64, c []float64) float64 {
	ar := 2 * (csig - ssig) * (csig + ssig) // 2 cos 2σ
	var b1, b2 float64
	for l := len(c) - 1; l >= 1; l-- {
		b1, b2 = c[l]+ar*b1-b2, b1
	}
	return b1 * 2 * ssig * csig // × sin 2σ
}
