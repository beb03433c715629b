package sim

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/mapswitch/mapswitch/geo"
)

// NewNominatim starts a Nominatim simulator (/search, /reverse, jsonv2);
// point osm.WithNominatimURL at its URL.
func NewNominatim(opts ...Option) (*Server, error) {
	return start("nominatim", 15*time.Millisecond, func(mux *http.ServeMux, s *Server) {
		mux.HandleFunc("GET /search", s.nominatimSearch)
		mux.HandleFunc("GET /reverse", s.nominatimReverse)
	}, opts)
}

// NewOSRM starts an OSRM simulator (/route/v1, /table/v1, max table size
// 100); point osm.WithOSRMURL at its URL.
//
// Like a self-hosted osrm-routed loaded with a South Korea extract, it has
// roads only in South Korea (osrmRegion) and snaps every point to its
// nearest road however far away, answering 200 Ok: a point inside is moved
// a few metres, a point in the sea, in North Korea or in Japan is moved
// onto the region's edge and routed from there. Every answer reports the
// move in waypoints[].distance (route) or sources[].distance and
// destinations[].distance (table), in metres, as OSRM does.
func NewOSRM(opts ...Option) (*Server, error) {
	return start("osrm", 6*time.Millisecond, func(mux *http.ServeMux, s *Server) {
		mux.HandleFunc("GET /route/v1/{profile}/{coords}", s.osrmRoute)
		mux.HandleFunc("GET /table/v1/{profile}/{coords}", s.osrmTable)
	}, opts)
}

func nominatimPlace(p Place) map[string]any {
	addr := map[string]any{"road": p.RoadName(), "house_number": p.BuildingNo(), "quarter": p.Dong(), "postcode": p.PostalCode,
		"country": "대한민국", "country_code": "kr"}
	sido := p.Sido()
	if strings.HasSuffix(sido, "시") {
		addr["city"], addr["borough"] = sido, p.Sigungu()
	} else {
		addr["province"], addr["city"] = sido, p.Sigungu()
	}
	return map[string]any{"place_id": 1000 + len(p.Name), "licence": "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
		"osm_type": "way", "osm_id": 1, "lat": strconv.FormatFloat(p.Point[1], 'f', 7, 64), "lon": strconv.FormatFloat(p.Point[0], 'f', 7, 64),
		"category": "building", "type": "yes", "place_rank": 30, "importance": 0.4, "addresstype": "building", "name": p.Name,
		"display_name": p.Name + ", " + p.Road, "address": addr}
}

func (s *Server) nominatimSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("format") == "" {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>Nominatim search page</body></html>"))
		return
	}
	if q.Get("q") == "" {
		writeJSON(w, 400, `{"error":{"code":400,"message":"Parameter 'q' missing."}}`)
		return
	}
	var out []any
	for _, p := range match(s.opts.places, q.Get("q")) {
		out = append(out, nominatimPlace(p))
	}
	writeJSON(w, 200, nonNil(out))
}

func (s *Server) nominatimReverse(w http.ResponseWriter, r *http.Request) {
	pt, ok := queryPoint(r, "lon", "lat")
	if !ok {
		writeJSON(w, 400, `{"error":{"code":400,"message":"Need coordinates or OSM object to lookup."}}`)
		return
	}
	p, near := nearest(s.opts.places, pt, 1000)
	if !near {
		writeJSON(w, 200, `{"error":"Unable to geocode"}`)
		return
	}
	writeJSON(w, 200, nominatimPlace(p))
}

func osrmCoords(s string) ([]orb.Point, error) {
	var pts []orb.Point
	for _, part := range strings.Split(s, ";") {
		p, ok := parseXY(part)
		if !ok || geo.ValidatePoint("c", p) != nil {
			return nil, fmt.Errorf("Invalid coordinate value.")
		}
		pts = append(pts, p)
	}
	return pts, nil
}

// osrmRegion is where the simulated OSRM has roads: South Korea, drawn
// roughly (to within about 10 km) as three rings [lon, lat]: the mainland
// with its coastal islands, bounded in the north by the DMZ, Jeju, and
// Ulleungdo with Dokdo. A polygon rather than a bounding box, because the
// box (lon 124.5–131, lat 33–38.7) takes in Kaesong, Tsushima and Fukuoka.
// Far islands (Baengnyeongdo, Heuksando, Gageodo) are left out.
var osrmRegion = []orb.Ring{
	{ // mainland, clockwise from the Han estuary
		{126.05, 37.78}, {126.62, 37.85}, {126.70, 37.95}, {126.90, 38.00}, {127.20, 38.30},
		{127.60, 38.33}, {128.00, 38.30}, {128.35, 38.62}, {128.45, 38.62}, {128.75, 38.20},
		{129.05, 37.80}, {129.35, 37.30}, {129.55, 36.80}, {129.65, 36.05}, {129.55, 35.45},
		{129.35, 35.10}, {129.15, 34.98}, {128.70, 34.60}, {128.10, 34.55}, {127.80, 34.40},
		{127.35, 33.98}, {126.90, 34.15}, {126.55, 34.10}, {126.05, 34.15}, {125.85, 34.55},
		{126.00, 35.20}, {126.30, 35.65}, {126.35, 35.95}, {126.05, 36.55}, {126.05, 36.95},
		{126.05, 37.25}, {126.10, 37.55}, {126.05, 37.78},
	},
	{{126.10, 33.10}, {127.00, 33.10}, {127.00, 33.60}, {126.10, 33.60}, {126.10, 33.10}}, // Jeju
	{{130.75, 37.20}, {131.95, 37.20}, {131.95, 37.60}, {130.75, 37.60}, {130.75, 37.20}}, // Ulleungdo, Dokdo
}

// osrmSnap returns where the simulated OSRM puts p on its roads, how far
// that is (the geodesic distance in metres) and whether p is inside the
// region. Inside the region every point
// is a few metres from a road (1–8 m, fixed per point, moved north); outside
// the nearest road is at the nearest point of the region's edge.
func osrmSnap(p orb.Point) (q orb.Point, meters float64, inside bool) {
	for _, ring := range osrmRegion {
		if planar.RingContains(ring, p) {
			h := math.Abs(math.Sin(p[0]*12.9898+p[1]*78.233)) * 43758.5453
			off := 1 + 7*(h-math.Floor(h))
			q := orb.Point{p[0], p[1] + off/111320} // a metre of latitude is 1/111320 degree, near enough
			return q, geo.Geodesic(p, q), true
		}
	}
	best, bestD := p, math.Inf(1)
	// Nearest point per edge in a local plane where a degree of longitude
	// is cos(lat) degrees of latitude; good enough to pick a snap point,
	// whose distance is then measured on the ellipsoid.
	k := math.Cos(p[1] * math.Pi / 180)
	for _, ring := range osrmRegion {
		for i := 1; i < len(ring); i++ {
			a, b := ring[i-1], ring[i]
			ax, ay, bx, by := (a[0]-p[0])*k, a[1]-p[1], (b[0]-p[0])*k, b[1]-p[1]
			dx, dy := bx-ax, by-ay
			t := 0.0
			if l := dx*dx + dy*dy; l > 0 {
				t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
			}
			x, y := ax+t*dx, ay+t*dy
			if d := x*x + y*y; d < bestD {
				best, bestD = orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, d
			}
		}
	}
	return best, geo.Geodesic(p, best), false
}

// osrmWaypoints snaps pts and returns OSRM Waypoint objects for them, and
// the points to route between: the snapped point when it is off the
// region, the input point otherwise, so that the few-metre moves inside
// Korea do not change the simulator's distances.
func osrmWaypoints(pts []orb.Point) ([]any, []orb.Point) {
	wps := make([]any, len(pts))
	route := make([]orb.Point, len(pts))
	for i, p := range pts {
		q, d, inside := osrmSnap(p)
		wps[i] = map[string]any{"hint": "", "distance": d, "name": "", "location": []float64{q[0], q[1]}}
		route[i] = p
		if !inside {
			route[i] = q
		}
	}
	return wps, route
}

func (s *Server) osrmRoute(w http.ResponseWriter, r *http.Request) {
	pts, err := osrmCoords(r.PathValue("coords"))
	if err != nil || len(pts) < 2 {
		writeJSON(w, 400, `{"code":"InvalidValue","message":"Invalid coordinate value."}`)
		return
	}
	wps, pts := osrmWaypoints(pts)
	rt := plan(pts)
	prec := 5
	if r.URL.Query().Get("geometries") == "polyline6" {
		prec = 6
	}
	var legs []any
	for _, l := range rt.legs {
		legs = append(legs, map[string]any{"distance": l.distance, "duration": l.duration.Seconds(), "weight": l.duration.Seconds(), "summary": "", "steps": []any{}})
	}
	writeJSON(w, 200, map[string]any{"code": "Ok", "routes": []any{map[string]any{"geometry": geo.EncodePolyline(rt.line, prec),
		"legs": legs, "distance": rt.distance, "duration": rt.duration.Seconds(), "weight_name": "routability", "weight": rt.duration.Seconds()}},
		"waypoints": wps})
}

func indexes(s string, n int) ([]int, bool) {
	if s == "" || s == "all" {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, true
	}
	var out []int
	for _, part := range strings.Split(s, ";") {
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 || i >= n {
			return nil, false
		}
		out = append(out, i)
	}
	return out, true
}

func (s *Server) osrmTable(w http.ResponseWriter, r *http.Request) {
	pts, err := osrmCoords(r.PathValue("coords"))
	q := r.URL.Query()
	src, ok1 := indexes(q.Get("sources"), len(pts))
	dst, ok2 := indexes(q.Get("destinations"), len(pts))
	if err != nil || !ok1 || !ok2 {
		writeJSON(w, 400, `{"code":"InvalidOptions","message":"Coordinates are invalid"}`)
		return
	}
	if len(src)*len(dst) > 100*100 {
		writeJSON(w, 400, `{"code":"TooBig","message":"Too many table coordinates"}`)
		return
	}
	wps, pts := osrmWaypoints(pts)
	durs := make([][]float64, len(src))
	dists := make([][]float64, len(src))
	sources, destinations := make([]any, len(src)), make([]any, len(dst))
	for i, a := range src {
		sources[i] = wps[a]
		for _, b := range dst {
			rt := plan([]orb.Point{pts[a], pts[b]})
			durs[i] = append(durs[i], rt.duration.Seconds())
			dists[i] = append(dists[i], rt.distance)
		}
	}
	for j, b := range dst {
		destinations[j] = wps[b]
	}
	writeJSON(w, 200, map[string]any{"code": "Ok", "durations": durs, "distances": dists,
		"sources": sources, "destinations": destinations})
}
