package tmap

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
)

// MaxWaypoints is the most via points /tmap/routes takes in passList.
const MaxWaypoints = 5

// searchOptions maps priorities onto TMAP's searchOption: 0 recommended
// with traffic, 2 minimum time, 10 shortest.
var searchOptions = map[geo.Priority]string{
	geo.PriorityRecommended: "0",
	geo.PriorityTime:        "2",
	geo.PriorityDistance:    "10",
}

// avoidTolls is searchOption 1, "free roads first": TMAP has no separate
// toll switch, so AvoidTolls takes the place of the priority.
const avoidTolls = "1"

// Route implements geo.Router with POST /tmap/routes. Waypoints go to
// passList (at most MaxWaypoints; more is geo.ErrUnsupported, so the
// failover asks a provider that takes them). DepartAt is ignored: the
// car route is on current traffic.
func (c *Client) Route(ctx context.Context, req geo.RouteRequest) (r *geo.Route, err error) {
	defer func() { r, err = named.Route(c.b.Name(), r, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if len(req.Waypoints) > MaxWaypoints {
		return nil, &geo.ProviderError{Provider: "tmap", Op: geo.OpRoute, Kind: geo.ErrUnsupported,
			Message: fmt.Sprintf("%d waypoints; /tmap/routes takes at most %d", len(req.Waypoints), MaxWaypoints)}
	}
	option := searchOptions[req.Priority]
	if req.AvoidTolls {
		option = avoidTolls
	}
	body := map[string]string{
		"startX": coord(req.Origin[0]), "startY": coord(req.Origin[1]),
		"endX": coord(req.Destination[0]), "endY": coord(req.Destination[1]),
		"reqCoordType": "WGS84GEO", "resCoordType": "WGS84GEO", "searchOption": option,
		"startName": "origin", "endName": "destination",
	}
	if len(req.Waypoints) > 0 {
		via := make([]string, len(req.Waypoints))
		for i, w := range req.Waypoints {
			via[i] = coord(w[0]) + "," + coord(w[1])
		}
		body["passList"] = strings.Join(via, "_")
	}
	var rr routeResp
	if _, err := c.do(ctx, geo.OpRoute, "/tmap/routes", nil, body, &rr); err != nil {
		return nil, err
	}
	return rr.route(len(req.Waypoints))
}

// route converts an answer: totals from the first feature, the geometry
// from the LineStrings in order, legs cut at the via points (B1…B5).
func (rr *routeResp) route(waypoints int) (*geo.Route, error) {
	bad := func(msg string) error {
		return &geo.ProviderError{Provider: "tmap", Op: geo.OpRoute, Kind: geo.ErrUnavailable, Message: msg}
	}
	if len(rr.Features) == 0 {
		return nil, bad("answer without features")
	}
	p0 := rr.Features[0].Properties
	out := &geo.Route{DistanceMeters: p0.TotalDistance.Float(), Duration: seconds(p0.TotalTime.Float()),
		TollFareKRW: int(p0.TotalFare.Float()), TaxiFareKRW: int(p0.TaxiFare.Float()), Provider: "tmap"}
	var leg geo.Leg
	for _, f := range rr.Features {
		switch f.Geometry.Type {
		case "LineString":
			var line [][]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &line); err != nil {
				return nil, bad("bad LineString coordinates")
			}
			for _, xy := range line {
				if len(xy) < 2 {
					return nil, bad("short coordinate in LineString")
				}
				p := orb.Point{xy[0], xy[1]}
				if geo.ValidatePoint("vertex", p) != nil {
					return nil, bad("invalid vertex in route")
				}
				// Consecutive lines repeat their joint vertex.
				if n := len(out.Geometry); n > 0 && out.Geometry[n-1] == p {
					continue
				}
				out.Geometry = append(out.Geometry, p)
			}
			leg.DistanceMeters += f.Properties.Distance.Float()
			leg.Duration += seconds(f.Properties.Time.Float())
		case "Point":
			if strings.HasPrefix(f.Properties.PointType, "B") {
				out.Legs = append(out.Legs, leg)
				leg = geo.Leg{}
			}
		}
	}
	out.Legs = append(out.Legs, leg)
	if waypoints == 0 || len(out.Legs) != waypoints+1 {
		// No via points, or not marked as documented: one leg, the totals.
		out.Legs = []geo.Leg{{DistanceMeters: out.DistanceMeters, Duration: out.Duration}}
	}
	return out, nil
}

// coord formats a coordinate as TMAP's samples send it, as a string.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
