package osm

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
)

// Route implements geo.Router with OSRM's /route/v1/driving. OSRM has one
// metric per server (its profile's), so Priority is accepted and ignored;
// AvoidTolls sends exclude=toll, which servers whose profile has no toll
// class reject — that answer is reported as geo.ErrUnsupported. A point the
// server moved farther than the max snap distance onto its roads makes the
// route geo.ErrNotFound (WithMaxSnapDistance).
func (c *Client) Route(ctx context.Context, req geo.RouteRequest) (r *geo.Route, err error) {
	defer func() { r, err = named.Route(c.b.Name(), r, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	pts := append(append([]orb.Point{req.Origin}, req.Waypoints...), req.Destination)
	u := c.osrm + "/route/v1/driving/" + coordPath(pts) + "?overview=full&geometries=polyline6&steps=false"
	if req.AvoidTolls {
		u += "&exclude=toll"
	}
	resp, err := c.get(ctx, geo.OpRoute, u, false)
	if err != nil {
		if req.AvoidTolls && geo.KindOf(err) == geo.ErrInvalidRequest {
			if pe, ok := err.(*geo.ProviderError); ok && pe.Code == "InvalidValue" {
				pe.Kind = geo.ErrUnsupported
			}
		}
		return nil, err
	}
	var w osrmRoute
	if err := c.b.Decode(geo.OpRoute, resp, &w); err != nil {
		return nil, err
	}
	// A point moved far onto the network makes a confident route between
	// the wrong places: refuse it so the failover asks someone else.
	fromSnap, toSnap, err := c.routeSnap(resp.StatusCode, w, len(req.Waypoints))
	if err != nil {
		return nil, err
	}
	if len(w.Routes) == 0 {
		return nil, &geo.ProviderError{Provider: "osm", Op: geo.OpRoute, Kind: geo.ErrNotFound, Code: w.Code, Message: "no routes in answer"}
	}
	best := w.Routes[0]
	line, err := geo.DecodePolyline(best.Geometry, 6)
	if err != nil {
		return nil, &geo.ProviderError{Provider: "osm", Op: geo.OpRoute, StatusCode: resp.StatusCode, Kind: geo.ErrUnavailable, Message: "bad geometry", Err: err}
	}
	r = &geo.Route{DistanceMeters: best.Distance, Duration: seconds(best.Duration), Geometry: line, Provider: "osm",
		OriginSnapMeters: fromSnap, DestinationSnapMeters: toSnap}
	for _, l := range best.Legs {
		r.Legs = append(r.Legs, geo.Leg{DistanceMeters: l.Distance, Duration: seconds(l.Duration)})
	}
	return r, nil
}

// coordPath renders points as OSRM wants them in the path: lon,lat;lon,lat.
func coordPath(pts []orb.Point) string {
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(osrmCoord(p[0]))
		b.WriteByte(',')
		b.WriteString(osrmCoord(p[1]))
	}
	return b.String()
}

// osrmCoord formats one OSRM coordinate with 6 decimals. OSRM stores
// coordinates as fixed-point millionths of a degree, so a 7th decimal would
// only be rounded away again on the server: sending exactly what it keeps
// means the point is rounded once, here, and a request is reproducible from
// its URL.
func osrmCoord(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

// seconds converts OSRM's float seconds to a Duration, rounding to the
// nearest nanosecond: a plain conversion truncates, and 4.1 s would become
// 4.099999999 s. Values beyond Duration's range saturate.
func seconds(s float64) time.Duration {
	ns := math.Round(s * float64(time.Second))
	switch {
	case ns >= math.MaxInt64: // float64(MaxInt64) is 2^63, one past the range
		return math.MaxInt64
	case ns <= math.MinInt64:
		return math.MinInt64
	}
	return time.Duration(ns)
}
