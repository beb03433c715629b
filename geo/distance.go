package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// MeanEarthRadius is the IUGG mean radius R1 = (2a + b) / 3 of the WGS84
// ellipsoid, in metres: the sphere that minimises Haversine's average error.
const MeanEarthRadius = 6371008.8

// Haversine returns the great-circle distance in metres between a and b
// ([lon, lat] degrees) on a sphere of radius MeanEarthRadius. It is fast and
// allocation-free; over Korea it differs from the ellipsoidal Geodesic by up
// to about 0.3%. Use Geodesic where that matters (fees, billing).
func Haversine(a, b orb.Point) float64 {
	const rad = math.Pi / 180
	lat1, lat2 := a[1]*rad, b[1]*rad
	dLat := lat2 - lat1
	dLon := (b[0] - a[0]) * rad
	s1 := math.Sin(dLat / 2)
	s2 := math.Sin(dLon / 2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	if h > 1 {
		h = 1
	}
	return 2 * MeanEarthRadius * math.Asin(math.Sqrt(h))
}
