package sim

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// Near returns n points drawn uniformly from a box of about ±radius metres
// around center: the orders and couriers of one district, for matrices and
// routes that stay within one city (every pair within Kakao's 10 km 1→N
// radius when radius is a few kilometres).
func Near(rng *rand.Rand, center orb.Point, radius float64, n int) []orb.Point {
	const metresPerDegree = 111_320.0
	dLat := radius / metresPerDegree
	dLon := dLat / math.Cos(center[1]*math.Pi/180)
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{center[0] + (2*rng.Float64()-1)*dLon, center[1] + (2*rng.Float64()-1)*dLat}
	}
	return pts
}
