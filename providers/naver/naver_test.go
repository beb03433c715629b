package naver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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
)

const (
	id     = "FAKE-NAVER-ID-0000"
	secret = "FAKE-NAVER-SECRET-sentinel"
)

var (
	greenFactory = orb.Point{127.1054328, 37.3595963}
	busan        = orb.Point{129.075986, 35.179470}
)

const geocodeJSON = `{"status":"OK","meta":{"totalCount":1,"page":1,"count":1},"addresses":[{
 "roadAddress":"경기도 성남시 분당구 불정로 6 NAVER그린팩토리","jibunAddress":"경기도 성남시 분당구 정자동 178-1 NAVER그린팩토리",
 "englishAddress":"6, Buljeong-ro, Bundang-gu, Seongnam-si, Gyeonggi-do, Republic of Korea",
 "addressElements":[{"types":["SIDO"],"longName":"경기도","shortName":"경기도","code":""},
  {"types":["SIGUGUN"],"longName":"성남시 분당구","shortName":"성남시 분당구","code":""},
  {"types":["DONGMYUN"],"longName":"정자동","shortName":"정자동","code":""},
  {"types":["RI"],"longName":"","shortName":"","code":""},
  {"types":["ROAD_NAME"],"longName":"불정로","shortName":"불정로","code":""},
  {"types":["BUILDING_NUMBER"],"longName":"6","shortName":"6","code":""},
  {"types":["BUILDING_NAME"],"longName":"NAVER그린팩토리","shortName":"NAVER그린팩토리","code":""},
  {"types":["LAND_NUMBER"],"longName":"178-1","shortName":"178-1","code":""},
  {"types":["POSTAL_CODE"],"longName":"13561","shortName":"13561","code":""}],
 "x":"127.1054328","y":"37.3595963","distance":0.0}],"errorMessage":""}`

const reverseJSON = `{"status":{"code":0,"name":"ok","message":"done"},"results":[
 {"name":"legalcode","code":{"id":"4113510300","type":"L","mappingId":"02135103"},"region":{"area0":{"name":"kr"},"area1":{"name":"경기도","alias":"경기"},"area2":{"name":"성남시 분당구"},"area3":{"name":"정자동"},"area4":{"name":""}}},
 {"name":"admcode","code":{"id":"4113565500","type":"A","mappingId":"02135103"},"region":{"area0":{"name":"kr"},"area1":{"name":"경기도"},"area2":{"name":"성남시 분당구"},"area3":{"name":"정자1동"},"area4":{"name":""}}},
 {"name":"addr","code":{"id":"4113510300","type":"L"},"region":{"area1":{"name":"경기도"},"area2":{"name":"성남시 분당구"},"area3":{"name":"정자동"},"area4":{"name":""}},
  "land":{"type":"1","number1":"178","number2":"1","name":""}},
 {"name":"roadaddr","code":{"id":"4113510300","type":"S"},"region":{"area1":{"name":"경기도"},"area2":{"name":"성남시 분당구"},"area3":{"name":"정자동"},"area4":{"name":""}},
  "land":{"type":"","number1":"6","number2":"","name":"불정로","addition0":{"type":"building","value":"NAVER그린팩토리"},"addition1":{"type":"zipcode","value":"13561"}}}]}`

const directionsJSON = `{"code":0,"message":"길찾기를 성공하였습니다.","currentDateTime":"2026-02-21T13:30:00","route":{"%s":[{
 "summary":{"start":{"location":[127.1054328,37.3595963]},"goal":{"location":[129.075986,35.17947],"dir":0},
  "distance":398700,"duration":15300000,"tollFare":19800,"taxiFare":391000,"fuelPrice":42000},
 "path":[[127.1054328,37.3595963],[127.5,36.5],[129.075986,35.17947]],
 "section":[{"pointIndex":0,"pointCount":3,"distance":398700,"name":"경부고속도로","congestion":1,"speed":80}]}]}}`

type server struct {
	*httptest.Server
	hits atomic.Int32
	mu   sync.Mutex
	reqs []*http.Request
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		if r.Header.Get("X-NCP-APIGW-API-KEY-ID") != id || r.Header.Get("X-NCP-APIGW-API-KEY") != secret {
			t.Errorf("auth headers %v", r.Header)
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) last() *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs[len(s.reqs)-1]
}

func client(t *testing.T, s *server, opts ...Option) *Client {
	t.Helper()
	c, err := New(id, secret, append([]Option{WithBaseURL(s.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGeocode(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, geocodeJSON) })
	near := orb.Point{127.1, 37.36}
	places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "불정로 6", Near: &near, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	r := s.last()
	if r.URL.Path != "/map-geocode/v2/geocode" || r.URL.Query().Get("query") != "불정로 6" || r.URL.Query().Get("coordinate") != "127.1,37.36" ||
		r.URL.Query().Get("count") != "5" {
		t.Errorf("request %s", r.URL)
	}
	p := places[0]
	a := p.Address
	if p.Point != greenFactory || p.Provider != "naver" || a.Sido != "경기도" || a.Sigungu != "성남시 분당구" || a.LegalDong != "정자동" ||
		a.RoadName != "불정로" || a.BuildingMain != "6" || a.LandMain != "178" || a.LandSub != "1" || a.PostalCode != "13561" ||
		!strings.HasPrefix(a.English, "6, Buljeong-ro") || a.BuildingName != "NAVER그린팩토리" {
		t.Errorf("place %+v", p)
	}
}

func TestGeocodeEmptyAndReverseStatus3(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "reverse") {
			fmt.Fprint(w, `{"status":{"code":3,"name":"no results","message":"요청한 데이타의 결과가 없습니다."},"results":[]}`)
			return
		}
		fmt.Fprint(w, `{"status":"OK","meta":{"totalCount":0,"page":1,"count":0},"addresses":[],"errorMessage":""}`)
	})
	c := client(t, s)
	if _, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "없는주소"}); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("geocode: %v", err)
	}
	if _, err := c.ReverseGeocode(context.Background(), geo.ReverseRequest{Point: orb.Point{125, 34}}); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("reverse: %v", err)
	}
}

func TestReverse(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, reverseJSON) })
	places, err := client(t, s).ReverseGeocode(context.Background(), geo.ReverseRequest{Point: greenFactory})
	if err != nil {
		t.Fatal(err)
	}
	q := s.last().URL.Query()
	if s.last().URL.Path != "/map-reversegeocode/v2/gc" || q.Get("coords") != "127.1054328,37.3595963" || q.Get("output") != "json" ||
		q.Get("orders") != "legalcode,admcode,addr,roadaddr" {
		t.Errorf("request %s", s.last().URL)
	}
	a := places[0].Address
	if a.LegalCode != "4113510300" || a.AdminCode != "4113565500" || a.AdminDong != "정자1동" || a.Road != "경기도 성남시 분당구 불정로 6" ||
		a.Jibun != "경기도 성남시 분당구 정자동 178-1" || a.PostalCode != "13561" || a.BuildingName != "NAVER그린팩토리" || places[0].Confidence != 1 {
		t.Errorf("address %+v", a)
	}
}

func TestRouteDirections5And15(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, directionsJSON, r.URL.Query().Get("option"))
	})
	c := client(t, s)
	rt, err := c.Route(context.Background(), geo.RouteRequest{Origin: greenFactory, Destination: busan, Priority: geo.PriorityTime})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.last(); r.URL.Path != "/map-direction/v1/driving" || r.URL.Query().Get("start") != "127.1054328,37.3595963" ||
		r.URL.Query().Get("goal") != "129.075986,35.17947" || r.URL.Query().Get("option") != "trafast" {
		t.Errorf("request %s", r.URL)
	}
	if rt.DistanceMeters != 398700 || rt.Duration != 15300*time.Second || rt.TollFareKRW != 19800 || rt.TaxiFareKRW != 391000 ||
		rt.FuelFareKRW != 42000 || len(rt.Geometry) != 3 || rt.Geometry[2] != busan || rt.Provider != "naver" {
		t.Errorf("route %+v", rt)
	}
	var wps []orb.Point
	for i := 0; i < 7; i++ {
		wps = append(wps, orb.Point{127.2 + float64(i)*0.1, 37})
	}
	if _, err := c.Route(context.Background(), geo.RouteRequest{Origin: greenFactory, Destination: busan, Waypoints: wps, AvoidTolls: true}); err != nil {
		t.Fatal(err)
	}
	if r := s.last(); r.URL.Path != "/map-direction-15/v1/driving" || strings.Count(r.URL.Query().Get("waypoints"), "|") != 6 ||
		r.URL.Query().Get("option") != "traavoidtoll" {
		t.Errorf("15 request %s", r.URL)
	}
}

func TestRouteCodes(t *testing.T) {
	for code, want := range map[int]error{1: geo.ErrNotFound, 2: geo.ErrNotFound, 3: geo.ErrNotFound, 4: geo.ErrNotFound, 5: geo.ErrInvalidRequest} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"code":%d,"message":"길찾기 실패"}`, code)
		})
		_, err := client(t, s).Route(context.Background(), geo.RouteRequest{Origin: greenFactory, Destination: busan})
		var pe *geo.ProviderError
		if !errors.Is(err, want) || !errors.As(err, &pe) || pe.Final != (code == 1) {
			t.Errorf("code %d: %v", code, err)
		}
	}
}

// TestGatewayErrors covers the NAVER rows of korea.md §6.
func TestGatewayErrors(t *testing.T) {
	gw := func(code, msg string) string {
		return fmt.Sprintf(`{"error":{"errorCode":%q,"message":%q}}`, code, msg)
	}
	for _, tc := range []struct {
		status   int
		body     string
		answered bool
		want     error
	}{
		{400, gw("100", "Bad Request Exception"), false, geo.ErrInvalidRequest},
		{401, gw("200", "Authentication Failed"), false, geo.ErrUnauthorized},
		{401, gw("210", "Permission Denied"), false, geo.ErrUnauthorized},
		{404, gw("300", "Not Found Exception"), false, geo.ErrUnsupported},
		{429, gw("400", "Quota Exceeded"), true, geo.ErrQuotaExceeded},
		{429, gw("400", "Quota Exceeded"), false, geo.ErrUnauthorized},
		{429, gw("410", "Throttle Limited"), true, geo.ErrRateLimited},
		{429, gw("420", "Rate Limited"), true, geo.ErrRateLimited},
		{503, gw("500", "Endpoint Error"), true, geo.ErrUnavailable},
		{504, gw("510", "Endpoint Timeout"), true, geo.ErrUnavailable},
		{500, gw("900", "Unexpected Error"), true, geo.ErrUnavailable},
		{502, `<html>bad gateway</html>`, true, geo.ErrUnavailable},
		{200, `{"status":"OK","addresses":[{"x":"1`, true, geo.ErrUnavailable},
	} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(tc.status)
			fmt.Fprint(w, tc.body)
		})
		c := client(t, s, WithHTTPClient(&http.Client{}))
		if tc.answered {
			c.answered[apiGeocode].Store(true)
		}
		_, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "불정로 6"})
		var pe *geo.ProviderError
		if !errors.Is(err, tc.want) || !errors.As(err, &pe) || pe.Provider != "naver" {
			t.Errorf("%d %s (answered %v): %v, want %v", tc.status, tc.body, tc.answered, err, tc.want)
		}
	}
}

func TestQuotaAfterSuccessIsQuota(t *testing.T) {
	var n atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			fmt.Fprint(w, geocodeJSON)
			return
		}
		w.WriteHeader(429)
		fmt.Fprint(w, `{"error":{"errorCode":"400","message":"Quota Exceeded"}}`)
	})
	c := client(t, s)
	if _, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "a"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "a"})
	var pe *geo.ProviderError
	if !errors.Is(err, geo.ErrQuotaExceeded) || !errors.As(err, &pe) || pe.ResetAt.IsZero() {
		t.Errorf("err = %v", err)
	}
}

func TestSecretsNeverLeak(t *testing.T) {
	var logs bytes.Buffer
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":{"errorCode":"200","message":"Authentication Failed"}}`)
	})
	c := client(t, s, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err1 := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "a"})
	s.Close()
	_, err2 := c.Route(context.Background(), geo.RouteRequest{Origin: greenFactory, Destination: busan})
	for _, err := range []error{err1, err2} {
		if err == nil || strings.Contains(err.Error(), "sentinel") || strings.Contains(err.Error(), id) {
			t.Errorf("error leaks credentials or is nil: %v", err)
		}
	}
	if logs.Len() == 0 || strings.Contains(logs.String(), "sentinel") {
		t.Errorf("logs leak or are empty: %s", logs.String())
	}
}

func TestMatrixBoundAndPartial(t *testing.T) {
	var inflight, peak atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(10 * time.Millisecond) // long enough for the bound to be reached
		switch r.URL.Query().Get("goal") {
		case "126,33": // off any road
			fmt.Fprint(w, `{"code":2,"message":"출발지 또는 도착지가 도로 주변이 아닙니다"}`)
		case "126.5,33.5":
			w.WriteHeader(503)
			fmt.Fprint(w, `{"error":{"errorCode":"500","message":"Endpoint Error"}}`)
		default:
			fmt.Fprintf(w, directionsJSON, "traoptimal")
		}
	})
	origins := []orb.Point{greenFactory, {127, 37}, {127.2, 37.2}}
	dests := []orb.Point{busan, {126, 33}, {126.5, 33.5}, {128, 36}}
	m, err := client(t, s, WithMatrixConcurrency(3), WithHTTPClient(&http.Client{})).Matrix(context.Background(),
		geo.MatrixRequest{Origins: origins, Destinations: dests})
	if err != nil {
		t.Fatal(err)
	}
	for i := range origins {
		if c := m.Cells[i][0]; c.Err != nil || c.DistanceMeters != 398700 || c.Provider != "naver" {
			t.Errorf("[%d][0] %+v", i, c)
		}
		if !errors.Is(m.Cells[i][1].Err, geo.ErrNotFound) || !errors.Is(m.Cells[i][2].Err, geo.ErrUnavailable) {
			t.Errorf("row %d errors %v / %v", i, m.Cells[i][1].Err, m.Cells[i][2].Err)
		}
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak in-flight %d, bound 3", p)
	}
	if n := s.hits.Load(); n != 12 {
		t.Errorf("%d calls for 12 pairs", n)
	}
}

func TestMatrixCancelStopsCalls(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 {
			cancel()
		}
		fmt.Fprintf(w, directionsJSON, "traoptimal")
	})
	var dests []orb.Point
	for i := 0; i < 40; i++ {
		dests = append(dests, orb.Point{127 + float64(i)*0.01, 37})
	}
	_, err := client(t, s, WithMatrixConcurrency(1)).Matrix(ctx, geo.MatrixRequest{Origins: []orb.Point{greenFactory}, Destinations: dests})
	if !errors.Is(err, context.Canceled) || n.Load() > 4 {
		t.Errorf("err %v after %d calls", err, n.Load())
	}
}

func TestLegacyHostSamePaths(t *testing.T) {
	if _, err := New(id, secret, WithBaseURL(LegacyBaseURL)); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, geocodeJSON) })
	// A proxy in front of the legacy host keeps the path layout.
	if _, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "a"}); err != nil || s.last().URL.Path != "/map-geocode/v2/geocode" {
		t.Errorf("%v %s", err, s.last().URL.Path)
	}
	if _, err := New("", secret); err == nil {
		t.Error("empty id accepted")
	}
}

func TestConformance(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "reversegeocode"):
			fmt.Fprint(w, reverseJSON)
		case strings.Contains(r.URL.Path, "geocode/"):
			fmt.Fprint(w, geocodeJSON)
		default:
			fmt.Fprintf(w, directionsJSON, r.URL.Query().Get("option"))
		}
	})
	c := client(t, s)
	geotest.TestGeocoder(t, c, []geotest.GeocodeCase{{Name: "green factory", Req: geo.GeocodeRequest{Query: "불정로 6"}, WantPoint: greenFactory}})
	geotest.TestReverseGeocoder(t, c, []geotest.ReverseCase{{Name: "green factory", Req: geo.ReverseRequest{Point: greenFactory}, WantContains: "불정로"}})
	geotest.TestRouter(t, c, []geotest.RouteCase{{Name: "busan", Req: geo.RouteRequest{Origin: greenFactory, Destination: busan}, MinMeters: 3e5}})
	geotest.TestMatrixer(t, c, []geotest.MatrixCase{{Name: "1x1", Req: geo.MatrixRequest{Origins: []orb.Point{greenFactory}, Destinations: []orb.Point{busan}}}})
}

// TestMatrixOverTheLimitDeclined: NAVER has no matrix API; a matrix that
// would take more paid Directions calls than WithMaxMatrixCells allows is
// declined before any call, so that the failover asks another provider.
func TestMatrixOverTheLimitDeclined(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { t.Error("a call was made") })
	pts := func(n int) []orb.Point {
		out := make([]orb.Point, n)
		for i := range out {
			out[i] = orb.Point{127 + float64(i)*0.001, 37.5}
		}
		return out
	}
	_, err := client(t, s).Matrix(context.Background(), geo.MatrixRequest{Origins: pts(11), Destinations: pts(10)})
	if !errors.Is(err, geo.ErrUnsupported) || !strings.Contains(err.Error(), "WithMaxMatrixCells") {
		t.Errorf("11 × 10 with the default limit: %v", err)
	}
	_, err = client(t, s, WithMaxMatrixCells(4)).Matrix(context.Background(), geo.MatrixRequest{Origins: pts(1), Destinations: pts(5)})
	if !errors.Is(err, geo.ErrUnsupported) || s.hits.Load() != 0 {
		t.Errorf("1 × 5 with a limit of 4: %v, %d calls", err, s.hits.Load())
	}
	if _, err := New(id, secret, WithMaxMatrixCells(0)); err == nil {
		t.Error("a zero limit was accepted")
	}
}
