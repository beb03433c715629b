package osm

import (
	"fmt"

	"github.com/mapswitch/mapswitch/geo"
)

// DefaultMaxSnapDistance is how far, in metres, OSRM may move a point onto
// its road network before the answer is refused (WithMaxSnapDistance).
//
// A default osrm-routed snaps every point to the nearest road however far
// away it is, and answers 200 Ok: a point in the sea, in North Korea or in
// Japan, asked of a server holding South Korea only, gets a confident
// route from the nearest Korean coast or border road. Points people route
// from are close to a mapped road: a building entrance or a car park is
// within a few tens of metres, and the middle of a port, an airport apron
// or a campus with unmapped inner roads within a few hundred. Points off
// the server's map are kilometres away. 500 m keeps all of the first and
// refuses the second.
const DefaultMaxSnapDistance = 500.0

// WithMaxSnapDistance sets how far, in metres, OSRM may move a point onto
// its road network (default DefaultMaxSnapDistance). A route with a point
// moved farther is geo.ErrNotFound, so that the failover asks a provider
// that covers the place; a matrix point moved farther makes its row or
// column geo.ErrNotFound cells and the rest is answered. math.Inf(1) turns
// the check off. Servers too old to report snap distances are taken at
// their word.
func WithMaxSnapDistance(meters float64) Option {
	return func(c *Client) error {
		if !(meters > 0) {
			return fmt.Errorf("osm: max snap distance %v m must be positive", meters)
		}
		c.maxSnap = meters
		return nil
	}
}

// osrmWaypoint is a Waypoint object of a route or table answer. Distance is
// how far the server moved the input coordinate, in metres; nil when the
// server does not report it (old servers).
type osrmWaypoint struct {
	Distance *float64 `json:"distance"`
}

// snapped returns how far w was moved, 0 when not reported.
func (w osrmWaypoint) snapped() float64 {
	if w.Distance == nil {
		return 0
	}
	return *w.Distance
}

// tooFar returns a geo.ErrNotFound error when w was moved farther than the
// limit; what names the point ("origin", "Destinations[3]").
func (c *Client) tooFar(op geo.Op, status int, what string, w osrmWaypoint) error {
	d := w.snapped()
	if !(d > c.maxSnap) {
		return nil
	}
	return &geo.ProviderError{Provider: "osm", Op: op, StatusCode: status, Kind: geo.ErrNotFound,
		Message: what + " is " + howFar(d) + " from the nearest road the server knows"}
}

// howFar renders a distance for a message: metres below 10 km, else km.
func howFar(m float64) string {
	if m < 10000 {
		return fmt.Sprintf("%.0f m", m)
	}
	return fmt.Sprintf("%.0f km", m/1000)
}

// routeSnap checks every waypoint of a route answer against the limit and
// returns how far the first and last were moved. A server that reports a
// different number of waypoints than it was sent is checked point by
// point anyway, by position.
func (c *Client) routeSnap(status int, w osrmRoute, nWaypoints int) (from, to float64, err error) {
	wps := w.Waypoints
	for i, wp := range wps {
		what := fmt.Sprintf("point %d", i)
		switch {
		case len(wps) != nWaypoints+2:
		case i == 0:
			what = "origin"
		case i == len(wps)-1:
			what = "destination"
		default:
			what = fmt.Sprintf("waypoint %d of %d", i, nWaypoints)
		}
		if err := c.tooFar(geo.OpRoute, status, what, wp); err != nil {
			return 0, 0, err
		}
	}
	if len(wps) == 0 {
		return 0, 0, nil
	}
	return wps[0].snapped(), wps[len(wps)-1].snapped(), nil
}
