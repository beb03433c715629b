package kakao

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
)

var priorities = map[geo.Priority]string{
	geo.PriorityRecommended: "RECOMMEND",
	geo.PriorityTime:        "TIME",
	geo.PriorityDistance:    "DISTANCE",
}

// kst formats departure times as Kakao expects them, in Korean time.
var kst = time.FixedZone("KST", 9*60*60)

// Route implements geo.Router with Kakao Mobility: GET /v1/directions, or
// /v1/future/directions for a DepartAt in the future, or POST
// /v1/waypoints/directions when there are waypoints. Future departures with
// waypoints are not offered by Kakao: geo.ErrUnsupported.
func (c *Client) Route(ctx context.Context, req geo.RouteRequest) (r *geo.Route, err error) {
	defer func() { r, err = named.Route(c.b.Name(), r, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	future := !req.DepartAt.IsZero() && req.DepartAt.After(time.Now())
	var d directions
	switch {
	case len(req.Waypoints) > 0 && future:
		return nil, &geo.ProviderError{Provider: "kakao", Op: geo.OpRoute, Kind: geo.ErrUnsupported,
			Message: "future departure with waypoints"}
	case len(req.Waypoints) > 0:
		body := map[string]any{
			"origin": point{X: req.Origin[0], Y: req.Origin[1]}, "destination": point{X: req.Destination[0], Y: req.Destination[1]},
			"waypoints": points(req.Waypoints), "priority": priorities[req.Priority], "summary": false,
		}
		if req.AvoidTolls {
			body["avoid"] = []string{"toll"}
		}
		err = c.do(ctx, geo.OpRoute, http.MethodPost, c.mobility+"/v1/waypoints/directions", body, &d, true)
	default:
		q := url.Values{"origin": {xy(req.Origin)}, "destination": {xy(req.Destination)},
			"priority": {priorities[req.Priority]}, "summary": {"false"}}
		if req.AvoidTolls {
			q.Set("avoid", "toll")
		}
		path := "/v1/directions"
		if future {
			path = "/v1/future/directions"
			q.Set("departure_time", req.DepartAt.In(kst).Format("200601021504"))
		}
		err = c.do(ctx, geo.OpRoute, http.MethodGet, c.mobility+path+"?"+q.Encode(), nil, &d, true)
	}
	if err != nil {
		return nil, err
	}
	return d.route(geo.OpRoute)
}

// route converts the first route of an answer.
func (d *directions) route(op geo.Op) (*geo.Route, error) {
	if len(d.Routes) == 0 {
		return nil, &geo.ProviderError{Provider: "kakao", Op: op, Kind: geo.ErrUnavailable, Message: "answer without routes"}
	}
	r := d.Routes[0]
	if r.ResultCode != 0 {
		return nil, routeError(op, r.ResultCode, r.ResultMsg)
	}
	if r.Summary == nil {
		return nil, &geo.ProviderError{Provider: "kakao", Op: op, Kind: geo.ErrUnavailable, Message: "route without summary"}
	}
	out := &geo.Route{DistanceMeters: r.Summary.Distance.Float(), Duration: seconds(r.Summary.Duration.Float()),
		TaxiFareKRW: int(r.Summary.Fare.Taxi), TollFareKRW: int(r.Summary.Fare.Toll), Provider: "kakao"}
	for _, s := range r.Sections {
		out.Legs = append(out.Legs, geo.Leg{DistanceMeters: s.Distance.Float(), Duration: seconds(s.Duration.Float())})
		for _, road := range s.Roads {
			v := road.Vertexes
			for i := 0; i+1 < len(v); i += 2 {
				p := orb.Point{v[i], v[i+1]}
				// Consecutive roads repeat their joint vertex.
				if n := len(out.Geometry); n > 0 && out.Geometry[n-1] == p {
					continue
				}
				if geo.ValidatePoint("vertex", p) != nil {
					return nil, &geo.ProviderError{Provider: "kakao", Op: op, Kind: geo.ErrUnavailable, Message: "invalid vertex in route"}
				}
				out.Geometry = append(out.Geometry, p)
			}
		}
	}
	return out, nil
}

func xy(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'f', -1, 64) + "," + strconv.FormatFloat(p[1], 'f', -1, 64)
}

func points(ps []orb.Point) []point {
	out := make([]point, len(ps))
	for i, p := range ps {
		out[i] = point{X: p[0], Y: p[1]}
	}
	return out
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
