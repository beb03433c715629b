package kakao

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
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
	"github.com/mapswitch/mapswitch/limit"
)

const key = "FAKE-KAKAO-KEY-0000-sentinel"

var (
	cityHall = orb.Point{126.978652258309, 37.566826004661}
	pangyo   = orb.Point{127.111203, 37.394776}
	busan    = orb.Point{129.075986, 35.179470}
)

// addressJSON: Seoul City Hall by address search, coordinates as strings.
const addressJSON = `{"meta":{"total_count":1,"pageable_count":1,"is_end":true},"documents":[{
 "address_name":"서울 중구 세종대로 110","address_type":"ROAD_ADDR","x":"126.978652258309","y":"37.566826004661",
 "address":{"address_name":"서울 중구 태평로1가 31","region_1depth_name":"서울","region_2depth_name":"중구","region_3depth_name":"태평로1가",
  "region_3depth_h_name":"명동","h_code":"1114055000","b_code":"1114010300","mountain_yn":"N","main_address_no":"31","sub_address_no":"",
  "x":"126.978652258309","y":"37.566826004661"},
 "road_address":{"address_name":"서울 중구 세종대로 110","region_1depth_name":"서울","region_2depth_name":"중구","region_3depth_name":"태평로1가",
  "road_name":"세종대로","underground_yn":"N","main_building_no":"110","sub_building_no":"","building_name":"서울특별시청","zone_no":"04524",
  "x":"126.978652258309","y":"37.566826004661"}}]}`

// regionOnlyJSON: a region-level match with a null road_address and numeric x/y.
const regionOnlyJSON = `{"documents":[{"address_name":"경기 안성시 죽산면 죽산리","address_type":"REGION","x":127.4239,"y":37.0757,
 "address":{"address_name":"경기 안성시 죽산면 죽산리","region_1depth_name":"경기","region_2depth_name":"안성시","region_3depth_name":"죽산면 죽산리",
  "region_3depth_h_name":"","h_code":"","b_code":"4155034021","mountain_yn":"N","main_address_no":"","sub_address_no":""},"road_address":null}]}`

const keywordJSON = `{"meta":{"total_count":1},"documents":[{"place_name":"판교역 신분당선","distance":"12","id":"21160","address_name":"경기 성남시 분당구 백현동 537",
 "road_address_name":"경기 성남시 분당구 판교역로 160","x":"127.111203","y":"37.394776"}]}`

const emptyJSON = `{"documents":[],"meta":{"is_end":true,"pageable_count":0,"total_count":0}}`

const coord2addressJSON = `{"meta":{"total_count":1},"documents":[{"road_address":{"address_name":"서울특별시 중구 세종대로 110","region_1depth_name":"서울",
 "region_2depth_name":"중구","region_3depth_name":"태평로1가","road_name":"세종대로","underground_yn":"N","main_building_no":"110","sub_building_no":"",
 "building_name":"서울특별시청","zone_no":"04524"},"address":{"address_name":"서울 중구 태평로1가 31","region_1depth_name":"서울","region_2depth_name":"중구",
 "region_3depth_name":"태평로1가","mountain_yn":"N","main_address_no":"31","sub_address_no":""}}]}`

const regionJSON = `{"meta":{"total_count":2},"documents":[
 {"region_type":"B","address_name":"서울특별시 중구 태평로1가","region_1depth_name":"서울특별시","region_2depth_name":"중구","region_3depth_name":"태평로1가","region_4depth_name":"","code":"1114010300","x":126.97,"y":37.56},
 {"region_type":"H","address_name":"서울특별시 중구 명동","region_1depth_name":"서울특별시","region_2depth_name":"중구","region_3depth_name":"명동","region_4depth_name":"","code":"1114055000","x":126.98,"y":37.56}]}`

const directionsJSON = `{"trans_id":"t1","routes":[{"result_code":0,"result_msg":"길찾기 성공","summary":{
 "origin":{"name":"","x":127.111203,"y":37.394776},"destination":{"name":"","x":126.978652258309,"y":37.566826004661},
 "priority":"RECOMMEND","fare":{"taxi":28400,"toll":1100},"distance":23012,"duration":2405},
 "sections":[{"distance":23012,"duration":2405,"roads":[
  {"name":"판교역로","distance":500,"duration":60,"vertexes":[127.111203,37.394776,127.11,37.40]},
  {"name":"경부고속도로","distance":22512,"duration":2345,"vertexes":[127.11,37.40,127.05,37.48,126.978652258309,37.566826004661]}]}]}]}`

type server struct {
	*httptest.Server
	hits atomic.Int32
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, path string
	query        map[string][]string
	body         []byte
}

func newServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, body []byte)) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		if got := r.Header.Get("Authorization"); got != "KakaoAK "+key {
			t.Errorf("Authorization = %q", got)
		}
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{r.Method, r.URL.Path, r.URL.Query(), body})
		s.mu.Unlock()
		h(w, r, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.reqs {
		out = append(out, r.method+" "+r.path)
	}
	return out
}

func client(t *testing.T, s *server, opts ...Option) *Client {
	t.Helper()
	c, err := New(key, append([]Option{WithBaseURL(s.URL), WithMobilityBaseURL(s.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGeocodeAddress(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { fmt.Fprint(w, addressJSON) })
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "서울 중구 세종대로 110", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	r := s.reqs[0]
	if r.path != "/v2/local/search/address.json" || r.query["query"][0] != "서울 중구 세종대로 110" || r.query["size"][0] != "2" {
		t.Errorf("request %+v", r)
	}
	p := places[0]
	a := p.Address
	if p.Point != cityHall || p.Confidence != 1 || p.Provider != "kakao" {
		t.Errorf("place %+v", p)
	}
	// Kakao's abbreviated province comes back in full (geo.Address.Normalize).
	if a.Road != "서울특별시 중구 세종대로 110" || a.Jibun != "서울특별시 중구 태평로1가 31" || a.Sido != "서울특별시" || a.LegalCode != "1114010300" || a.AdminCode != "1114055000" ||
		a.PostalCode != "04524" || a.BuildingName != "서울특별시청" || a.AdminDong != "명동" || a.LandMain != "31" || a.BuildingMain != "110" {
		t.Errorf("address %+v", a)
	}
}

func TestGeocodeRegionOnlyAndNumbers(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { fmt.Fprint(w, regionOnlyJSON) })
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "안성시 죽산면 죽산리"})
	if err != nil {
		t.Fatal(err)
	}
	a := places[0].Address
	if places[0].Confidence != confRegion || a.Road != "" || a.LegalDong != "죽산면" || a.Ri != "죽산리" || a.LegalCode != "4155034021" {
		t.Errorf("place %+v", places[0])
	}
}

func TestGeocodeFallsBackToKeyword(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if strings.HasSuffix(r.URL.Path, "address.json") {
			fmt.Fprint(w, emptyJSON)
			return
		}
		fmt.Fprint(w, keywordJSON)
	})
	near := orb.Point{127.1, 37.4}
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "판교역", Near: &near})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.paths(); len(got) != 2 || got[1] != "GET /v2/local/search/keyword.json" {
		t.Errorf("requests %v", got)
	}
	if q := s.reqs[1].query; q["x"][0] != "127.1" || q["y"][0] != "37.4" || q["sort"][0] != "distance" {
		t.Errorf("keyword query %v", q)
	}
	if places[0].Name != "판교역 신분당선" || places[0].Confidence != confKeyword || places[0].Point != pangyo {
		t.Errorf("place %+v", places[0])
	}
	// An address with a building number that is not found is not retried as a keyword.
	s2 := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { fmt.Fprint(w, emptyJSON) })
	if _, err := client(t, s2).Geocode(context.Background(), geo.GeocodeRequest{Query: "없는로 999"}); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("empty: %v", err)
	}
	if n := s2.hits.Load(); n != 1 {
		t.Errorf("an address-like query made %d requests", n)
	}
}

func TestReverse(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if q := r.URL.Query(); q.Get("x") != "126.978652258309" || q.Get("y") != "37.566826004661" {
			t.Errorf("query %v", q)
		}
		if strings.Contains(r.URL.Path, "regioncode") {
			fmt.Fprint(w, regionJSON)
		} else {
			fmt.Fprint(w, coord2addressJSON)
		}
	})
	places, err := client(t, s).ReverseGeocode(context.Background(), geo.ReverseRequest{Point: cityHall})
	if err != nil {
		t.Fatal(err)
	}
	a := places[0].Address
	if a.LegalCode != "1114010300" || a.AdminCode != "1114055000" || a.AdminDong != "명동" || a.Sido != "서울특별시" ||
		a.Road != "서울특별시 중구 세종대로 110" || a.PostalCode != "04524" {
		t.Errorf("address %+v", a)
	}
	if len(s.paths()) != 2 {
		t.Errorf("requests %v", s.paths())
	}
}

func TestRoute(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { fmt.Fprint(w, directionsJSON) })
	c := client(t, s)
	rt, err := c.Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall, Priority: geo.PriorityTime, AvoidTolls: true})
	if err != nil {
		t.Fatal(err)
	}
	q := s.reqs[0].query
	if s.reqs[0].path != "/v1/directions" || q["origin"][0] != "127.111203,37.394776" || q["destination"][0] != "126.978652258309,37.566826004661" ||
		q["priority"][0] != "TIME" || q["avoid"][0] != "toll" {
		t.Errorf("request %+v", s.reqs[0])
	}
	if rt.DistanceMeters != 23012 || rt.Duration != 2405*time.Second || rt.TaxiFareKRW != 28400 || rt.TollFareKRW != 1100 ||
		len(rt.Geometry) != 4 || rt.Geometry[0] != pangyo || len(rt.Legs) != 1 || rt.Provider != "kakao" {
		t.Errorf("route %+v", rt)
	}
	// Waypoints go to the POST endpoint with a JSON body.
	if _, err := c.Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall, Waypoints: []orb.Point{{127.05, 37.48}}}); err != nil {
		t.Fatal(err)
	}
	var body struct {
		Waypoints []point `json:"waypoints"`
		Priority  string  `json:"priority"`
	}
	if last := s.reqs[1]; last.method != "POST" || last.path != "/v1/waypoints/directions" || json.Unmarshal(last.body, &body) != nil ||
		len(body.Waypoints) != 1 || body.Waypoints[0].X != 127.05 || body.Priority != "RECOMMEND" {
		t.Errorf("waypoints request %+v", last)
	}
	// A future departure uses the future endpoint in Korean time.
	dep := time.Date(2030, 1, 2, 0, 30, 0, 0, time.UTC)
	if _, err := c.Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall, DepartAt: dep}); err != nil {
		t.Fatal(err)
	}
	if last := s.reqs[2]; last.path != "/v1/future/directions" || last.query["departure_time"][0] != "203001020930" {
		t.Errorf("future request %+v", last)
	}
}

func TestRouteResultCodes(t *testing.T) {
	for code, want := range map[int]error{104: geo.ErrNotFound, 1: geo.ErrNotFound, 102: geo.ErrNotFound, 303: geo.ErrInvalidRequest} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
			fmt.Fprintf(w, `{"trans_id":"t","routes":[{"result_code":%d,"result_msg":"길찾기 결과를 찾을 수 없음"}]}`, code)
		})
		_, err := client(t, s).Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall})
		var pe *geo.ProviderError
		if !errors.Is(err, want) || !errors.As(err, &pe) || pe.Code != fmt.Sprint(code) || pe.Final != (code == 104) {
			t.Errorf("result_code %d: %v (final %v)", code, err, pe != nil && pe.Final)
		}
	}
}

// TestErrorTable covers the Kakao rows of korea.md §6.
func TestErrorTable(t *testing.T) {
	for _, tc := range []struct {
		status   int
		body     string
		mobility bool
		want     error
	}{
		{400, `{"errorType":"MissingParameter","message":"query parameter required"}`, false, geo.ErrInvalidRequest},
		{400, `{"errorType":"InvalidArgument","message":"page is more than max"}`, false, geo.ErrInvalidRequest},
		{401, `{"errorType":"AccessDeniedError","message":"wrong appKey(null) format"}`, false, geo.ErrUnauthorized},
		{401, `{"errorType":"AccessDeniedError","message":"ip mismatched! callerIp=1.2.3.4"}`, false, geo.ErrUnauthorized},
		{403, `{"errorType":"NotAuthorizedError","message":"App(test) disabled OPEN_MAP_AND_LOCAL service."}`, false, geo.ErrUnauthorized},
		{429, `{"errorType":"RequestThrottled","message":"API limit has been exceeded."}`, false, geo.ErrQuotaExceeded},
		{400, `{"code":-10,"msg":"exceeded request limit"}`, false, geo.ErrQuotaExceeded},
		{400, `{"code":-10,"msg":"exceeded request limit"}`, true, geo.ErrQuotaExceeded},
		{400, `{"code":-11,"msg":"spending cap"}`, false, geo.ErrQuotaExceeded},
		{400, `{"code":-2,"msg":"invalid parameter"}`, true, geo.ErrInvalidRequest},
		{400, `{"code":-1,"msg":"internal error"}`, false, geo.ErrUnavailable},
		{500, `{"code":-1,"msg":"internal server error"}`, true, geo.ErrUnavailable},
		{400, `{"code":-603,"msg":"timeout"}`, false, geo.ErrUnavailable},
		{403, `{"code":-3,"msg":"not enabled"}`, true, geo.ErrUnauthorized},
		{401, `{"code":-401,"msg":"invalid key"}`, true, geo.ErrUnauthorized},
		{400, `{"code":-9,"msg":"retired"}`, false, geo.ErrUnsupported},
		{429, `{"code":-10,"msg":"too many"}`, true, geo.ErrQuotaExceeded},
		{429, `{"msg":"per second limit"}`, true, geo.ErrRateLimited},
		{503, `{"code":-9798,"msg":"maintenance"}`, true, geo.ErrUnavailable},
		{502, `<html>Bad Gateway</html>`, false, geo.ErrUnavailable},
		{200, `<html>login</html>`, false, geo.ErrUnavailable},
		{200, `{"documents":[{"x":"1`, false, geo.ErrUnavailable},
	} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
			w.WriteHeader(tc.status)
			fmt.Fprint(w, tc.body)
		})
		c := client(t, s, WithHTTPClient(&http.Client{}))
		var err error
		if tc.mobility {
			_, err = c.Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall})
		} else {
			_, err = c.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울시청"})
		}
		var pe *geo.ProviderError
		if !errors.Is(err, tc.want) || !errors.As(err, &pe) || pe.Provider != "kakao" {
			t.Errorf("%d %s: %v, want %v", tc.status, tc.body, err, tc.want)
			continue
		}
		if tc.want == geo.ErrQuotaExceeded && !pe.ResetAt.Equal(geo.NextMidnightKST(time.Now())) {
			t.Errorf("%d %s: ResetAt %v", tc.status, tc.body, pe.ResetAt)
		}
	}
}

func TestKeyNeverLeaks(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"errorType":"AccessDeniedError","message":"wrong appKey format"}`)
	})
	c := client(t, s, WithLogger(logger))
	_, err1 := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울시청"})
	_, err2 := c.Route(context.Background(), geo.RouteRequest{Origin: pangyo, Destination: cityHall})
	s.Close()
	_, err3 := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울시청"}) // transport error
	for _, err := range []error{err1, err2, err3} {
		if err == nil || strings.Contains(err.Error(), "sentinel") {
			t.Errorf("error leaks the key or is nil: %v", err)
		}
	}
	if logs.Len() == 0 || strings.Contains(logs.String(), "sentinel") {
		t.Errorf("logs (%d bytes) leak the key or are empty", logs.Len())
	}
}

func TestMatrix(t *testing.T) {
	var inflight, peak atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(2 * time.Millisecond)
		if r.URL.Path == "/v1/directions" {
			fmt.Fprint(w, directionsJSON)
			return
		}
		var req struct {
			Destinations []point `json:"destinations"`
			Radius       int     `json:"radius"`
			Priority     string  `json:"priority"`
		}
		if err := json.Unmarshal(body, &req); err != nil || req.Radius != 10000 || len(req.Destinations) > 30 || req.Priority != "TIME" {
			t.Errorf("destinations body %s", body)
		}
		var routes []string
		for i := len(req.Destinations) - 1; i >= 0; i-- { // reversed: match by key, not order
			d := req.Destinations[i]
			if d.X > 127.2 {
				routes = append(routes, fmt.Sprintf(`{"result_code":302,"result_msg":"도착 지점 주변의 도로를 탐색할 수 없음","key":%q}`, d.Key))
				continue
			}
			routes = append(routes, fmt.Sprintf(`{"result_code":0,"result_msg":"길찾기 성공","key":%q,"summary":{"distance":%d,"duration":60}}`, d.Key, 1000+len(d.Key)))
		}
		fmt.Fprintf(w, `{"trans_id":"t","routes":[%s]}`, strings.Join(routes, ","))
	})
	var dests []orb.Point
	for i := 0; i < 35; i++ { // 35 nearby destinations: two tiles
		dests = append(dests, orb.Point{127.10 + float64(i)*0.001, 37.40})
	}
	dests = append(dests, orb.Point{127.21, 37.40}, busan) // no road near one; one far away
	m, err := client(t, s, WithMatrixConcurrency(2)).Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{pangyo}, Destinations: dests})
	if err != nil {
		t.Fatal(err)
	}
	row := m.Cells[0]
	for j := 0; j < 35; j++ {
		if row[j].Err != nil || row[j].DistanceMeters != float64(1000+len(fmt.Sprint(j))) || row[j].Provider != "kakao" {
			t.Errorf("cell %d = %+v", j, row[j])
		}
	}
	if !errors.Is(row[35].Err, geo.ErrNotFound) {
		t.Errorf("unroutable cell %+v", row[35])
	}
	if row[36].Err != nil || row[36].DistanceMeters != 23012 {
		t.Errorf("far cell %+v", row[36])
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("peak concurrency %d over the bound 2", p)
	}
	if n := s.hits.Load(); n != 3 {
		t.Errorf("%d calls, want 2 destination tiles + 1 single route", n)
	}
}

func TestMatrixQuotaIsTheCallsError(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.WriteHeader(400)
		fmt.Fprint(w, `{"code":-10,"msg":"daily quota exceeded"}`)
	})
	_, err := client(t, s).Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{pangyo}, Destinations: []orb.Point{cityHall, {127.11, 37.39}}})
	if !errors.Is(err, geo.ErrQuotaExceeded) {
		t.Errorf("err = %v", err)
	}
}

func TestValidationMakesNoRequest(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {})
	c := client(t, s)
	if _, err := c.ReverseGeocode(context.Background(), geo.ReverseRequest{Point: orb.Point{37.5, 127}}); !errors.Is(err, geo.ErrInvalidRequest) {
		t.Errorf("swapped: %v", err)
	}
	if _, err := New(""); err == nil {
		t.Error("empty key accepted")
	}
	if s.hits.Load() != 0 {
		t.Error("invalid input reached the server")
	}
}

func TestConformance(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		switch {
		case strings.HasSuffix(r.URL.Path, "address.json"):
			fmt.Fprint(w, addressJSON)
		case strings.Contains(r.URL.Path, "coord2address"):
			fmt.Fprint(w, coord2addressJSON)
		case strings.Contains(r.URL.Path, "regioncode"):
			fmt.Fprint(w, regionJSON)
		case r.URL.Path == "/v1/destinations/directions":
			fmt.Fprint(w, `{"routes":[{"result_code":0,"key":"0","summary":{"distance":"100","duration":"10"}}]}`)
		default:
			fmt.Fprint(w, directionsJSON)
		}
	})
	c := client(t, s)
	geotest.TestGeocoder(t, c, []geotest.GeocodeCase{{Name: "city hall", Req: geo.GeocodeRequest{Query: "세종대로 110"}, WantPoint: cityHall}})
	geotest.TestReverseGeocoder(t, c, []geotest.ReverseCase{{Name: "city hall", Req: geo.ReverseRequest{Point: cityHall}, WantContains: "세종대로"}})
	geotest.TestRouter(t, c, []geotest.RouteCase{{Name: "pangyo", Req: geo.RouteRequest{Origin: pangyo, Destination: cityHall}, MinMeters: 20000, MaxMeters: 30000}})
	geotest.TestMatrixer(t, c, []geotest.MatrixCase{{Name: "1x1", Req: geo.MatrixRequest{Origins: []orb.Point{pangyo}, Destinations: []orb.Point{{127.11, 37.39}}}}})
}

func TestLimiterRefusalIsRateLimitedWithoutACall(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		w.Write([]byte(directionsJSON))
	})
	l, _ := limit.PerSecond(0.1, 1, 10*time.Millisecond) // one call, then ten seconds
	c := client(t, s, WithLimiter(l), WithName("kakao-paced"))
	req := geo.RouteRequest{Origin: orb.Point{127.1, 37.4}, Destination: orb.Point{127.0, 37.5}}
	if _, err := c.Route(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	_, err := c.Route(context.Background(), req)
	var pe *geo.ProviderError
	if !errors.Is(err, geo.ErrRateLimited) || !errors.As(err, &pe) || pe.Provider != "kakao-paced" {
		t.Errorf("err = %v, want kakao-paced's rate limit", err)
	}
	if n := len(s.paths()); n != 1 {
		t.Errorf("%d calls reached the server, want 1", n)
	}
}
