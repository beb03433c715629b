package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// NewKakao starts a simulator of Kakao Local and Kakao Mobility on one
// port: point both kakao.WithBaseURL and kakao.WithMobilityBaseURL at its
// URL (or start two to fail them separately).
func NewKakao(opts ...Option) (*Server, error) {
	return start("kakao", 8*time.Millisecond, func(mux *http.ServeMux, s *Server) {
		mux.HandleFunc("GET /v2/local/search/address.json", s.kakaoAddress)
		mux.HandleFunc("GET /v2/local/search/keyword.json", s.kakaoKeyword)
		mux.HandleFunc("GET /v2/local/geo/coord2address.json", s.kakaoCoord2Address)
		mux.HandleFunc("GET /v2/local/geo/coord2regioncode.json", s.kakaoRegion)
		mux.HandleFunc("GET /v1/directions", s.kakaoDirections)
		mux.HandleFunc("GET /v1/future/directions", s.kakaoDirections)
		mux.HandleFunc("POST /v1/waypoints/directions", s.kakaoWaypoints)
		mux.HandleFunc("POST /v1/destinations/directions", s.kakaoDestinations)
	}, opts)
}

// kakaoShort abbreviates a province the way Kakao's search documents do.
func kakaoShort(addr string) string {
	for long, short := range map[string]string{"서울특별시": "서울", "부산광역시": "부산", "대구광역시": "대구", "인천광역시": "인천",
		"광주광역시": "광주", "대전광역시": "대전", "울산광역시": "울산", "세종특별자치시": "세종특별자치시", "경기도": "경기",
		"강원특별자치도": "강원특별자치도", "충청북도": "충북", "충청남도": "충남", "전북특별자치도": "전북특별자치도", "전라남도": "전남",
		"경상북도": "경북", "경상남도": "경남", "제주특별자치도": "제주특별자치도"} {
		if strings.HasPrefix(addr, long+" ") {
			return short + addr[len(long):]
		}
	}
	return addr
}

func str(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func kakaoDoc(p Place) map[string]any {
	jibun := map[string]any{"address_name": kakaoShort(p.Jibun), "region_1depth_name": kakaoShort(p.Sido()),
		"region_2depth_name": p.Sigungu(), "region_3depth_name": p.Dong(), "region_3depth_h_name": p.Dong(),
		"h_code": "", "b_code": p.LegalCode, "mountain_yn": "N", "main_address_no": "", "sub_address_no": "",
		"x": str(p.Point[0]), "y": str(p.Point[1])}
	road := map[string]any{"address_name": kakaoShort(p.Road), "region_1depth_name": kakaoShort(p.Sido()),
		"region_2depth_name": p.Sigungu(), "region_3depth_name": p.Dong(), "road_name": p.RoadName(), "underground_yn": "N",
		"main_building_no": p.BuildingNo(), "sub_building_no": "", "building_name": p.Name, "zone_no": p.PostalCode,
		"x": str(p.Point[0]), "y": str(p.Point[1])}
	return map[string]any{"address_name": kakaoShort(p.Road), "address_type": "ROAD_ADDR",
		"x": str(p.Point[0]), "y": str(p.Point[1]), "address": jibun, "road_address": road}
}

func (s *Server) kakaoAddress(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("query")
	if q == "" {
		writeJSON(w, 400, `{"errorType":"MissingParameter","message":"query parameter required"}`)
		return
	}
	var docs []any
	for _, p := range match(s.opts.places, q) {
		if strings.Contains(norm(p.Road), norm(q)) || strings.Contains(norm(p.Jibun), norm(q)) || strings.HasPrefix(norm(q), norm(p.Road)) {
			docs = append(docs, kakaoDoc(p))
		}
	}
	writeJSON(w, 200, map[string]any{"meta": map[string]any{"total_count": len(docs), "pageable_count": len(docs), "is_end": true}, "documents": nonNil(docs)})
}

func (s *Server) kakaoKeyword(w http.ResponseWriter, r *http.Request) {
	var docs []any
	for _, p := range match(s.opts.places, r.URL.Query().Get("query")) {
		docs = append(docs, map[string]any{"place_name": p.Name, "address_name": kakaoShort(p.Jibun), "road_address_name": kakaoShort(p.Road),
			"id": strconv.Itoa(len(docs) + 1), "distance": "", "x": str(p.Point[0]), "y": str(p.Point[1])})
	}
	writeJSON(w, 200, map[string]any{"meta": map[string]any{"total_count": len(docs), "pageable_count": len(docs), "is_end": true}, "documents": nonNil(docs)})
}

func queryPoint(r *http.Request, xk, yk string) (orb.Point, bool) {
	x, err1 := strconv.ParseFloat(r.URL.Query().Get(xk), 64)
	y, err2 := strconv.ParseFloat(r.URL.Query().Get(yk), 64)
	return orb.Point{x, y}, err1 == nil && err2 == nil
}

func (s *Server) kakaoCoord2Address(w http.ResponseWriter, r *http.Request) {
	pt, ok := queryPoint(r, "x", "y")
	if !ok {
		writeJSON(w, 400, `{"errorType":"InvalidArgument","message":"x, y must be numbers"}`)
		return
	}
	var docs []any
	if p, ok := nearest(s.opts.places, pt, 1000); ok {
		d := kakaoDoc(p)
		docs = append(docs, map[string]any{"address": d["address"], "road_address": d["road_address"]})
	}
	writeJSON(w, 200, map[string]any{"meta": map[string]any{"total_count": len(docs)}, "documents": nonNil(docs)})
}

func (s *Server) kakaoRegion(w http.ResponseWriter, r *http.Request) {
	pt, ok := queryPoint(r, "x", "y")
	if !ok {
		writeJSON(w, 400, `{"errorType":"InvalidArgument","message":"x, y must be numbers"}`)
		return
	}
	var docs []any
	if p, ok := nearest(s.opts.places, pt, 5000); ok {
		for _, t := range []string{"B", "H"} {
			docs = append(docs, map[string]any{"region_type": t, "address_name": p.Sido() + " " + p.Sigungu() + " " + p.Dong(),
				"region_1depth_name": p.Sido(), "region_2depth_name": p.Sigungu(), "region_3depth_name": p.Dong(), "region_4depth_name": "",
				"code": p.LegalCode, "x": pt[0], "y": pt[1]})
		}
	}
	writeJSON(w, 200, map[string]any{"meta": map[string]any{"total_count": len(docs)}, "documents": nonNil(docs)})
}

func parseXY(s string) (orb.Point, bool) {
	parts := strings.Split(s, ",")
	if len(parts) < 2 {
		return orb.Point{}, false
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	return orb.Point{x, y}, err1 == nil && err2 == nil
}

// kakaoRoute renders a route the way /v1/directions answers.
func kakaoRoute(pts []orb.Point) map[string]any {
	if tooClose(pts[0], pts[len(pts)-1]) && len(pts) == 2 {
		return map[string]any{"result_code": 104, "result_msg": "출발지와 도착지가 5 m 이내로 설정된 경우 경로를 탐색할 수 없음"}
	}
	rt := plan(pts)
	var sections []any
	for _, l := range rt.legs {
		var v []float64
		for _, p := range l.line {
			v = append(v, p[0], p[1])
		}
		sections = append(sections, map[string]any{"distance": int(l.distance), "duration": int(l.duration.Seconds()),
			"roads": []any{map[string]any{"name": "", "distance": int(l.distance), "duration": int(l.duration.Seconds()), "vertexes": v}}})
	}
	return map[string]any{"result_code": 0, "result_msg": "길찾기 성공", "summary": map[string]any{
		"fare":     map[string]any{"taxi": 4800 + int(rt.distance/131)*100, "toll": 0},
		"distance": int(rt.distance), "duration": int(rt.duration.Seconds())}, "sections": sections}
}

func (s *Server) kakaoDirections(w http.ResponseWriter, r *http.Request) {
	o, ok1 := parseXY(r.URL.Query().Get("origin"))
	d, ok2 := parseXY(r.URL.Query().Get("destination"))
	if !ok1 || !ok2 {
		writeJSON(w, 400, `{"code":-2,"msg":"origin and destination are required"}`)
		return
	}
	writeJSON(w, 200, map[string]any{"trans_id": "sim", "routes": []any{kakaoRoute([]orb.Point{o, d})}})
}

type kakaoPoint struct {
	X   json.Number `json:"x"`
	Y   json.Number `json:"y"`
	Key string      `json:"key"`
}

func (p kakaoPoint) point() orb.Point {
	x, _ := p.X.Float64()
	y, _ := p.Y.Float64()
	return orb.Point{x, y}
}

func (s *Server) kakaoWaypoints(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Origin      kakaoPoint   `json:"origin"`
		Destination kakaoPoint   `json:"destination"`
		Waypoints   []kakaoPoint `json:"waypoints"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, 400, fmt.Sprintf(`{"code":-2,"msg":%q}`, err.Error()))
		return
	}
	pts := []orb.Point{body.Origin.point()}
	for _, wp := range body.Waypoints {
		pts = append(pts, wp.point())
	}
	pts = append(pts, body.Destination.point())
	writeJSON(w, 200, map[string]any{"trans_id": "sim", "routes": []any{kakaoRoute(pts)}})
}

func (s *Server) kakaoDestinations(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Origin       kakaoPoint   `json:"origin"`
		Destinations []kakaoPoint `json:"destinations"`
		Radius       int          `json:"radius"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Radius <= 0 || body.Radius > 10000 {
		writeJSON(w, 400, `{"code":-2,"msg":"invalid body or radius"}`)
		return
	}
	if len(body.Destinations) > 30 {
		writeJSON(w, 200, `{"trans_id":"sim","routes":[{"result_code":303,"result_msg":"목적지 개수 초과"}]}`)
		return
	}
	o := body.Origin.point()
	var routes []any
	for _, d := range body.Destinations {
		p := d.point()
		rt := plan([]orb.Point{o, p})
		if rt.distance/detourFactor > float64(body.Radius) {
			routes = append(routes, map[string]any{"result_code": 304, "result_msg": "목적지가 반경을 벗어남", "key": d.Key})
			continue
		}
		routes = append(routes, map[string]any{"result_code": 0, "result_msg": "길찾기 성공", "key": d.Key,
			"summary": map[string]any{"distance": int(rt.distance), "duration": int(rt.duration.Seconds())}})
	}
	writeJSON(w, 200, map[string]any{"trans_id": "sim", "routes": nonNil(routes)})
}

func nonNil(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}
