package sim

import (
	"net/http"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// NewNaver starts a simulator of NAVER Cloud Maps (geocode, reverse
// geocode, Directions 5 and 15); point naver.WithBaseURL at its URL.
func NewNaver(opts ...Option) (*Server, error) {
	return start("naver", 12*time.Millisecond, func(mux *http.ServeMux, s *Server) {
		mux.HandleFunc("GET /map-geocode/v2/geocode", s.naverGeocode)
		mux.HandleFunc("GET /map-reversegeocode/v2/gc", s.naverReverse)
		mux.HandleFunc("GET /map-direction/v1/driving", func(w http.ResponseWriter, r *http.Request) { s.naverDirections(w, r, 5) })
		mux.HandleFunc("GET /map-direction-15/v1/driving", func(w http.ResponseWriter, r *http.Request) { s.naverDirections(w, r, 15) })
	}, opts)
}

func el(t, v string) map[string]any {
	return map[string]any{"types": []string{t}, "longName": v, "shortName": v, "code": ""}
}

func (s *Server) naverGeocode(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("query")
	if q == "" {
		writeJSON(w, 400, `{"error":{"errorCode":"100","message":"Bad Request Exception"}}`)
		return
	}
	var addrs []any
	for _, p := range match(s.opts.places, q) {
		addrs = append(addrs, map[string]any{"roadAddress": p.Road, "jibunAddress": p.Jibun, "englishAddress": "",
			"addressElements": []any{el("SIDO", p.Sido()), el("SIGUGUN", p.Sigungu()), el("DONGMYUN", p.Dong()), el("RI", ""),
				el("ROAD_NAME", p.RoadName()), el("BUILDING_NUMBER", p.BuildingNo()), el("BUILDING_NAME", p.Name),
				el("LAND_NUMBER", ""), el("POSTAL_CODE", p.PostalCode)},
			"x": str(p.Point[0]), "y": str(p.Point[1]), "distance": 0.0})
	}
	writeJSON(w, 200, map[string]any{"status": "OK", "meta": map[string]any{"totalCount": len(addrs), "page": 1, "count": len(addrs)},
		"addresses": nonNil(addrs), "errorMessage": ""})
}

func area(name string) map[string]any { return map[string]any{"name": name} }

func (s *Server) naverReverse(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("output") != "json" {
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><response><status><code>0</code></status></response>`))
		return
	}
	pt, ok := parseXY(q.Get("coords"))
	p, near := nearest(s.opts.places, pt, 1000)
	if !ok || !near {
		writeJSON(w, 200, `{"status":{"code":3,"name":"no results","message":"요청한 데이타의 결과가 없습니다."},"results":[]}`)
		return
	}
	region := map[string]any{"area0": area("kr"), "area1": area(p.Sido()), "area2": area(p.Sigungu()), "area3": area(p.Dong()), "area4": area("")}
	writeJSON(w, 200, map[string]any{"status": map[string]any{"code": 0, "name": "ok", "message": "done"}, "results": []any{
		map[string]any{"name": "legalcode", "code": map[string]any{"id": p.LegalCode, "type": "L"}, "region": region},
		map[string]any{"name": "roadaddr", "code": map[string]any{"id": p.LegalCode, "type": "S"}, "region": region,
			"land": map[string]any{"type": "", "number1": p.BuildingNo(), "number2": "", "name": p.RoadName(),
				"addition0": map[string]any{"type": "building", "value": p.Name}, "addition1": map[string]any{"type": "zipcode", "value": p.PostalCode}}},
	}})
}

func (s *Server) naverDirections(w http.ResponseWriter, r *http.Request, maxWaypoints int) {
	q := r.URL.Query()
	start, ok1 := parseXY(q.Get("start"))
	goal, ok2 := parseXY(q.Get("goal"))
	if !ok1 || !ok2 {
		writeJSON(w, 400, `{"error":{"errorCode":"100","message":"Bad Request Exception"}}`)
		return
	}
	pts := []orb.Point{start}
	if wp := q.Get("waypoints"); wp != "" {
		for _, part := range strings.Split(wp, "|") {
			p, ok := parseXY(part)
			if !ok {
				writeJSON(w, 400, `{"error":{"errorCode":"100","message":"Bad Request Exception"}}`)
				return
			}
			pts = append(pts, p)
		}
		if len(pts)-1 > maxWaypoints {
			writeJSON(w, 400, `{"error":{"errorCode":"100","message":"Bad Request Exception"}}`)
			return
		}
	}
	pts = append(pts, goal)
	if len(pts) == 2 && tooClose(start, goal) {
		writeJSON(w, 200, `{"code":1,"message":"출발지와 도착지가 동일합니다."}`)
		return
	}
	option := q.Get("option")
	if option == "" {
		option = "traoptimal"
	}
	rt := plan(pts)
	path := make([][]float64, len(rt.line))
	for i, p := range rt.line {
		path[i] = []float64{p[0], p[1]}
	}
	var wps []any
	for i := 0; i+1 < len(rt.legs); i++ {
		wps = append(wps, map[string]any{"distance": int(rt.legs[i].distance), "duration": rt.legs[i].duration.Milliseconds()})
	}
	summary := map[string]any{"distance": int(rt.distance), "duration": rt.duration.Milliseconds(),
		"tollFare": 0, "taxiFare": 4800 + int(rt.distance/131)*100, "fuelPrice": int(rt.distance / 14000 * 1700)}
	if wps != nil {
		summary["waypoints"] = wps
	}
	writeJSON(w, 200, map[string]any{"code": 0, "message": "길찾기를 성공하였습니다.",
		"route": map[string]any{option: []any{map[string]any{"summary": summary, "path": path}}}})
}
