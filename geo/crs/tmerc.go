package crs

import "math"

// ellipsoid holds the constants the projections need.
type ellipsoid struct {
	a, f       float64
	b          float64 // semi-minor axis
	e2, e      float64
	ep2        float64 // second eccentricity squared, (a² − b²)/b²
	n          float64
	bigA       float64           // rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256)
	alpha      [7]float64        // Krüger forward series, index 1..6
	chiU, chiV [chiTerms]float64 // conformal latitude series in sin² φ (conformal.go)
	beta       [7]float64        // Krüger inverse series, index 1..6
}

func newEllipsoid(a, invf float64) ellipsoid {
	f := 1 / invf
	n := f / (2 - f)
	n2 := n * n
	n3, n4, n5, n6 := n2*n, n2*n2, n2*n2*n, n2*n2*n2
	el := ellipsoid{a: a, f: f, e2: f * (2 - f), n: n}
	el.e = math.Sqrt(el.e2)
	el.b = a * (1 - f)
	el.ep2 = el.e2 / (1 - el.e2)
	el.chiU, el.chiV = chiSeries(el.e)
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
	k0A        float64 // k0 times the rectifying radius
	xi0        float64 // ξ of the origin latitude on the central meridian, precomputed
	sl0, cl0   float64 // sin and cos of lon0, to turn geocentric longitudes
}

func newTM(el *ellipsoid, lat0, lon0, k0, fe, fn float64) tmParams {
	p := tmParams{lat0: lat0, lon0: lon0, k0: k0, fe: fe, fn: fn, k0A: k0 * el.bigA}
	sphi, cphi := sincosDeg(lat0)
	p.xi0, _ = el.xiEta(sphi, cphi, 0, 1, lat0)
	p.sl0, p.cl0 = sincosDeg(lon0)
	return p
}

// tauPrime returns tan of the conformal latitude for τ = tan φ.
func (el *ellipsoid) tauPrime(tau float64) float64 {
	tau1 := math.Hypot(1, tau)
	sig := math.Sinh(el.e * math.Atanh(el.e*tau/tau1))
	return tau*math.Hypot(1, sig) - sig*tau1
}

// xiEta maps a latitude φ and a longitude λ from the central meridian, given
// by their sines and cosines, to the Gauss–Krüger ξ, η (Karney 2011).
// Taking sines and cosines lets a datum shift hand over its geocentric
// result without a round trip through angles.
// hint is the latitude in degrees, or roughly so: ξ′ lies within a
// degree of it near the central meridian, which spares a division.
func (el *ellipsoid) xiEta(sphi, cphi, slam, clam, hint float64) (xi, eta float64) {
	// Conformal latitude (conformal.go), the two series by Estrin's scheme.
	z := sphi * sphi
	z2 := z * z
	z4 := z2 * z2
	u, v := &el.chiU, &el.chiV
	pu := ((u[0] + u[1]*z) + z2*(u[2]+u[3]*z)) + z4*(((u[4]+u[5]*z)+z2*(u[6]+u[7]*z))+z4*(u[8]+u[9]*z))
	pv := ((v[0] + v[1]*z) + z2*(v[2]+v[3]*z)) + z4*(((v[4]+v[5]*z)+z2*(v[6]+v[7]*z))+z4*(v[8]+v[9]*z))
	sChi, cChi := sphi-cphi*cphi*sphi*pu, cphi+cphi*pv
	// On the sphere: tan ξ′ = tan χ / cos λ and tanh η′ = cos χ · sin λ.
	b := cChi * slam
	cx := cChi * clam
	var xiP, etaP float64
	if d := math.Floor(hint + 0.5); d >= -180 && d <= 180 {
		i := int(d) + 180
		s, c := sinDeg[i], cosDeg[i]
		num, den := sChi*c-cx*s, cx*c+sChi*s
		if w := num / den; den > 0 && w >= -0.02 && w <= 0.02 {
			xiP = d*(math.Pi/180) + atanSmall(w)
		} else {
			xiP = fastAtan2(sChi, cx)
		}
	} else {
		xiP = fastAtan2(sChi, cx)
	}
	if a := math.Abs(b); a < 0.75 {
		j := int(a*64 + 0.5)
		c := float64(j) * (1.0 / 64)
		w := (a - c) / (1 - a*c)
		w2 := w * w
		r := atanhTab[j] + (w + w*w2*(1.0/3+w2*(1.0/5+w2*(1.0/7+w2*(1.0/9+w2*(1.0/11))))))
		etaP = math.Copysign(r, b)
	} else {
		etaP = fastAtanh(b)
	}
	// The double angles follow algebraically, with r² = 1 − tanh² η′.
	ir := 1 / (sChi*sChi + cx*cx)
	s1, c1, sh1, ch1 := 2*sChi*cx*ir, (cx*cx-sChi*sChi)*ir, 2*b*ir, (1+b*b)*ir
	s2, c2 := 2*s1*c1, (c1-s1)*(c1+s1)
	h2, k2 := 2*sh1*ch1, ch1*ch1+sh1*sh1 // sinh, cosh 4η
	s3, c3 := s2*c1+c2*s1, c2*c1-s2*s1
	h3, k3 := h2*ch1+k2*sh1, k2*ch1+h2*sh1
	s4, c4 := 2*s2*c2, (c2-s2)*(c2+s2)
	h4, k4 := 2*h2*k2, k2*k2+h2*h2
	s5, c5 := s4*c1+c4*s1, c4*c1-s4*s1
	h5, k5 := h4*ch1+k4*sh1, k4*ch1+h4*sh1
	s6, c6 := 2*s3*c3, (c3-s3)*(c3+s3)
	h6, k6 := 2*h3*k3, k3*k3+h3*h3
	al := &el.alpha
	dxi := (al[1]*s1*ch1 + al[2]*s2*k2) + (al[3]*s3*k3 + al[4]*s4*k4) + (al[5]*s5*k5 + al[6]*s6*k6)
	deta := (al[1]*c1*sh1 + al[2]*c2*h2) + (al[3]*c3*h3 + al[4]*c4*h4) + (al[5]*c5*h5 + al[6]*c6*h6)
	return xiP + dxi, etaP + deta
}

// series returns ζ + sign·Σ c[j]·sin(2jζ) for ζ = ξ + iη, by Clenshaw.
func (el *ellipsoid) series(c *[7]float64, xi, eta, sign float64) (float64, float64) {
	s2, c2 := math.Sincos(2 * xi)
	e2 := math.Exp(2 * eta)
	return el.sum(c, xi, eta, s2, c2, (e2-1/e2)/2, (e2+1/e2)/2, sign)
}

// sum is series given sin 2ξ, cos 2ξ, sinh 2η and cosh 2η, using
// sin 2jζ = sin 2jξ·cosh 2jη + i·cos 2jξ·sinh 2jη. The multiple angles come
// from the double ones by products only, in three rounds rather than the
// six dependent steps of Clenshaw's recurrence: the chain of dependent
// multiplications, not their number, sets the projection's speed.
func (el *ellipsoid) sum(c *[7]float64, xi, eta, s1, c1, sh1, ch1, sign float64) (float64, float64) {
	s2, c2 := 2*s1*c1, (c1-s1)*(c1+s1)
	h2, k2 := 2*sh1*ch1, ch1*ch1+sh1*sh1 // sinh, cosh 4η
	s3, c3 := s2*c1+c2*s1, c2*c1-s2*s1
	h3, k3 := h2*ch1+k2*sh1, k2*ch1+h2*sh1
	s4, c4 := 2*s2*c2, (c2-s2)*(c2+s2)
	h4, k4 := 2*h2*k2, k2*k2+h2*h2
	s5, c5 := s4*c1+c4*s1, c4*c1-s4*s1
	h5, k5 := h4*ch1+k4*sh1, k4*ch1+h4*sh1
	s6, c6 := 2*s3*c3, (c3-s3)*(c3+s3)
	h6, k6 := 2*h3*k3, k3*k3+h3*h3
	dxi := (c[1]*s1*ch1 + c[2]*s2*k2) + (c[3]*s3*k3 + c[4]*s4*k4) + (c[5]*s5*k5 + c[6]*s6*k6)
	deta := (c[1]*c1*sh1 + c[2]*c2*h2) + (c[3]*c3*h3 + c[4]*c4*h4) + (c[5]*c5*h5 + c[6]*c6*h6)
	return xi + sign*dxi, eta + sign*deta
}

// forward projects geographic degrees to easting, northing.
func (p *tmParams) forward(el *ellipsoid, lon, lat float64) (x, y float64) {
	sphi, cphi := sincosDeg(lat)
	slam, clam := sincosDeg(lon - p.lon0)
	return p.project(el, sphi, cphi, slam, clam, lat)
}

// forwardSC projects a point given the sines and cosines of its latitude
// and of its longitude from Greenwich, and its rough latitude in degrees.
func (p *tmParams) forwardSC(el *ellipsoid, sphi, cphi, slon, clon, hint float64) (x, y float64) {
	return p.project(el, sphi, cphi, slon*p.cl0-clon*p.sl0, clon*p.cl0+slon*p.sl0, hint)
}

func (p *tmParams) project(el *ellipsoid, sphi, cphi, slam, clam, hint float64) (x, y float64) {
	xi, eta := el.xiEta(sphi, cphi, slam, clam, hint)
	return p.fe + p.k0A*eta, p.fn + p.k0A*(xi-p.xi0)
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
