package crs

import "math"

// Datum selects how Bessel-based coordinates are shifted to WGS84.
type Datum int

// Datum shifts for the Korean 1985 / Tokyo datum on the Bessel ellipsoid.
const (
	// Datum7P is the NGII 7-parameter Helmert shift (position vector):
	// -115.80, 474.99, 674.11 m, 1.16″, −2.31″, −1.63″, 6.43 ppm. The most
	// common value in public code; the legacy Daum/Kakao converter uses the
	// same numbers. Default for Kakao's TM, KTM, CONGNAMUL, BESSEL and UTM.
	Datum7P Datum = iota
	// Datum3P is the "Korean official" 3-parameter shift −146.43, 507.89,
	// 681.46 m used by the GeoTrans family of converters.
	Datum3P
	// DatumMB is EPSG:5191, "Korean 1985 to WGS 84 (1)": a
	// Molodensky–Badekas shift that PROJ uses for EPSG:5174 and EPSG:2097.
	// Default for those two codes.
	DatumMB
	// DatumKakaoLegacy is the 7P shift with the scale dropped, which matches
	// the legacy Daum/Kakao JavaScript converter to about 5 mm.
	DatumKakaoLegacy
)

// helmert is a similarity transform of geocentric coordinates from the
// Bessel datum to WGS84: X' = T + (1+s)·R·(X − P) + P, with R the
// small-angle rotation matrix and P the pivot (zero but for
// Molodensky–Badekas). Both directions are kept as affine maps X' = M·X + O
// built once, so a shift costs nine multiplications; the inverse is the
// exact inverse matrix, not the usual transposed approximation.
type helmert struct {
	fwd, inv affine
}

type affine struct {
	m [3][3]float64
	o [3]float64
}

func (a *affine) apply(v [3]float64) [3]float64 {
	return [3]float64{
		a.m[0][0]*v[0] + a.m[0][1]*v[1] + a.m[0][2]*v[2] + a.o[0],
		a.m[1][0]*v[0] + a.m[1][1]*v[1] + a.m[1][2]*v[2] + a.o[1],
		a.m[2][0]*v[0] + a.m[2][1]*v[1] + a.m[2][2]*v[2] + a.o[2],
	}
}

const arcsec = math.Pi / 180 / 3600

// newHelmert builds a position-vector (PV) or coordinate-frame (CF) shift.
func newHelmert(tx, ty, tz, rx, ry, rz, ppm float64, coordinateFrame bool, pivot [3]float64) *helmert {
	rx, ry, rz = rx*arcsec, ry*arcsec, rz*arcsec
	if coordinateFrame { // the same rotation, opposite sign convention
		rx, ry, rz = -rx, -ry, -rz
	}
	s := ppm * 1e-6
	t := [3]float64{tx, ty, tz}
	// d = (1+s)·R − I, formed without cancellation, so that the
	// forward offset T − d·P keeps its precision when P is large.
	d := [3][3]float64{{s, -(1 + s) * rz, (1 + s) * ry}, {(1 + s) * rz, s, -(1 + s) * rx}, {-(1 + s) * ry, (1 + s) * rx, s}}
	var h helmert
	for i := range 3 {
		h.fwd.o[i] = t[i]
		for j := range 3 {
			h.fwd.m[i][j] = d[i][j]
			if i == j {
				h.fwd.m[i][j]++
			}
			h.fwd.o[i] -= d[i][j] * pivot[j]
		}
	}
	// X = M⁻¹·(X' − O), written as M⁻¹·X' + (−M⁻¹·O).
	h.inv.m = invert3(h.fwd.m)
	for i := range 3 {
		for j := range 3 {
			h.inv.o[i] -= h.inv.m[i][j] * h.fwd.o[j]
		}
	}
	return &h
}

func invert3(m [3][3]float64) [3][3]float64 {
	det := m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) - m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) + m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	var inv [3][3]float64
	inv[0][0] = (m[1][1]*m[2][2] - m[1][2]*m[2][1]) / det
	inv[0][1] = (m[0][2]*m[2][1] - m[0][1]*m[2][2]) / det
	inv[0][2] = (m[0][1]*m[1][2] - m[0][2]*m[1][1]) / det
	inv[1][0] = (m[1][2]*m[2][0] - m[1][0]*m[2][2]) / det
	inv[1][1] = (m[0][0]*m[2][2] - m[0][2]*m[2][0]) / det
	inv[1][2] = (m[0][2]*m[1][0] - m[0][0]*m[1][2]) / det
	inv[2][0] = (m[1][0]*m[2][1] - m[1][1]*m[2][0]) / det
	inv[2][1] = (m[0][1]*m[2][0] - m[0][0]*m[2][1]) / det
	inv[2][2] = (m[0][0]*m[1][1] - m[0][1]*m[1][0]) / det
	return inv
}

// toWGS84 shifts geocentric Bessel coordinates to WGS84.
func (h *helmert) toWGS84(x [3]float64) [3]float64 { return h.fwd.apply(x) }

// fromWGS84 is the exact inverse of toWGS84.
func (h *helmert) fromWGS84(x [3]float64) [3]float64 { return h.inv.apply(x) }

// The shifts, built once; they are never modified.
var shifts = [...]*helmert{
	Datum7P:          newHelmert(-115.80, 474.99, 674.11, 1.16, -2.31, -1.63, 6.43, false, [3]float64{}),
	Datum3P:          newHelmert(-146.43, 507.89, 681.46, 0, 0, 0, 0, false, [3]float64{}),
	DatumMB:          newHelmert(-145.907, 505.034, 685.756, -1.162, 2.347, 1.592, 6.342, true, [3]float64{-3159521.31, 4068151.32, 3748113.85}),
	DatumKakaoLegacy: newHelmert(-115.80, 474.99, 674.11, 1.16, -2.31, -1.63, 0, false, [3]float64{}),
}

// geodeticToECEF converts degrees (height 0) to geocentric metres.
func (el *ellipsoid) geodeticToECEF(lon, lat float64) [3]float64 {
	sp, cp := sincosDeg(lat)
	sl, cl := sincosDeg(lon)
	n := el.a / math.Sqrt(1-el.e2*sp*sp)
	return [3]float64{n * cp * cl, n * cp * sl, n * (1 - el.e2) * sp}
}

// ecefToGeodetic converts geocentric metres to degrees, dropping the height.
func (el *ellipsoid) ecefToGeodetic(v [3]float64) (lon, lat float64) {
	num, den, _ := el.bowring(v)
	return fastAtan2(v[1], v[0]) * (180 / math.Pi), fastAtan2(num, den) * (180 / math.Pi)
}

// ecefToSC converts geocentric metres to the sines and cosines of latitude
// and longitude, which is all a projection needs: no angle is formed.
func (el *ellipsoid) ecefToSC(v [3]float64) (sphi, cphi, slon, clon float64) {
	num, den, p := el.bowring(v)
	g := 1 / math.Sqrt(num*num+den*den)
	sphi, cphi = num*g, den*g
	if p > 0 {
		ip := 1 / p
		return sphi, cphi, v[1] * ip, v[0] * ip
	}
	return sphi, cphi, 0, 1 // a pole: any longitude
}

// bowring returns a multiple of (sin φ, cos φ) for geocentric metres, by
// Bowring's (1976) closed form, and the distance p from the axis. One step
// is accurate to well under a micrometre for points within a few
// kilometres of the ellipsoid, which is all a datum shift at height 0
// produces. The parametric latitude θ, with tan θ = z·a / (p·b), enters
// through sin³ θ and cos³ θ; both are scaled by r³ = (z²a² + p²b²)^(3/2),
// which leaves the ratio unchanged and spares a division.
func (el *ellipsoid) bowring(v [3]float64) (num, den, p float64) {
	p = math.Sqrt(v[0]*v[0] + v[1]*v[1])
	pb, za := p*el.b, v[2]*el.a
	r2 := pb*pb + za*za
	r3 := r2 * math.Sqrt(r2)
	if r3 == 0 { // the centre of the earth
		return v[2], p, p
	}
	return v[2]*r3 + el.ep2b*za*za*za, p*r3 - el.e2a*pb*pb*pb, p
}
