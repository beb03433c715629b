package tmap

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

const key = "FAKE-TMAP-KEY-0000-sentinel"

var (
	cityHall = orb.Point{126.978652, 37.566826}
	pangyo   = orb.Point{127.111203, 37.394776}
	busan    = orb.Point{129.075986, 35.179470}
)

// roadJSON: a road-name match; the jibun pair is "" as TMAP sends it.
const roadJSON = `{"coordinateInfo":{"coordType":"WGS84GEO","addressFlag":"F00","page":"1","count":"20","totalCount":"1",
 "coordinate":[{"matchFlag":"","lat":"","lon":"","latEntr":"","lonEntr":"","city_do":"서울특별시","gu_gun":"중구","eup_myun":"",
  "legalDong":"","adminDong":"","ri":"","bunji":"","buildingName":"","newMatchFlag":"N55","newLat":"37.566826","newLon":"126.978652",
  "newLatEntr":"","newLonEntr":"","newRoadName":"세종대로","newBuildingIndex":"110","newBuildingName":"서울특별시청","zipcode":"04524"}]}}`

// jibunJSON: a jibun match; the road pair is "".
const jibunJSON = `{"coordinateInfo":{"totalCount":"1","coordinate":[{"matchFlag":"M21","lat":"37.566826","lon":"126.978652",
 "city_do":"서울특별시","gu_gun":"중구","legalDong":"태평로1가","bunji":"31","newMatchFlag":"","newLat":"","newLon":"","newRoadName":"","newBuildingIndex":""}]}}`

// loggedRoadJSON is the real logged fullAddrGeo answer of the wire notes:
// a road without a building number.
const loggedRoadJSON = `{"coordinateInfo":{"coordType":"WGS84GEO","addressFlag":"F00","page":"1","count":"20","totalCount":"2",
 "coordinate":[{"matchFlag":"","lat":"","lon":"","latEntr":"","lonEntr":"","city_do":"서울특별시","gu_gun":"동작구",
   "legalDong":"","adminDong":"","bunji":"","buildingName":"",
   "newMatchFlag":"N55","newLat":"37.497256","newLon":"126.927899","newLatEntr":"","newLonEntr":"",
   "newRoadName":"보라매로","newBuildingIndex":"","newBuildingName":"","zipcode":""}]}}`

const emptyAddrJSON = `{"coordinateInfo":{"totalCount":"0","coordinate":[]}}`

const poiJSON = `{"searchPoiInfo":{"totalCount":"65","count":"1","page":"1","pois":{"poi":[{"id":"4670161","pkey":"37446900",
 "navSeq":"0","name":"판교역 신분당선","telNo":"","frontLat":"37.394776","frontLon":"127.111203","noorLat":"",
 "noorLon":"","upperAddrName":"경기","middleAddrName":"성남시 분당구","lowerAddrName":"백현동",
 "firstNo":"537","secondNo":"0","roadName":"판교역로","firstBuildNo":"160","secondBuildNo":"","radius":"0","rpFlag":"16"}]}}}`

const reverseJSON = `{"addressInfo":{"fullAddress":"서울특별시 노원구 중계본동,서울특별시 노원구 중계동 363-8,서울특별시 노원구 한글비석로8길 20","addressType":"A10",
 "city_do":"서울특별시","gu_gun":"노원구","eup_myun":"","adminDong":"중계본동","adminDongCode":"1135061900","legalDong":"중계동",
 "legalDongCode":"1135010600","ri":"","bunji":"363-8","roadName":"한글비석로8길","buildingIndex":"20","buildingName":"대림,벽산아파트",
 "mappingDistance":"148.192442","roadCode":"113504130431"}}`

// routeJSON: one via point; the second LineString repeats its first vertex.
const routeJSON = `{"type":"FeatureCollection","features":[
 {"type":"Feature","geometry":{"type":"Point","coordinates":[127.111203,37.394776]},
  "properties":{"totalDistance":23012,"totalTime":2405,"totalFare":1100,"taxiFare":28400,"index":0,"pointIndex":0,"pointType":"S","turnType":200}},
 {"type":"Feature","geometry":{"type":"LineString","coordinates":[[127.111203,37.394776],[127.11,37.40]]},
  "properties":{"index":1,"lineIndex":0,"distance":500,"time":60}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[127.11,37.40]},"properties":{"index":2,"pointIndex":1,"pointType":"B1","turnType":185}},
 {"type":"Feature","geometry":{"type":"LineString","coordinates":[[127.11,37.40],[127.05,37.48],[126.978652,37.566826]]},
  "properties":{"index":3,"lineIndex":1,"distance":22512,"time":2345}},
 {"type":"Feature","geometry":{"type":"Point","coordinates":[126.978652,37.566826]},"properties":{"index":4,"pointIndex":2,"pointType":"E","turnType":201}}]}`

type server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
	hits atomic.Int32
}

type recorded struct {
	method, path string
	query        map[string][]string
	header       http.Header
	body         []byte
}

func newServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, body []byte)) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		if got := r.Header.Get("appKey"); got != key {
			t.Errorf("appKey header = %q", got)
		}
		if strings.Contains(r.URL.String(), key) {
			t.Errorf("key in URL %s", r.URL)
		}
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), body})
		s.mu.Unlock()
		h(w, r, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) req(i int) recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs[i]
}

func client(t *testing.T, s *server, opts ...Option) *Client {
	t.Helper()
	// A plain client: tests count exact requests, without the default retry.
	c, err := New(key, append([]Option{WithBaseURL(s.URL), WithHTTPClient(&http.Client{Timeout: 5 * time.Second})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func serve(body string) func(http.ResponseWriter, *http.Request, []byte) {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) { fmt.Fprint(w, body) }
}

func TestGeocodeRoadMatch(t *testing.T) {
	s := newServer(t, serve(roadJSON))
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "서울 중구 세종대로 110", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	r := s.req(0)
	q := r.query
	if r.method != "GET" || r.path != "/tmap/geo/fullAddrGeo" || q["version"][0] != "1" || q["fullAddr"][0] != "서울 중구 세종대로 110" ||
		q["addressFlag"][0] != "F00" || q["coordType"][0] != "WGS84GEO" || q["count"][0] != "3" || q["format"][0] != "json" {
		t.Errorf("request %+v", r)
	}
	p := places[0]
	a := p.Address
	if p.Point != cityHall || p.Confidence != confExact || p.Provider != "tmap" || p.Name != "서울특별시청" {
		t.Errorf("place %+v", p)
	}
	if a.Road != "서울특별시 중구 세종대로 110" || a.Jibun != "" || a.Sido != "서울특별시" || a.RoadName != "세종대로" ||
		a.BuildingMain != "110" || a.PostalCode != "04524" || a.Key() != "R:서울특별시중구세종대로110" {
		t.Errorf("address %+v", a)
	}
}

func TestGeocodeJibunMatch(t *testing.T) {
	s := newServer(t, serve(jibunJSON))
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "중구 태평로1가 31"})
	if err != nil {
		t.Fatal(err)
	}
	a := places[0].Address
	if places[0].Point != cityHall || a.Jibun != "서울특별시 중구 태평로1가 31" || a.Road != "" || a.LandMain != "31" || a.LegalDong != "태평로1가" {
		t.Errorf("place %+v", places[0])
	}
}

func TestGeocodeLoggedAnswer(t *testing.T) {
	s := newServer(t, serve(loggedRoadJSON))
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "서울 동작구 보라매로"})
	if err != nil {
		t.Fatal(err)
	}
	if p := places[0]; p.Point != (orb.Point{126.927899, 37.497256}) || p.Confidence != confRegion || p.Address.Road != "" || p.Address.Sigungu != "동작구" {
		t.Errorf("place %+v", p)
	}
}

func TestGeocodeFallsBackToPOI(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if r.URL.Path == "/tmap/pois" {
			fmt.Fprint(w, poiJSON)
			return
		}
		fmt.Fprint(w, emptyAddrJSON)
	})
	near := orb.Point{127.1, 37.4}
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "판교역", Near: &near})
	if err != nil {
		t.Fatal(err)
	}
	r := s.req(1)
	if r.path != "/tmap/pois" || r.query["searchKeyword"][0] != "판교역" || r.query["centerLon"][0] != "127.1" || r.query["centerLat"][0] != "37.4" || r.query["version"][0] != "1" {
		t.Errorf("POI request %+v", r)
	}
	p := places[0]
	// No centroid: the entrance point is used.
	if p.Point != pangyo || p.Name != "판교역 신분당선" || p.Confidence != confPOI {
		t.Errorf("place %+v", p)
	}
	if a := p.Address; a.Sido != "경기도" || a.Road != "경기도 성남시 분당구 판교역로 160" || a.Jibun != "경기도 성남시 분당구 백현동 537" {
		t.Errorf("address %+v", a)
	}
}

func TestGeocodeMisses(t *testing.T) {
	// POI search's "no hits" is a 204 with an empty body.
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if r.URL.Path == "/tmap/pois" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		fmt.Fprint(w, emptyAddrJSON)
	})
	if _, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "없는곳"}); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("POI 204: %v", err)
	}
	// An address with a number that is not found is not retried as a POI.
	s2 := newServer(t, serve(emptyAddrJSON))
	if _, err := client(t, s2).Geocode(context.Background(), geo.GeocodeRequest{Query: "없는로 999"}); !errors.Is(err, geo.ErrNotFound) || s2.hits.Load() != 1 {
		t.Errorf("address miss: %v after %d calls", err, s2.hits.Load())
	}
}

func TestReverse(t *testing.T) {
	s := newServer(t, serve(reverseJSON))
	pt := orb.Point{127.0766, 37.6512}
	places, err := client(t, s).ReverseGeocode(context.Background(), geo.ReverseRequest{Point: pt})
	if err != nil {
		t.Fatal(err)
	}
	q := s.req(0).query
	if s.req(0).path != "/tmap/geo/reversegeocoding" || q["lon"][0] != "127.0766" || q["lat"][0] != "37.6512" || q["addressType"][0] != "A10" || q["version"][0] != "1" {
		t.Errorf("query %v", q)
	}
	a := places[0].Address
	if a.Road != "서울특별시 노원구 한글비석로8길 20" || a.Jibun != "서울특별시 노원구 중계동 363-8" || a.LegalCode != "1135010600" ||
		a.AdminCode != "1135061900" || a.AdminDong != "중계본동" || a.LandMain != "363" || a.LandSub != "8" || places[0].Point != pt {
		t.Errorf("address %+v", a)
	}
}

func TestReverseNothingThere(t *testing.T) {
	s := newServer(t, serve(`{"addressInfo":{"fullAddress":"","city_do":"","gu_gun":""}}`))
	if _, err := client(t, s).ReverseGeocode(context.Background(), geo.ReverseRequest{Point: orb.Point{131.5, 36}}); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("err = %v", err)
	}
}

// TestRecordedMalformedReverse serves a real reverse-geocoding body that is
// not JSON (an unescaped quoted building name).
func TestRecordedMalformedReverse(t *testing.T) {
	body, err := os.ReadFile("testdata/reversegeocoding-malformed-1.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(t, serve(string(body)))
	if _, err := client(t, s).ReverseGeocode(context.Background(), geo.ReverseRequest{Point: cityHall}); !errors.Is(err, geo.ErrUnavailable) {
		t.Errorf("err = %v", err)
	}
}

func TestRoute(t *testing.T) {
	s := newServer(t, serve(routeJSON))
	via := orb.Point{127.11, 37.40}
	r, err := client(t, s).Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall, Waypoints: []orb.Point{via}})
	if err != nil {
		t.Fatal(err)
	}
	rq := s.req(0)
	var body map[string]any
	if err := json.Unmarshal(rq.body, &body); err != nil {
		t.Fatal(err)
	}
	if rq.method != "POST" || rq.path != "/tmap/routes" || rq.query["version"][0] != "1" || rq.header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %s %v %v", rq.method, rq.path, rq.query, rq.header)
	}
	want := map[string]any{"startX": "127.111203", "startY": "37.394776", "endX": "126.978652", "endY": "37.566826",
		"passList": "127.11,37.4", "searchOption": "0", "reqCoordType": "WGS84GEO", "resCoordType": "WGS84GEO"}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%s] = %v, want %v", k, body[k], v)
		}
	}
	if r.DistanceMeters != 23012 || r.Duration != 2405*time.Second || r.TollFareKRW != 1100 || r.TaxiFareKRW != 28400 || r.Provider != "tmap" {
		t.Errorf("route %+v", r)
	}
	wantLine := orb.LineString{{127.111203, 37.394776}, {127.11, 37.40}, {127.05, 37.48}, {126.978652, 37.566826}}
	if !r.Geometry.Equal(wantLine) {
		t.Errorf("geometry %v", r.Geometry)
	}
	if len(r.Legs) != 2 || r.Legs[0].DistanceMeters != 500 || r.Legs[1].Duration != 2345*time.Second {
		t.Errorf("legs %+v", r.Legs)
	}
}

func TestRouteOptions(t *testing.T) {
	for _, tc := range []struct {
		prio  geo.Priority
		tolls bool
		want  string
	}{{geo.PriorityRecommended, false, "0"}, {geo.PriorityTime, false, "2"}, {geo.PriorityDistance, false, "10"}, {geo.PriorityTime, true, "1"}} {
		s := newServer(t, serve(routeJSON))
		if _, err := client(t, s).Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall, Priority: tc.prio, AvoidTolls: tc.tolls}); err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		json.Unmarshal(s.req(0).body, &body)
		if body["searchOption"] != tc.want || body["passList"] != nil {
			t.Errorf("%v tolls %v: searchOption %v, passList %v", tc.prio, tc.tolls, body["searchOption"], body["passList"])
		}
	}
}

func TestRouteTooManyWaypoints(t *testing.T) {
	s := newServer(t, serve(routeJSON))
	wps := make([]orb.Point, MaxWaypoints+1)
	for i := range wps {
		wps[i] = orb.Point{127 + float64(i)/100, 37.5}
	}
	_, err := client(t, s).Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall, Waypoints: wps})
	if !errors.Is(err, geo.ErrUnsupported) || s.hits.Load() != 0 {
		t.Errorf("err %v after %d calls", err, s.hits.Load())
	}
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestErrorTable: one row per answer of the error table, served by a local
// server to a route call (and a matrix call for the matrix's meta body).
func TestErrorTable(t *testing.T) {
	for _, tc := range []struct {
		name       string
		status     int
		body       string
		retryAfter string
		want       error
		final      bool
		quota      bool
		wait       time.Duration
		matrix     bool
	}{
		{name: "403 INVALID_API_KEY (recorded)", status: 403, body: fixture(t, "error-1.json"), want: geo.ErrUnauthorized},
		{name: "401 without body", status: 401, want: geo.ErrUnauthorized},
		{name: "429 QUOTA_EXCEEDED (recorded)", status: 429, body: fixture(t, "error-5.json"), want: geo.ErrQuotaExceeded, quota: true},
		{name: "429 THROTTLED", status: 429, body: `{"error":{"id":"429","category":"gw","code":"THROTTLED","message":"Too Many Requests"}}`,
			retryAfter: "3", want: geo.ErrRateLimited, wait: 3 * time.Second},
		{name: "429 without body", status: 429, want: geo.ErrRateLimited},
		{name: "400 1007 too close (recorded)", status: 400, body: fixture(t, "error-2.json"), want: geo.ErrNotFound, final: true},
		{name: "400 3102 no service area (recorded)", status: 400, body: fixture(t, "error-3.json"), want: geo.ErrNotFound},
		{name: "400 9401 missing parameter (recorded)", status: 400, body: fixture(t, "error-4.json"), want: geo.ErrInvalidRequest},
		{name: "400 1100 bad value", status: 400, body: `{"error":{"id":"400","category":"tmap","code":"1100","message":"요청 데이터 오류"}}`, want: geo.ErrInvalidRequest},
		{name: "400 numeric code", status: 400, body: `{"error":{"id":400,"category":"tmap","code":3102,"message":"x"}}`, want: geo.ErrNotFound},
		{name: "500 tmap body", status: 500, body: `{"error":{"id":"500","category":"tmap","code":"9999","message":"x"}}`, want: geo.ErrUnavailable},
		{name: "502 HTML", status: 502, body: `<html>Bad Gateway</html>`, want: geo.ErrUnavailable},
		{name: "400 HTML", status: 400, body: `<html>bad</html>`, want: geo.ErrUnavailable},
		{name: "200 HTML", status: 200, body: `<html>maintenance</html>`, want: geo.ErrUnavailable},
		{name: "200 truncated JSON", status: 200, body: `{"type":"FeatureCollection","features":[{"type"`, want: geo.ErrUnavailable},
		{name: "200 no features", status: 200, body: `{"type":"FeatureCollection","features":[]}`, want: geo.ErrUnavailable},
		{name: "matrix 400 meta NoServiceArea", status: 400, body: `{"meta":{"status":"NoServiceArea","message":"x"}}`, want: geo.ErrNotFound, matrix: true},
		{name: "matrix 400 meta BadRequest", status: 400, body: `{"meta":{"status":"BadRequest","message":"x"}}`, want: geo.ErrInvalidRequest, matrix: true},
		{name: "matrix 500 meta Failure", status: 500, body: `{"meta":{"status":"Failure","message":"x"}}`, want: geo.ErrUnavailable, matrix: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
				if tc.retryAfter != "" {
					w.Header().Set("Retry-After", tc.retryAfter)
				}
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			c := client(t, s)
			var err error
			if tc.matrix {
				// A matrix whose every cell is "not found" is a matrix of
				// holes, not a failed call: the cell carries the error.
				var m *geo.Matrix
				if m, err = c.Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{pangyo}, Destinations: []orb.Point{cityHall}}); err == nil {
					err = m.Cells[0][0].Err
				}
			} else {
				_, err = c.Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall})
			}
			var pe *geo.ProviderError
			if !errors.Is(err, tc.want) || !errors.As(err, &pe) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if pe.Final != tc.final || pe.RetryAfter != tc.wait || pe.Provider != "tmap" {
				t.Errorf("%+v", pe)
			}
			if tc.quota && !pe.ResetAt.Equal(geo.NextMidnightKST(time.Now())) {
				t.Errorf("ResetAt %v", pe.ResetAt)
			}
		})
	}
}

// TestSentinelKey: the key is sent in its header and never appears in an
// error or a log line, whatever the answer.
func TestSentinelKey(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, status := range []int{400, 403, 429, 500, 200} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error":{"id":"%d","category":"gw","code":"X","message":"appKey=%s"}}`, status, r.Header.Get("appKey")[:4])
		})
		c := client(t, s, WithLogger(logger))
		for _, call := range []func() error{
			func() error {
				_, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "판교역"})
				return err
			},
			func() error {
				_, err := c.ReverseGeocode(context.Background(), geo.ReverseRequest{Point: pangyo})
				return err
			},
			func() error {
				_, err := c.Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: busan})
				return err
			},
			func() error {
				_, err := c.Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{pangyo}, Destinations: []orb.Point{busan}})
				return err
			},
		} {
			err := call()
			if err == nil || strings.Contains(err.Error(), "sentinel") || strings.Contains(fmt.Sprintf("%+v", err), key) {
				t.Errorf("status %d: %v", status, err)
			}
		}
	}
	if logs.Len() == 0 || strings.Contains(logs.String(), "sentinel") {
		t.Errorf("logs: %s", logs.String())
	}
}

func TestOptions(t *testing.T) {
	if _, err := New(" "); err == nil {
		t.Error("empty key accepted")
	}
	for _, o := range []Option{WithName(""), WithHTTPClient(nil), WithLogger(nil), WithLimiter(nil), WithMatrixConcurrency(0), WithBaseURL("apis")} {
		if _, err := New(key, o); err == nil {
			t.Error("bad option accepted")
		}
	}
	hc := &http.Client{}
	c, err := New(key, WithName("tmap-b"), WithHTTPClient(hc))
	if err != nil || c.Name() != "tmap-b" || c.b.HC == hc || c.Close() != nil {
		t.Errorf("%v %v", c, err)
	}
	s := newServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) { w.WriteHeader(403) })
	_, err = client(t, s, WithName("tmap-b")).Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: busan})
	var pe *geo.ProviderError
	if !errors.As(err, &pe) || pe.Provider != "tmap-b" {
		t.Errorf("err %v does not carry the name", err)
	}
}
