package gateway

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// The OSRM-compatible endpoints answer in OSRM's HTTP API v1 shapes, so
// that OSRM clients get failover by changing their base URL. What the
// Korean providers cannot give is filled in as follows:
//
//   - profile: "driving" and "car" are accepted (the providers route cars);
//   - overview "simplified" and "full" both return the provider's geometry
//     as it came; "false" leaves it out;
//   - steps are always empty, legs' summary is "", weight equals duration
//     (weight_name "duration"), waypoint names are "" and hints are "";
//   - annotations (duration, distance) on a route are per segment of the
//     geometry: distances are great-circle, durations share the leg's
//     duration in proportion to distance;
//   - alternatives are never given;
//   - the top-level "attribution" (not in OSRM) names the provider whose
//     data answered, as does the X-Mapswitch-Provider header.
//
// Errors keep OSRM's codes and HTTP 400 for the caller's mistakes and "no
// route"; when every provider failed the answer is 503 with code
// "ProviderError" and the attempts, and 429 "TooManyRequests" when the
// gateway sheds load.

type osrmError struct {
	Code     string        `json:"code"`
	Message  string        `json:"message"`
	Attempts []attemptJSON `json:"attempts,omitempty"`
}

type osrmWaypoint struct {
	Hint     string    `json:"hint"`
	Distance float64   `json:"distance"`
	Name     string    `json:"name"`
	Location orb.Point `json:"location"`
}

type osrmAnnotation struct {
	Distance []float64 `json:"distance,omitempty"`
	Duration []float64 `json:"duration,omitempty"`
}

type osrmLeg struct {
	Steps      []any           `json:"steps"`
	Summary    string          `json:"summary"`
	Weight     float64         `json:"weight"`
	Duration   float64         `json:"duration"`
	Distance   float64         `json:"distance"`
	Annotation *osrmAnnotation `json:"annotation,omitempty"`
}

type osrmRoute struct {
	Geometry   any       `json:"geometry,omitempty"`
	Legs       []osrmLeg `json:"legs"`
	WeightName string    `json:"weight_name"`
	Weight     float64   `json:"weight"`
	Duration   float64   `json:"duration"`
	Distance   float64   `json:"distance"`
}

type osrmRouteAnswer struct {
	Code        string         `json:"code"`
	Routes      []osrmRoute    `json:"routes"`
	Waypoints   []osrmWaypoint `json:"waypoints"`
	Attribution string         `json:"attribution"`
	Provider    string         `json:"provider"`
	Estimated   bool           `json:"estimated"`
	Stale       bool           `json:"stale"`
}

type osrmTableAnswer struct {
	Code         string         `json:"code"`
	Durations    [][]*float64   `json:"durations,omitempty"`
	Distances    [][]*float64   `json:"distances,omitempty"`
	Sources      []osrmWaypoint `json:"sources"`
	Destinations []osrmWaypoint `json:"destinations"`
	Attribution  []string       `json:"attribution"`
	Providers    []string       `json:"providers"`
}

// osrmFail is an error in OSRM's words.
type osrmFail struct {
	status int
	body   osrmError
}

func (e *osrmFail) Error() string { return e.body.Code + ": " + e.body.Message }

func osrmBad(code, msg string) error {
	return &osrmFail{status: http.StatusBadRequest, body: osrmError{Code: code, Message: msg}}
}

// writeOSRMError answers err in OSRM's shape; notFound is the code for
// "nothing found" (NoRoute, NoTable).
func writeOSRMError(w http.ResponseWriter, err error, notFound string) {
	var of *osrmFail
	if errors.As(err, &of) {
		writeJSON(w, of.status, of.body)
		return
	}
	status, j := classify(err)
	body := osrmError{Message: j.Message, Attempts: j.Attempts}
	switch {
	case status == http.StatusBadRequest:
		body.Code = "InvalidValue"
	case status == http.StatusNotFound:
		status, body.Code = http.StatusBadRequest, notFound
	default:
		body.Code = "ProviderError"
	}
	writeJSON(w, status, body)
}

// osrmCoords reads the {coords} path element: "lon,lat;lon,lat" or
// polyline(…)/polyline6(…), with an optional ".json".
func osrmCoords(r *http.Request) ([]orb.Point, error) {
	switch p := r.PathValue("profile"); p {
	case "driving", "car":
	default:
		return nil, osrmBad("InvalidService", "profile "+strconv.Quote(p)+" not found; this gateway routes cars (driving)")
	}
	s := strings.TrimSuffix(r.PathValue("coords"), ".json")
	for _, enc := range []struct {
		prefix    string
		precision int
	}{{"polyline(", 5}, {"polyline6(", 6}} {
		if inner, ok := strings.CutPrefix(s, enc.prefix); ok {
			ls, err := geo.DecodePolyline(strings.TrimSuffix(inner, ")"), enc.precision)
			if err != nil {
				return nil, osrmBad("InvalidQuery", "Query string malformed: "+err.Error())
			}
			return []orb.Point(ls), nil
		}
	}
	pts, err := parsePoints("coordinates", s)
	if err != nil {
		return nil, osrmBad("InvalidQuery", "Query string malformed: "+err.Error())
	}
	for _, p := range pts {
		if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return nil, osrmBad("InvalidValue", "Invalid coordinate value.")
		}
	}
	return pts, nil
}

func (g *Gateway) osrmRoute(w http.ResponseWriter, r *http.Request) {
	pts, err := osrmCoords(r)
	if err == nil && len(pts) < 2 {
		err = osrmBad("InvalidOptions", "Number of coordinates needs to be at least two.")
	}
	if err == nil && len(pts)-2 > g.cfg.MaxWaypoints {
		err = osrmBad("TooBig", "Number of entries "+strconv.Itoa(len(pts))+" is higher than current maximum ("+strconv.Itoa(g.cfg.MaxWaypoints+2)+")")
	}
	q := osrmQuery(r)
	overview, geometries := q.Get("overview"), q.Get("geometries")
	if err == nil {
		err = oneOf("overview", overview, "", "simplified", "full", "false")
	}
	if err == nil {
		err = oneOf("geometries", geometries, "", "polyline", "polyline6", "geojson")
	}
	if err != nil {
		writeOSRMError(w, err, "NoRoute")
		return
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	req := geo.RouteRequest{Origin: pts[0], Destination: pts[len(pts)-1], Waypoints: pts[1 : len(pts)-1]}
	rt, err := g.cfg.Client.Route(ctx, req)
	if err != nil {
		writeOSRMError(w, err, "NoRoute")
		return
	}
	dur := rt.Duration.Seconds()
	out := osrmRoute{WeightName: "duration", Weight: dur, Duration: dur, Distance: rt.DistanceMeters}
	if overview != "false" && len(rt.Geometry) > 0 {
		switch geometries {
		case "geojson":
			out.Geometry = map[string]any{"type": "LineString", "coordinates": rt.Geometry}
		case "polyline6":
			out.Geometry = geo.EncodePolyline(rt.Geometry, 6)
		default:
			out.Geometry = geo.EncodePolyline(rt.Geometry, 5)
		}
	}
	legs := rt.Legs
	if len(legs) == 0 {
		legs = []geo.Leg{{DistanceMeters: rt.DistanceMeters, Duration: rt.Duration}}
	}
	wantDist, wantDur := annotations(q.Get("annotations"), false)
	parts := splitLegs(rt.Geometry, pts, len(legs))
	for i, l := range legs {
		d := l.Duration.Seconds()
		ol := osrmLeg{Steps: []any{}, Weight: d, Duration: d, Distance: l.DistanceMeters}
		if (wantDist || wantDur) && i < len(parts) {
			ol.Annotation = annotate(parts[i], d, wantDist, wantDur)
		}
		out.Legs = append(out.Legs, ol)
	}
	wps := make([]osrmWaypoint, len(pts))
	for i, p := range pts {
		wps[i] = osrmWaypoint{Location: p}
	}
	if n := len(rt.Geometry); n > 0 {
		wps[0].Location, wps[0].Distance = rt.Geometry[0], rt.OriginSnapMeters
		wps[len(wps)-1].Location, wps[len(wps)-1].Distance = rt.Geometry[n-1], rt.DestinationSnapMeters
	}
	w.Header().Set("X-Mapswitch-Provider", rt.Provider)
	writeJSON(w, http.StatusOK, osrmRouteAnswer{Code: "Ok", Routes: []osrmRoute{out}, Waypoints: wps,
		Attribution: g.attribution(rt.Provider), Provider: rt.Provider, Estimated: rt.Estimated, Stale: rt.Stale})
}

func oneOf(name, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return osrmBad("InvalidOptions", name+" "+strconv.Quote(v)+" is not supported; use one of "+strings.Join(allowed[1:], ", "))
}

// annotations reads OSRM's annotations option: "true", or a list of
// duration and distance (others are accepted and not given); def is
// what an absent option means.
func annotations(s string, def bool) (dist, dur bool) {
	switch s {
	case "":
		return false, def
	case "true":
		return true, true
	case "false":
		return false, false
	}
	// Some clients join lists with ";", as they do sources.
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		switch a {
		case "distance":
			dist = true
		case "duration":
			dur = true
		}
	}
	return dist, dur
}

// splitLegs cuts the route's geometry into one piece per leg at the
// geometry points nearest each intermediate waypoint.
func splitLegs(line orb.LineString, pts []orb.Point, legs int) []orb.LineString {
	if legs <= 1 || len(pts) != legs+1 {
		return []orb.LineString{line}
	}
	var out []orb.LineString
	from := 0
	for _, wp := range pts[1 : len(pts)-1] {
		best, bestD := from, -1.0
		for i := from; i < len(line); i++ {
			if d := geo.Haversine(line[i], wp); bestD < 0 || d < bestD {
				best, bestD = i, d
			}
		}
		out = append(out, line[from:best+1])
		from = best
	}
	return append(out, line[from:])
}

// annotate gives per-segment distances and durations for one leg.
func annotate(part orb.LineString, legDuration float64, wantDist, wantDur bool) *osrmAnnotation {
	var dists []float64
	total := 0.0
	for i := 1; i < len(part); i++ {
		d := geo.Haversine(part[i-1], part[i])
		dists = append(dists, round1(d))
		total += d
	}
	a := &osrmAnnotation{}
	if wantDist {
		a.Distance = dists
	}
	if wantDur {
		a.Duration = make([]float64, len(dists))
		for i, d := range dists {
			if total > 0 {
				a.Duration[i] = round1(legDuration * d / total)
			}
		}
	}
	return a
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// osrmIndexes reads sources or destinations: "all" (or absent) or "i;j;…".
func osrmIndexes(name, s string, n int) ([]int, error) {
	if s == "" || s == "all" {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	var out []int
	for _, part := range strings.Split(s, ";") {
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 || i >= n {
			return nil, osrmBad("InvalidOptions", name+" index "+strconv.Quote(part)+" is out of range")
		}
		out = append(out, i)
	}
	return out, nil
}

func (g *Gateway) osrmTable(w http.ResponseWriter, r *http.Request) {
	pts, err := osrmCoords(r)
	q := osrmQuery(r)
	var srcs, dsts []int
	if err == nil {
		srcs, err = osrmIndexes("sources", q.Get("sources"), len(pts))
	}
	if err == nil {
		dsts, err = osrmIndexes("destinations", q.Get("destinations"), len(pts))
	}
	if err == nil && (len(srcs) == 0 || len(dsts) == 0) {
		err = osrmBad("InvalidOptions", "Number of coordinates needs to be at least two.")
	}
	if err == nil && len(srcs)*len(dsts) > g.cfg.MaxMatrix {
		err = osrmBad("TooBig", "Too many table coordinates")
	}
	if err != nil {
		writeOSRMError(w, err, "NoTable")
		return
	}
	req := geo.MatrixRequest{}
	for _, i := range srcs {
		req.Origins = append(req.Origins, pts[i])
	}
	for _, j := range dsts {
		req.Destinations = append(req.Destinations, pts[j])
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	m, err := g.cfg.Client.Matrix(ctx, req)
	if m == nil {
		if err == nil {
			err = &fallback.Error{Op: geo.OpMatrix}
		}
		writeOSRMError(w, err, "NoTable")
		return
	}
	wantDist, wantDur := annotations(q.Get("annotations"), true)
	out := osrmTableAnswer{Code: "Ok"}
	seen := map[string]bool{}
	var top string
	count := map[string]int{}
	for i, row := range m.Cells {
		var durs, dists []*float64
		for _, c := range row {
			if c.Err != nil {
				durs, dists = append(durs, nil), append(dists, nil)
				continue
			}
			d, s := c.Duration.Seconds(), c.DistanceMeters
			durs, dists = append(durs, &d), append(dists, &s)
			if !seen[c.Provider] {
				seen[c.Provider] = true
				out.Providers = append(out.Providers, c.Provider)
				out.Attribution = append(out.Attribution, g.attribution(c.Provider))
			}
			if count[c.Provider]++; count[c.Provider] > count[top] {
				top = c.Provider
			}
		}
		if wantDur {
			out.Durations = append(out.Durations, durs)
		}
		if wantDist {
			out.Distances = append(out.Distances, dists)
		}
		out.Sources = append(out.Sources, osrmWaypoint{Location: req.Origins[i]})
	}
	for _, p := range req.Destinations {
		out.Destinations = append(out.Destinations, osrmWaypoint{Location: p})
	}
	if top == "" {
		writeOSRMError(w, osrmBad("NoTable", "No table found"), "NoTable")
		return
	}
	w.Header().Set("X-Mapswitch-Provider", top)
	writeJSON(w, http.StatusOK, out)
}
