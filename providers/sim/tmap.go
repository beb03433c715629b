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

// NewTMAP starts a simulator of the SK open API TMAP products
// (fullAddrGeo, POI search, reverse geocoding, car routes, matrix); point
// tmap.WithBaseURL at its URL. Its error answers are the gateway's
// {"error":{…}} bodies; numbers arrive as strings where TMAP sends strings.
func NewTMAP(opts ...Option) (*Server, error) {
	return start("tmap", 10*time.Millisecond, func(mux *http.ServeMux, s *Server) {
		mux.HandleFunc("GET /tmap/geo/fullAddrGeo", s.tmapFullAddr)
		mux.HandleFunc("GET /tmap/pois", s.tmapPOIs)
		mux.HandleFunc("GET /tmap/geo/reversegeocoding", s.tmapReverse)
		mux.HandleFunc("POST /tmap/routes", s.tmapRoute)
		mux.HandleFunc("POST /tmap/matrix", s.tmapMatrix)
	}, opts)
}

// tmapError writes a TMAP service error body.
func tmapError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"id": strconv.Itoa(status), "category": "tmap", "code": code, "message": msg}})
}

// tmapVersion rejects a call without version=1, as the gateway does.
func tmapVersion(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Query().Get("version") != "1" {
		tmapError(w, 400, "9401", "필수 파라메터가 없습니다. (version)")
		return false
	}
	return true
}

// tmapLot splits a jibun address's lot number ("43-205", "산1-3").
func tmapLot(p Place) string {
	f := strings.Fields(p.Jibun)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

func (s *Server) tmapFullAddr(w http.ResponseWriter, r *http.Request) {
	if !tmapVersion(w, r) {
		return
	}
	q := r.URL.Query().Get("fullAddr")
	if q == "" {
		tmapError(w, 400, "9401", "필수 파라메터가 없습니다. (fullAddr)")
		return
	}
	var coords []any
	for _, p := range match(s.opts.places, q) {
		c := map[string]any{"matchFlag": "", "lat": "", "lon": "", "latEntr": "", "lonEntr": "", "city_do": p.Sido(), "gu_gun": p.Sigungu(),
			"eup_myun": "", "legalDong": "", "adminDong": "", "ri": "", "bunji": "", "buildingName": "", "newMatchFlag": "", "newLat": "", "newLon": "",
			"newLatEntr": "", "newLonEntr": "", "newRoadName": "", "newBuildingIndex": "", "newBuildingName": "", "zipcode": ""}
		lat, lon := strconv.FormatFloat(p.Point[1], 'f', 6, 64), strconv.FormatFloat(p.Point[0], 'f', 6, 64)
		if strings.Contains(norm(p.Jibun), norm(q)) && !strings.Contains(norm(p.Road), norm(q)) {
			// A jibun hit fills the old pair and leaves the road pair "".
			c["matchFlag"], c["lat"], c["lon"], c["legalDong"], c["bunji"], c["buildingName"] = "M21", lat, lon, p.Dong(), tmapLot(p), p.Name
		} else {
			c["newMatchFlag"], c["newLat"], c["newLon"], c["newRoadName"], c["newBuildingIndex"] = "N55", lat, lon, p.RoadName(), p.BuildingNo()
			c["newBuildingName"], c["zipcode"] = p.Name, p.PostalCode
		}
		coords = append(coords, c)
	}
	n := strconv.Itoa(len(coords))
	writeJSON(w, 200, map[string]any{"coordinateInfo": map[string]any{"coordType": "WGS84GEO", "addressFlag": "F00", "page": "1",
		"count": n, "totalCount": n, "coordinate": nonNil(coords)}})
}

func (s *Server) tmapPOIs(w http.ResponseWriter, r *http.Request) {
	if !tmapVersion(w, r) {
		return
	}
	var pois []any
	for _, p := range match(s.opts.places, r.URL.Query().Get("searchKeyword")) {
		lot := tmapLot(p)
		ml := "1"
		if strings.HasPrefix(lot, "산") {
			ml, lot = "2", strings.TrimPrefix(lot, "산")
		}
		first, second, _ := strings.Cut(lot, "-")
		bfirst, bsecond, _ := strings.Cut(p.BuildingNo(), "-")
		lat, lon := strconv.FormatFloat(p.Point[1], 'f', 6, 64), strconv.FormatFloat(p.Point[0], 'f', 6, 64)
		pois = append(pois, map[string]any{"id": strconv.Itoa(4670000 + len(pois)), "name": p.Name, "telNo": "",
			"frontLat": lat, "frontLon": lon, "noorLat": lat, "noorLon": lon,
			// POI search abbreviates the province the way Kakao does.
			"upperAddrName": strings.Fields(kakaoShort(p.Road))[0], "middleAddrName": p.Sigungu(), "lowerAddrName": p.Dong(),
			"detailAddrName": "", "mlClass": ml, "firstNo": first, "secondNo": second, "roadName": p.RoadName(),
			"firstBuildNo": bfirst, "secondBuildNo": bsecond, "radius": "0", "rpFlag": "16"})
	}
	if len(pois) == 0 {
		w.WriteHeader(http.StatusNoContent) // TMAP's "no hits"
		return
	}
	n := strconv.Itoa(len(pois))
	writeJSON(w, 200, map[string]any{"searchPoiInfo": map[string]any{"totalCount": n, "count": n, "page": "1", "pois": map[string]any{"poi": pois}}})
}

func (s *Server) tmapReverse(w http.ResponseWriter, r *http.Request) {
	if !tmapVersion(w, r) {
		return
	}
	pt, ok := queryPoint(r, "lon", "lat")
	if !ok {
		tmapError(w, 400, "1100", "요청 데이터 오류입니다. (lat, lon)")
		return
	}
	p, near := nearest(s.opts.places, pt, 1000)
	if !near {
		writeJSON(w, 200, `{"addressInfo":{"fullAddress":"","addressType":"A10","city_do":"","gu_gun":"","legalDong":"","roadName":""}}`)
		return
	}
	writeJSON(w, 200, map[string]any{"addressInfo": map[string]any{
		"fullAddress": p.Jibun + "," + p.Road, "addressType": "A10", "city_do": p.Sido(), "gu_gun": p.Sigungu(), "eup_myun": "",
		"adminDong": p.Dong(), "adminDongCode": "", "legalDong": p.Dong(), "legalDongCode": p.LegalCode, "ri": "", "bunji": tmapLot(p),
		"roadName": p.RoadName(), "buildingIndex": p.BuildingNo(), "buildingName": p.Name, "mappingDistance": "0.0", "roadCode": ""}})
}

// tmapNumber reads a body value TMAP takes as a string or a number.
func tmapNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	case float64:
		return x, true
	}
	return 0, false
}

func (s *Server) tmapRoute(w http.ResponseWriter, r *http.Request) {
	if !tmapVersion(w, r) {
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		tmapError(w, 400, "1100", "요청 데이터 오류입니다.")
		return
	}
	var xy [4]float64
	for i, k := range []string{"startX", "startY", "endX", "endY"} {
		v, ok := tmapNumber(body[k])
		if !ok {
			tmapError(w, 400, "9401", "필수 파라메터가 없습니다. ("+k+")")
			return
		}
		xy[i] = v
	}
	pts := []orb.Point{{xy[0], xy[1]}}
	if pl, _ := body["passList"].(string); pl != "" {
		vias := strings.Split(pl, "_")
		if len(vias) > 5 {
			tmapError(w, 400, "1100", "경유지는 최대 5개까지 가능합니다.")
			return
		}
		for _, v := range vias {
			p, ok := parseXY(v)
			if !ok {
				tmapError(w, 400, "1100", "요청 데이터 오류입니다. (passList)")
				return
			}
			pts = append(pts, p)
		}
	}
	pts = append(pts, orb.Point{xy[2], xy[3]})
	for _, p := range pts {
		if _, _, inside := osrmSnap(p); !inside {
			tmapError(w, 400, "3102", "NoServiceArea")
			return
		}
	}
	if len(pts) == 2 && tooClose(pts[0], pts[1]) {
		tmapError(w, 400, "1007", "출발지와 도착지가 너무 가깝습니다.")
		return
	}
	rt := plan(pts)
	feature := func(geom, props map[string]any) map[string]any {
		return map[string]any{"type": "Feature", "geometry": geom, "properties": props}
	}
	lonlat := func(p orb.Point) []float64 { return []float64{p[0], p[1]} }
	features := []any{feature(map[string]any{"type": "Point", "coordinates": lonlat(pts[0])}, map[string]any{
		"totalDistance": int(rt.distance), "totalTime": int(rt.duration.Seconds()), "totalFare": 0,
		"taxiFare": 4800 + int(rt.distance/131)*100, "index": 0, "pointIndex": 0, "turnType": 200, "pointType": "S"})}
	for i, l := range rt.legs {
		line := make([][]float64, len(l.line))
		for k, p := range l.line {
			line[k] = lonlat(p)
		}
		features = append(features, feature(map[string]any{"type": "LineString", "coordinates": line}, map[string]any{
			"index": len(features), "lineIndex": i, "distance": int(l.distance), "time": int(l.duration.Seconds())}))
		kind, turn := "E", 201
		if i < len(rt.legs)-1 {
			kind, turn = fmt.Sprintf("B%d", i+1), 185+i
		}
		features = append(features, feature(map[string]any{"type": "Point", "coordinates": lonlat(pts[i+1])}, map[string]any{
			"index": len(features), "pointIndex": i + 1, "turnType": turn, "pointType": kind}))
	}
	writeJSON(w, 200, map[string]any{"type": "FeatureCollection", "features": features})
}

func (s *Server) tmapMatrix(w http.ResponseWriter, r *http.Request) {
	if !tmapVersion(w, r) {
		return
	}
	var body struct {
		Origins       []map[string]any `json:"origins"`
		Destinations  []map[string]any `json:"destinations"`
		TransportMode string           `json:"transportMode"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Origins) == 0 || len(body.Destinations) == 0 {
		tmapError(w, 400, "9401", "필수 파라메터가 없습니다. (origins, destinations)")
		return
	}
	if len(body.Origins) > 30 || len(body.Destinations) > 30 {
		tmapError(w, 400, "1100", "출발지, 목적지는 최대 30개입니다.")
		return
	}
	points := func(in []map[string]any) ([]orb.Point, bool) {
		out := make([]orb.Point, len(in))
		for i, m := range in {
			// lon and lat must be strings: numbers are refused.
			lon, ok1 := m["lon"].(string)
			lat, ok2 := m["lat"].(string)
			x, err1 := strconv.ParseFloat(lon, 64)
			y, err2 := strconv.ParseFloat(lat, 64)
			if !ok1 || !ok2 || err1 != nil || err2 != nil {
				return nil, false
			}
			out[i] = orb.Point{x, y}
		}
		return out, true
	}
	os, ok1 := points(body.Origins)
	ds, ok2 := points(body.Destinations)
	if !ok1 || !ok2 {
		tmapError(w, 400, "1100", "요청 데이터 오류입니다. (lon, lat)")
		return
	}
	var routes []any
	for i, o := range os {
		for j, d := range ds {
			_, _, in1 := osrmSnap(o)
			_, _, in2 := osrmSnap(d)
			el := map[string]any{"originIndex": i, "destinationIndex": j}
			if !in1 || !in2 {
				el["status"] = "NoServiceArea"
			} else {
				rt := plan([]orb.Point{o, d})
				el["status"], el["duration"], el["distance"], el["cost"], el["toll"] = "Ok", int(rt.duration.Seconds()), rt.distance, 0, false
			}
			routes = append(routes, el)
		}
	}
	writeJSON(w, 200, map[string]any{"meta": map[string]any{"status": "Ok", "message": "OK", "metric": "Recommendation", "transportMode": "Car"},
		"matrixRoutes": nonNil(routes)})
}
