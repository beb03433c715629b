package sim

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

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

func (s *Server) osrmRoute(w http.ResponseWriter, r *http.Request) {
	pts, err := osrmCoords(r.PathValue("coords"))
	if err != nil || len(pts) < 2 {
		writeJSON(w, 400, `{"code":"InvalidValue","message":"Invalid coordinate value."}`)
		return
	}
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
		"waypoints": []any{}})
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
	durs := make([][]float64, len(src))
	dists := make([][]float64, len(src))
	for i, a := range src {
		for _, b := range dst {
			rt := plan([]orb.Point{pts[a], pts[b]})
			durs[i] = append(durs[i], rt.duration.Seconds())
			dists[i] = append(dists[i], rt.distance)
		}
	}
	writeJSON(w, 200, map[string]any{"code": "Ok", "durations": durs, "distances": dists})
}
