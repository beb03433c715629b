package naver

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
)

// maxDirections5Waypoints is the most waypoints Directions 5 takes; more go
// to Directions 15.
const maxDirections5Waypoints = 5

// Route implements geo.Router with Directions 5 (GET
// /map-direction/v1/driving) for up to 5 waypoints and Directions 15 (GET
// /map-direction-15/v1/driving) for up to 15. Priority maps to the option:
// recommended → traoptimal, time → trafast, distance → tracomfort (NAVER has
// no shortest-distance option; "comfortable" favours major roads);
// AvoidTolls → traavoidtoll. DepartAt is not supported and ignored: NAVER
// routes on current traffic.
func (c *Client) Route(ctx context.Context, req geo.RouteRequest) (r *geo.Route, err error) {
	defer func() { r, err = named.Route(c.b.Name(), r, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return c.route(ctx, geo.OpRoute, req)
}

func (c *Client) route(ctx context.Context, op geo.Op, req geo.RouteRequest) (*geo.Route, error) {
	if len(req.Waypoints) > 15 {
		return nil, &geo.RequestError{Field: "Waypoints", Reason: "NAVER Directions 15 takes at most 15 waypoints"}
	}
	option := map[geo.Priority]string{geo.PriorityRecommended: "traoptimal", geo.PriorityTime: "trafast", geo.PriorityDistance: "tracomfort"}[req.Priority]
	if req.AvoidTolls {
		option = "traavoidtoll"
	}
	q := url.Values{"start": {lonlat(req.Origin)}, "goal": {lonlat(req.Destination)}, "option": {option}}
	path := "/map-direction/v1/driving"
	if len(req.Waypoints) > 0 {
		wps := make([]string, len(req.Waypoints))
		for i, w := range req.Waypoints {
			wps[i] = lonlat(w)
		}
		q.Set("waypoints", strings.Join(wps, "|"))
		if len(req.Waypoints) > maxDirections5Waypoints {
			path = "/map-direction-15/v1/driving"
		}
	}
	var d directionsResp
	if err := c.get(ctx, op, apiDirections, path, q, &d); err != nil {
		return nil, err
	}
	return d.route(op, option, len(req.Waypoints))
}

// route converts a Directions answer for a request with the given option
// and number of waypoints.
func (d *directionsResp) route(op geo.Op, option string, waypoints int) (*geo.Route, error) {
	if d.Code != 0 {
		return nil, routeError(op, d.Code, d.Message)
	}
	rts := d.Route[option]
	if len(rts) == 0 {
		for _, v := range d.Route { // some answers key the route by another option
			rts = v
			break
		}
	}
	if len(rts) == 0 {
		return nil, &geo.ProviderError{Provider: "naver", Op: op, StatusCode: http.StatusOK, Kind: geo.ErrUnavailable, Message: "answer without a route"}
	}
	rt := rts[0]
	s := rt.Summary
	out := &geo.Route{DistanceMeters: s.Distance.Float(), Duration: millis(s.Duration.Float()),
		TollFareKRW: int(s.TollFare), TaxiFareKRW: int(s.TaxiFare), FuelFareKRW: int(s.FuelPrice), Provider: "naver"}
	for _, xy := range rt.Path {
		if len(xy) < 2 {
			continue
		}
		p := orb.Point{xy[0], xy[1]}
		if geo.ValidatePoint("path", p) != nil {
			return nil, &geo.ProviderError{Provider: "naver", Op: op, StatusCode: http.StatusOK, Kind: geo.ErrUnavailable, Message: "invalid point in path"}
		}
		out.Geometry = append(out.Geometry, p)
	}
	// summary.waypoints carries the distance and duration of the stretch
	// ending at each waypoint; the last leg is what remains.
	if len(s.Waypoints) == waypoints && len(s.Waypoints) > 0 {
		var dist float64
		var dur time.Duration
		for _, w := range s.Waypoints {
			leg := geo.Leg{DistanceMeters: w.Distance.Float(), Duration: millis(w.Duration.Float())}
			out.Legs = append(out.Legs, leg)
			dist, dur = dist+leg.DistanceMeters, dur+leg.Duration
		}
		out.Legs = append(out.Legs, geo.Leg{DistanceMeters: max(out.DistanceMeters-dist, 0), Duration: max(out.Duration-dur, 0)})
	} else if waypoints == 0 {
		out.Legs = []geo.Leg{{DistanceMeters: out.DistanceMeters, Duration: out.Duration}}
	}
	return out, nil
}

func millis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
