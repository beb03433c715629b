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
// Bessel datum to WGS84: X' = T + (1+s)·R·(X − P) + P.
type helmert struct {
	t     [3]float64
	r     [3][3]float64 // rotation applied to (X − P)
	rinv  [3][3]float64 // its exact inverse
	scale float64       // 1 + s
	pivot [3]float64
}

const arcsec = math.Pi / 180 / 3600

// newHelmert builds a position-vector (PV) or coordinate-frame (CF) shift.
func newHelmert(tx, ty, tz, rx, ry, rz, ppm float64, coordinateFrame bool, pivot [3]float64) *helmert {
	rx, ry, rz = rx*arcsec, ry*arcsec, rz*arcsec
	if coordinateFrame { // the same rotation, opposite sign convention
		rx, ry, rz = -rx, -ry, -rz
	}
	h := &helmert{t: [3]float64{tx, ty, tz}, scale: 1 + ppm*1e-6, pivot: pivot,
		r: [3][3]float64{{1, -rz, ry}, {rz, 1, -rx}, {-ry, rx, 1}}}
	h.rinv = invert3(h.r)
	return h
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

func mul3(m *[3][3]float64, v [3]float64) [3]float64 {
	return [3]float64{
		m[0][0]*v[0] + m[0][1]*v[1] + m[0][2]*v[2],
		m[1][0]*v[0] + m[1][1]*v[1] + m[1][2]*v[2],
		m[2][0]*v[0] + m[2][1]*v[1] + m[2][2]*v[2],
	}
}

// toWGS84 shifts geocentric Bessel coordinates to WGS84.
func (h *helmert) toWGS84(x [3]float64) [3]float64 {
	d := [3]float64{x[0] - h.pivot[0], x[1] - h.pivot[1], x[2] - h.pivot[2]}
	r := mul3(&h.r, d)
	for i := range r {
		r[i] = h.t[i] + h.scale*r[i] + h.pivot[i]
	}
	return r
}

// fromWGS84 is the exact inverse of toWGS84.
func (h *helmert) fromWGS84(x [3]float64) [3]float64 {
	d := [3]float64{(x[0] - h.t[0] - h.pivot[0]) / h.scale, (x[1] - h.t[1] - h.pivot[1]) / h.scale, (x[2] - h.t[2] - h.pivot[2]) / h.scale}
	r := mul3(&h.rinv, d)
	for i := range r {
		r[i] += h.pivot[i]
	}
	return r
}

// The shifts, built once; they are never modified.
var shifts = [...]*helmert{
	Datum7P:          newHelmert(-115.80, 474.99, 674.11, 1.16, -2.31, -1.63, 6.43, false, [3]float64{}),
	Datum3P:          newHelmert(-146.43, 507.89, 681.46, 0, 0, 0, 0, false, [3]float64{}),
	DatumMB:          newHelmert(-145.907, 505.034, 685.756, -1.162, 2.347, 1.592, 6.342, true, [3]float64{-3159521.31, 4068151.32, 3748113.85}),
	DatumKakaoLegacy: newHelmert(-115.80, 474.99, 674.11, 1.16, -2.31, -1.63, 0, false, [3]float64{}),
}

// geodeticToECEF converts degrees (height 0) to geocentric metres.
func (el *ellipsoid) geodeticToECEF(lon, lat float64) [3]float64 {
	sp, cp := math.Sincos(lat * math.Pi / 180)
	sl, cl := math.Sincos(lon * math.Pi / 180)
	n := el.a / math.Sqrt(1-el.e2*sp*sp)
	return [3]float64{n * cp * cl, n * cp * sl, n * (1 - el.e2) * sp}
}

// ecefToGeodetic converts geocentric metres to degrees, dropping the height.
// Bowring's (1976) closed form: one step is accurate to well under a
// micrometre for points within a few kilometres of the ellipsoid, which is
// all a datum shift at height 0 produces.
func (el *ellipsoid) ecefToGeodetic(x [3]float64) (lon, lat float64) {
	b := el.a * (1 - el.f)
	ep2 := (el.a*el.a - b*b) / (b * b)
	p := math.Hypot(x[0], x[1])
	st, ct := math.Sincos(math.Atan2(x[2]*el.a, p*b))
	phi := math.Atan2(x[2]+ep2*b*st*st*st, p-el.e2*el.a*ct*ct*ct)
	return math.Atan2(x[1], x[0]) * 180 / math.Pi, phi * 180 / math.Pi
}
