package crs

import "math"

// ellipsoid holds the constants the projections need.
type ellipsoid struct {
	a          float64
	b          float64 // semi-minor axis
	e2, e      float64
	ep2        float64           // second eccentricity squared, (a² − b²)/b²
	ep2b, e2a  float64           // ep2·b and e2·a, for Bowring's formula
	bigA       float64           // rectifying radius A = a/(1+n)·(1 + n²/4 + n⁴/64 + n⁶/256)
	alpha      [7]float64        // Krüger forward series, index 1..6
	chiU, chiV [chiTerms]float64 // conformal latitude series in sin² φ (conformal.go)
	beta       [7]float64        // Krüger inverse series, index 1..6
	alphaP     [6]float64        // alpha as a polynomial in cos 2ζ (kruger.go)
	betaP      [6]float64        // beta likewise
	gammaP     [6]float64        // φ − χ as Σ γ_k·sin 2kχ, as a polynomial in cos 2χ
}

func newEllipsoid(a, invf float64) ellipsoid {
	f := 1 / invf
	n := f / (2 - f)
	n2 := n * n
	n3, n4, n5, n6 := n2*n, n2*n2, n2*n2*n, n2*n2*n2
	el := ellipsoid{a: a, e2: f * (2 - f)}
	el.e = math.Sqrt(el.e2)
	el.b = a * (1 - f)
	el.ep2 = el.e2 / (1 - el.e2)
	el.ep2b, el.e2a = el.ep2*el.b, el.e2*a
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
	// Conformal to geodetic latitude, φ = χ + Σ γ_k·sin 2kχ, from the same
	// paper, to sixth order in n; checked by the inverse against cs2cs.
	gamma := [7]float64{0,
		2*n - 2*n2/3 - 2*n3 + 116*n4/45 + 26*n5/45 - 2854*n6/675,
		7*n2/3 - 8*n3/5 - 227*n4/45 + 2704*n5/315 + 2323*n6/945,
		56*n3/15 - 136*n4/35 - 1262*n5/105 + 73814*n6/2835,
		4279*n4/630 - 332*n5/35 - 399572*n6/14175,
		4174*n5/315 - 144838*n6/6237,
		601676 * n6 / 22275,
	}
	el.alphaP, el.betaP, el.gammaP = krugerPoly(&el.alpha), krugerPoly(&el.beta), krugerPoly(&gamma)
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
	lon0      float64 // degrees
	fe, fn    float64
	k0A, ik0A float64 // k0 times the rectifying radius, and its inverse
	xi0       float64 // ξ of the origin latitude on the central meridian, precomputed
	sl0, cl0  float64 // sin and cos of lon0, to turn geocentric longitudes
}

func newTM(el *ellipsoid, lat0, lon0, k0, fe, fn float64) tmParams {
	p := tmParams{lon0: lon0, fe: fe, fn: fn, k0A: k0 * el.bigA, ik0A: 1 / (k0 * el.bigA)}
	sphi, cphi := sincosDeg(lat0)
	p.xi0, _ = el.xiEta(sphi, cphi, 0, 1, lat0)
	p.sl0, p.cl0 = sincosDeg(lon0)
	return p
}

// xiEta maps a latitude φ and a longitude λ from the central meridian, given
// by their sines and cosines, to the Gauss–Krüger ξ, η (Karney 2011).
// Taking sines and cosines lets a datum shift hand over its geocentric
// result without a round trip through angles.
// hint is the latitude in degrees, or roughly so: ξ′ lies within a
// degree of it near the central meridian, which spares a division.
func (el *ellipsoid) xiEta(sphi, cphi, slam, clam, hint float64) (xi, eta float64) {
	sChi, cChi := el.sinCosChi(sphi, cphi)
	// On the sphere: tan ξ′ = tan χ / cos λ and tanh η′ = cos χ · sin λ.
	b := cChi * slam
	cx := cChi * clam
	xiP := atan2Near(sChi, cx, hint)
	etaP := fastAtanh(b)
	// sin and cos of Z = 2ξ′ + 2iη′ follow algebraically: with
	// r² = sin² χ + cos² χ·cos² λ = 1 − tanh² η′,
	// sin 2ξ′ = 2·sin χ·cx/r², cos 2ξ′ = (cx² − sin² χ)/r²,
	// sinh 2η′ = 2b/r², cosh 2η′ = (1 + b²)/r².
	ss, cc := sChi*sChi, cx*cx
	r2 := ss + cc
	ir2 := 1 / (r2 * r2)
	dc, sc2, bb := cc-ss, 2*sChi*cx, 1+b*b
	sr, si := sc2*bb*ir2, 2*b*dc*ir2  // sin Z
	wr, wi := dc*bb*ir2, -2*b*sc2*ir2 // cos Z
	dxi, deta := kruger(&el.alphaP, sr, si, wr, wi)
	return xiP + dxi, etaP + deta
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
