package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS84 ellipsoid and the quantities the geodesic solution derives from it.
const (
	wgs84A   = 6378137.0
	wgs84F   = 1 / 298.257223563
	wgs84F1  = 1 - wgs84F
	wgs84E2  = wgs84F * (2 - wgs84F)
	wgs84EP2 = wgs84E2 / (wgs84F1 * wgs84F1) // second eccentricity squared
	wgs84N   = wgs84F / (2 - wgs84F)         // third flattening
	wgs84B   = wgs84A * wgs84F1
)

// Tolerances of the inverse solution, in the roles Karney (2013) gives them.
var (
	tiny    = math.Sqrt(0x1p-1022)     // sqrt of the smallest normal float64
	tol0    = math.Nextafter(1, 2) - 1 // machine epsilon
	tol1    = 200 * tol0
	tol2    = math.Sqrt(tol0)
	tolb    = tol0 * tol2
	xthresh = 1000 * tol2
	etol2   = 0.1 * tol2 / math.Sqrt(math.Max(0.001, wgs84F)*math.Min(1, 1-wgs84F/2)/2)
)

const (
	maxNewton = 20                  // Newton steps before bisection is forced
	maxIter   = maxNewton + 53 + 10 // Newton + bisection, enough to exhaust float64
)

// Geodesic returns the length in metres of the shortest path between a and
// b ([lon, lat] degrees) on the WGS84 ellipsoid.
//
// It solves the inverse geodesic problem with the method of C. F. F. Karney,
// "Algorithms for geodesics", J. Geodesy 87, 43–55 (2013): series in the
// third flattening to sixth order, Newton's method on the starting azimuth
// with a bisection fallback, and an astroid starting guess for nearly
// antipodal points. It converges for every pair of points, including
// antipodal and meridional ones, agrees with GeographicLib to well under
// 0.1 mm (see geodesic_test.go) and does not allocate. Coordinates outside
// the valid range give NaN; validate input with ValidatePoint first.
func Geodesic(a, b orb.Point) float64 {
	s12, _, _ := GeodesicInverse(a, b)
	return s12
}

// GeodesicInverse returns the distance s12 in metres between a and b on the
// WGS84 ellipsoid, and the forward azimuths in degrees clockwise from north
// at a (azi1) and at b (azi2).
func GeodesicInverse(a, b orb.Point) (s12, azi1, azi2 float64) {
	lat1, lon1, lat2, lon2 := a[1], a[0], b[1], b[0]
	if math.Abs(lat1) > 90 || math.Abs(lat2) > 90 || math.IsNaN(lon1+lon2) || math.IsInf(lon1+lon2, 0) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	// Reduce to a canonical configuration: lon12 in [0, 180], |lat1| ≥
	// |lat2|, lat1 ≤ 0. The signs are restored on the azimuths at the end.
	lon12 := angDiff(lon1, lon2)
	lonsign := 1.0
	if lon12 < 0 {
		lonsign = -1
	}
	lon12 *= lonsign
	lat1, lat2 = angRound(lat1), angRound(lat2)
	swapp := 1.0
	if math.Abs(lat1) < math.Abs(lat2) {
		swapp = -1
		lat1, lat2 = lat2, lat1
	}
	latsign := -1.0
	if lat1 < 0 {
		latsign = 1
	}
	lat1 *= latsign
	lat2 *= latsign

	slam12, clam12 := sincosd(lon12)
	lam12 := lon12 * math.Pi / 180

	// Reduced latitudes β on the auxiliary sphere.
	sbet1, cbet1 := sincosd(lat1)
	sbet1 *= wgs84F1
	sbet1, cbet1 = norm2(sbet1, cbet1)
	cbet1 = math.Max(tiny, cbet1)
	sbet2, cbet2 := sincosd(lat2)
	sbet2 *= wgs84F1
	sbet2, cbet2 = norm2(sbet2, cbet2)
	cbet2 = math.Max(tiny, cbet2)
	// Make cbet1 == cbet2 exactly when |β1| == |β2| so that the symmetric
	// cases below are recognised despite rounding.
	if cbet1 < -sbet1 {
		if cbet2 == cbet1 {
			sbet2 = math.Copysign(sbet1, sbet2)
		}
	} else if math.Abs(sbet2) == -sbet1 {
		cbet2 = cbet1
	}
	dn1 := math.Sqrt(1 + wgs84EP2*sbet1*sbet1)
	dn2 := math.Sqrt(1 + wgs84EP2*sbet2*sbet2)

	var salp1, calp1, salp2, calp2, sig12 float64
	meridian := lat1 == -90 || slam12 == 0
	if meridian {
		// Along a meridian the geodesic is the meridian itself, unless it
		// is longer than half the meridian (then the path over the pole
		// is shorter and the general case handles it).
		calp1, salp1 = clam12, slam12
		calp2, salp2 = 1, 0
		ssig1, csig1 := sbet1, calp1*cbet1
		ssig2, csig2 := sbet2, calp2*cbet2
		sig12 = math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2), csig1*csig2+ssig1*ssig2)
		sb, mb := lengths(wgs84N, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
		if sig12 < 1 || mb >= 0 {
			if sig12 < 3*tiny {
				sb = 0
			}
			s12 = sb * wgs84B
		} else {
			meridian = false
		}
	}
	switch {
	case meridian:
	case sbet1 == 0 && 180-lon12 >= wgs84F*180:
		// Along the equator, short of the antipodal region.
		calp1, salp1, calp2, salp2 = 0, 1, 0, 1
		s12 = wgs84A * lam12
	default:
		var dnm float64
		sig12, salp1, calp1, salp2, calp2, dnm = inverseStart(sbet1, cbet1, sbet2, cbet2, lam12, slam12, clam12)
		if sig12 >= 0 {
			// Short line: the spherical solution with the mean radius is
			// already exact to rounding.
			s12 = sig12 * wgs84B * dnm
		} else {
			s12, salp1, calp1, salp2, calp2 = solveAzimuth(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12)
		}
	}
	s12 += 0 // turn -0 into +0

	// Undo the canonical reduction on the azimuths.
	if swapp < 0 {
		salp1, salp2 = salp2, salp1
		calp1, calp2 = calp2, calp1
	}
	salp1 *= swapp * lonsign
	calp1 *= swapp * latsign
	salp2 *= swapp * lonsign
	calp2 *= swapp * latsign
	return s12, atan2d(salp1, calp1), atan2d(salp2, calp2)
}

// solveAzimuth finds the starting azimuth α1 whose geodesic reaches the
// target longitude difference, by Newton's method on λ12(α1) kept inside a
// bracket that bisection narrows whenever a Newton step misbehaves.
func solveAzimuth(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12 float64) (s12, salp1o, calp1o, salp2, calp2 float64) {
	var sig12, ssig1, csig1, ssig2, csig2, eps float64
	tripn, tripb := false, false
	salp1a, calp1a := tiny, 1.0
	salp1b, calp1b := tiny, -1.0
	for it := 0; it < maxIter; it++ {
		var v, dv float64
		v, salp2, calp2, sig12, ssig1, csig1, ssig2, csig2, eps, dv =
			lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam12, clam12, it < maxNewton)
		tol := tol0
		if tripn {
			tol = 8 * tol0
		}
		if tripb || !(math.Abs(v) >= tol) || it == maxIter-1 {
			break
		}
		// Keep the bracket [a, b] around the root.
		if v > 0 && (it > maxNewton || calp1/salp1 > calp1b/salp1b) {
			salp1b, calp1b = salp1, calp1
		} else if v < 0 && (it > maxNewton || calp1/salp1 < calp1a/salp1a) {
			salp1a, calp1a = salp1, calp1
		}
		if it < maxNewton && dv > 0 {
			dalp1 := -v / dv
			if math.Abs(dalp1) < math.Pi {
				sd, cd := math.Sincos(dalp1)
				nsalp1 := salp1*cd + calp1*sd
				if nsalp1 > 0 {
					calp1 = calp1*cd - salp1*sd
					salp1, calp1 = norm2(nsalp1, calp1)
					tripn = math.Abs(v) <= 16*tol0
					continue
				}
			}
		}
		// Newton failed or left the bracket: bisect.
		salp1, calp1 = norm2((salp1a+salp1b)/2, (calp1a+calp1b)/2)
		tripn = false
		tripb = math.Abs(salp1a-salp1)+(calp1a-calp1) < tolb ||
			math.Abs(salp1-salp1b)+(calp1-calp1b) < tolb
	}
	sb, _ := lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
	return sb * wgs84B, salp1, calp1, salp2, calp2
}

// lambda12 follows the geodesic leaving point 1 at azimuth α1 to the
// latitude of point 2 and returns v, how far its longitude difference
// overshoots the target, with dv = dv/dα1 when diffp is set.
func lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam120, clam120 float64, diffp bool) (
	v, salp2, calp2, sig12, ssig1, csig1, ssig2, csig2, eps, dv float64) {
	if sbet1 == 0 && calp1 == 0 {
		calp1 = -tiny // break the degeneracy of equatorial lines
	}
	salp0 := salp1 * cbet1 // Clairaut's constant
	calp0 := math.Hypot(calp1, salp1*sbet1)

	ssig1 = sbet1
	somg1 := salp0 * sbet1
	csig1 = calp1 * cbet1
	comg1 := csig1
	ssig1, csig1 = norm2(ssig1, csig1)

	if cbet2 != cbet1 {
		salp2 = salp0 / cbet2
	} else {
		salp2 = salp1
	}
	if cbet2 != cbet1 || math.Abs(sbet2) != -sbet1 {
		var d float64
		if cbet1 < -sbet1 {
			d = (cbet2 - cbet1) * (cbet1 + cbet2)
		} else {
			d = (sbet1 - sbet2) * (sbet1 + sbet2)
		}
		calp2 = math.Sqrt(calp1*cbet1*calp1*cbet1+d) / cbet2
	} else {
		calp2 = math.Abs(calp1)
	}
	ssig2 = sbet2
	somg2 := salp0 * sbet2
	csig2 = calp2 * cbet2
	comg2 := csig2
	ssig2, csig2 = norm2(ssig2, csig2)

	sig12 = math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2), csig1*csig2+ssig1*ssig2)
	somg12 := math.Max(0, comg1*somg2-somg1*comg2)
	comg12 := comg1*comg2 + somg1*somg2
	// ω12 − λ12 target, computed as one angle to keep precision near π.
	eta := math.Atan2(somg12*clam120-comg12*slam120, comg12*clam120+somg12*slam120)

	k2 := calp0 * calp0 * wgs84EP2
	eps = k2 / (2*(1+math.Sqrt(1+k2)) + k2)
	c3 := c3Coeffs(eps)
	b312 := sinSeries(ssig2, csig2, c3[:]) - sinSeries(ssig1, csig1, c3[:])
	domg12 := -wgs84F * a3(eps) * salp0 * (sig12 + b312)
	v = eta + domg12

	if diffp {
		if calp2 == 0 {
			dv = -2 * wgs84F1 * dn1 / sbet1
		} else {
			_, mb := lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
			dv = mb * wgs84F1 / (calp2 * cbet2)
		}
	}
	return
}

// lengths returns the distance s12/b and reduced length m12/b along a
// geodesic with parameter eps spanning σ12 on the auxiliary sphere.
func lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2 float64) (s12b, m12b float64) {
	c1 := c1Coeffs(eps)
	c2 := c2Coeffs(eps)
	a1m1, a2m1 := a1m1(eps), a2m1(eps)
	a1, a2 := 1+a1m1, 1+a2m1
	b1 := sinSeries(ssig2, csig2, c1[:]) - sinSeries(ssig1, csig1, c1[:])
	b2 := sinSeries(ssig2, csig2, c2[:]) - sinSeries(ssig1, csig1, c2[:])
	s12b = a1 * (sig12 + b1)
	j12 := (a1m1-a2m1)*sig12 + (a1*b1 - a2*b2)
	m12b = dn2*(csig1*ssig2) - dn1*(ssig1*csig2) - csig1*csig2*j12
	return s12b, m12b
}
