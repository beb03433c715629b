package sim

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// Detour and speed of simulated routes: road distance is the geodesic
// distance times detourFactor, driven at speedKMH on average.
const (
	detourFactor = 1.3
	speedKMH     = 35.0
)

// simRoute is a synthetic route through pts.
type simRoute struct {
	line     orb.LineString
	legs     []simLeg
	distance float64 // metres
	duration time.Duration
}

type simLeg struct {
	distance float64
	duration time.Duration
	line     orb.LineString
}

// plan builds a plausible route: each leg bends through a few intermediate
// points offset sideways by a deterministic amount, so lines look like
// roads rather than rulers and the same request always gets the same route.
func plan(pts []orb.Point) simRoute {
	var r simRoute
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		d := geo.Geodesic(a, b) * detourFactor
		leg := simLeg{distance: d, duration: time.Duration(d / (speedKMH / 3.6) * float64(time.Second))}
		const n = 6
		dx, dy := b[0]-a[0], b[1]-a[1]
		for k := 0; k <= n; k++ {
			t := float64(k) / n
			off := 0.04 * math.Sin(t*math.Pi) * math.Sin(a[0]*7+b[1]*3) // bend up to 4% of the leg
			p := orb.Point{a[0] + dx*t - dy*off, a[1] + dy*t + dx*off}
			leg.line = append(leg.line, p)
			if k > 0 || len(r.line) == 0 {
				r.line = append(r.line, p)
			}
		}
		r.legs = append(r.legs, leg)
		r.distance += leg.distance
		r.duration += leg.duration
	}
	return r
}

// tooClose reports whether a and b are within 5 m: "the same place" to the
// Korean routers.
func tooClose(a, b orb.Point) bool { return geo.Haversine(a, b) < 5 }
