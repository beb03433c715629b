package osm

import (
	"context"
	"errors"
	"fmt"
	"math"
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

const ua = "mapswitch-test/1.0 (tests@example.invalid)"

var (
	cityHall = orb.Point{126.9779692, 37.5662952}
	busan    = orb.Point{129.0750223, 35.1798160}
)

// searchJSON is a Nominatim jsonv2 search answer for Seoul City Hall, with
// numbers as the Python frontend sends them; searchJSONOld is the same from
// the old PHP frontend, with numbers as strings.
const searchJSON = `[{"place_id":207412994,"licence":"Data © OpenStreetMap contributors","osm_type":"way","osm_id":37428183,
 "lat":"37.5662952","lon":"126.9779692","category":"amenity","type":"townhall","place_rank":30,"importance":0.52,
 "addresstype":"amenity","name":"서울특별시청","display_name":"서울특별시청, 110, 세종대로, 명동, 중구, 서울특별시, 04524, 대한민국",
 "address":{"amenity":"서울특별시청","house_number":"110","road":"세종대로","quarter":"태평로1가","suburb":"명동","borough":"중구","city":"서울특별시","ISO3166-2-lvl4":"KR-11","postcode":"04524","country":"대한민국","country_code":"kr"},
 "boundingbox":["37.5657","37.5668","126.9772","126.9787"]}]`

const searchJSONOld = `[{"place_id":"207412994","lat":"37.5662952","lon":"126.9779692","place_rank":"30","importance":"0.52",
 "name":"서울특별시청","address":{"road":"세종대로","house_number":"110","borough":"중구","city":"서울특별시","postcode":"04524"}}]`

const routeJSON = `{"code":"Ok","routes":[{"geometry":"%s","legs":[{"steps":[],"summary":"","weight":1,"duration":15000.2,"distance":390000.5}],
 "weight_name":"routability","weight":1,"duration":15000.2,"distance":390000.5}],"waypoints":[]}`

// server is a local Nominatim + OSRM speaking the documented wire format,
// recording each request.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
	hits atomic.Int32
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.mu.Unlock()
		if got := r.Header.Get("User-Agent"); got != ua {
			t.Errorf("User-Agent = %q", got)
		}
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
	c, err := New(append([]Option{WithUserAgent(ua), WithNominatimURL(s.URL), WithOSRMURL(s.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewRequiresIdentifyingUserAgent(t *testing.T) {
	if _, err := New(); err == nil || !strings.Contains(err.Error(), "User-Agent") {
		t.Errorf("New without user agent: %v", err)
	}
	if _, err := New(WithUserAgent("Go-http-client/1.1")); err == nil {
		t.Error("a generic user agent was accepted")
	}
	if _, err := New(WithUserAgent(ua), WithNominatimURL("ftp://x")); err == nil {
		t.Error("a non-http URL was accepted")
	}
}

func TestGeocode(t *testing.T) {
	for name, body := range map[string]string{"numbers": searchJSON, "strings": searchJSONOld} {
		t.Run(name, func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) })
			near := orb.Point{127, 37.5}
			places, err := client(t, s).Geocode(context.Background(), geo.GeocodeRequest{Query: "서울특별시청", Limit: 3, Near: &near})
			if err != nil {
				t.Fatal(err)
			}
			r := s.last()
			q := r.URL.Query()
			for k, want := range map[string]string{"q": "서울특별시청", "format": "jsonv2", "addressdetails": "1",
				"accept-language": "ko", "countrycodes": "kr", "limit": "3", "viewbox": "126.9000000,37.6000000,127.1000000,37.4000000"} {
				if got := q.Get(k); got != want {
					t.Errorf("query %s = %q, want %q", k, got, want)
				}
			}
			if r.URL.Path != "/search" {
				t.Errorf("path %s", r.URL.Path)
			}
			p := places[0]
			if p.Point != cityHall || p.Provider != "osm" || p.Confidence < 0.9 {
				t.Errorf("place %+v", p)
			}
			a := p.Address
			if a.Sido != "서울특별시" || a.Sigungu != "중구" || a.RoadName != "세종대로" || a.BuildingMain != "110" ||
				a.PostalCode != "04524" || a.Road != "서울특별시 중구 세종대로 110" {
				t.Errorf("address %+v", a)
			}
		})
	}
}

func TestGeocodeProvinceAddress(t *testing.T) {
	a := koreanAddress(map[string]string{"road": "판교역로", "house_number": "160", "quarter": "백현동", "borough": "분당구",
		"city": "성남시", "province": "경기도", "postcode": "13529"})
	if a.Sido != "경기도" || a.Sigungu != "성남시 분당구" || a.LegalDong != "백현동" || a.Road != "경기도 성남시 분당구 판교역로 160" {
		t.Errorf("%+v", a)
	}
}

func TestNotFound(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/search" {
			fmt.Fprint(w, `[]`)
		} else {
			fmt.Fprint(w, `{"error":"Unable to geocode"}`)
		}
	})
	c := client(t, s)
	if _, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "없는주소 999"}); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("search: %v", err)
	}
	if _, err := c.ReverseGeocode(context.Background(), geo.ReverseRequest{Point: orb.Point{125, 34}}); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("reverse: %v", err)
	}
	if q := s.last().URL.Query(); q.Get("lat") != "34.0000000" || q.Get("lon") != "125.0000000" {
		t.Errorf("reverse query %v", q)
	}
}

func TestRoute(t *testing.T) {
	line := orb.LineString{cityHall, {127.5, 36.5}, busan}
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, routeJSON, geo.EncodePolyline(line, 6))
	})
	rt, err := client(t, s).Route(context.Background(), geo.RouteRequest{Origin: cityHall, Destination: busan,
		Waypoints: []orb.Point{{127.5, 36.5}}})
	if err != nil {
		t.Fatal(err)
	}
	r := s.last()
	if want := "/route/v1/driving/126.977969,37.566295;127.500000,36.500000;129.075022,35.179816"; r.URL.Path != want {
		t.Errorf("path %s, want lon,lat order %s", r.URL.Path, want)
	}
	if q := r.URL.Query(); q.Get("geometries") != "polyline6" || q.Get("overview") != "full" {
		t.Errorf("query %v", q)
	}
	if rt.DistanceMeters != 390000.5 || rt.Duration != 15000200*time.Millisecond || len(rt.Geometry) != 3 ||
		rt.Provider != "osm" || len(rt.Legs) != 1 {
		t.Errorf("route %+v", rt)
	}
	if d := geo.Haversine(rt.Geometry[2], busan); d > 0.5 {
		t.Errorf("geometry end %v is %.2f m from Busan", rt.Geometry[2], d)
	}
}

// TestErrorKinds maps every documented status and body to a kind.
func TestErrorKinds(t *testing.T) {
	html := "<html><body>Error 429 Too many requests</body></html>"
	for _, tc := range []struct {
		op     geo.Op
		status int
		body   string
		want   error
	}{
		{geo.OpGeocode, 400, `{"error":{"code":400,"message":"Parameter 'q' missing"}}`, geo.ErrInvalidRequest},
		{geo.OpGeocode, 403, `<html><title>Access blocked</title></html>`, geo.ErrUnauthorized},
		{geo.OpGeocode, 429, html, geo.ErrRateLimited},
		{geo.OpGeocode, 503, `Query took too long to process.`, geo.ErrUnavailable},
		{geo.OpGeocode, 200, `<html>maintenance</html>`, geo.ErrUnavailable},
		{geo.OpGeocode, 200, `[{"lat":"37.5"`, geo.ErrUnavailable},
		{geo.OpGeocode, 404, `{"error":{"code":404,"message":"Search not available (reverse-only mode)"}}`, geo.ErrUnsupported},
		{geo.OpRoute, 400, `{"code":"NoRoute","message":"Impossible route between points"}`, geo.ErrNotFound},
		{geo.OpRoute, 400, `{"code":"NoSegment","message":"Could not find a matching segment for coordinate 0"}`, geo.ErrNotFound},
		{geo.OpRoute, 400, `{"code":"InvalidUrl","message":"URL string malformed"}`, geo.ErrInvalidRequest},
		{geo.OpRoute, 400, `{"code":"InvalidQuery","message":"Query string malformed close to position 18"}`, geo.ErrInvalidRequest},
		{geo.OpRoute, 400, `{"code":"InvalidValue","message":"Invalid coordinate value."}`, geo.ErrInvalidRequest},
		{geo.OpRoute, 400, `{"code":"InvalidOptions","message":"Number of coordinates needs to be at least two."}`, geo.ErrInvalidRequest},
		{geo.OpRoute, 400, `{"code":"InvalidService","message":"Service nonsense not found!"}`, geo.ErrUnsupported},
		{geo.OpRoute, 400, `{"code":"InvalidVersion","message":"Service route not found!"}`, geo.ErrUnsupported},
		{geo.OpRoute, 400, `{"code":"NotImplemented","message":"x"}`, geo.ErrUnsupported},
		{geo.OpRoute, 400, `{"code":"DisabledDataset","message":"x"}`, geo.ErrUnsupported},
		{geo.OpRoute, 429, `{"message":"Too Many Requests"}`, geo.ErrRateLimited},
		{geo.OpRoute, 500, `{"code":"InternalError"}`, geo.ErrUnavailable},
		{geo.OpRoute, 502, `<html>Bad gateway</html>`, geo.ErrUnavailable},
		{geo.OpRoute, 200, `{"code":"Ok","routes":[{"geometry":"\u0001bad"}]}`, geo.ErrUnavailable},
	} {
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(tc.status)
			fmt.Fprint(w, tc.body)
		})
		c := client(t, s, WithHTTPClient(&http.Client{})) // no retries: count exact hits
		var err error
		if tc.op == geo.OpGeocode {
			_, err = c.Geocode(context.Background(), geo.GeocodeRequest{Query: "x"})
		} else {
			_, err = c.Route(context.Background(), geo.RouteRequest{Origin: cityHall, Destination: busan})
		}
		var pe *geo.ProviderError
		if !errors.Is(err, tc.want) || !errors.As(err, &pe) || pe.Provider != "osm" || pe.StatusCode != tc.status {
			t.Errorf("%s %d %.40s: error %v, want %v", tc.op, tc.status, tc.body, err, tc.want)
		}
		if tc.want == geo.ErrRateLimited && pe != nil && pe.RetryAfter != 3*time.Second {
			t.Errorf("%d: RetryAfter %v", tc.status, pe.RetryAfter)
		}
	}
}

func TestMatrixTilesNullsAndTooBig(t *testing.T) {
	var maxCells atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		coords := strings.Split(strings.TrimPrefix(r.URL.Path, "/table/v1/driving/"), ";")
		q := r.URL.Query()
		src, dst := strings.Split(q.Get("sources"), ";"), strings.Split(q.Get("destinations"), ";")
		if q.Get("annotations") != "duration,distance" || len(src)+len(dst) != len(coords) {
			t.Errorf("table request %s", r.URL)
		}
		if n := int32(len(src) * len(dst)); n > maxCells.Load() {
			maxCells.Store(n)
		}
		if len(coords) > 4 { // this server's table is smaller than the client thinks
			w.WriteHeader(400)
			fmt.Fprint(w, `{"code":"TooBig","message":"Too many table coordinates"}`)
			return
		}
		var dur, dist []string
		for i := range src {
			var dr, ds []string
			for j := range dst {
				if strings.HasPrefix(coords[len(src)+j], "125.") { // an island with no road link
					dr, ds = append(dr, "null"), append(ds, "null")
				} else {
					dr, ds = append(dr, fmt.Sprint(100*(i+1)+j)), append(ds, fmt.Sprint(1000*(i+1)+j))
				}
			}
			dur, dist = append(dur, "["+strings.Join(dr, ",")+"]"), append(dist, "["+strings.Join(ds, ",")+"]")
		}
		fmt.Fprintf(w, `{"code":"Ok","durations":[%s],"distances":[%s]}`, strings.Join(dur, ","), strings.Join(dist, ","))
	})
	origins := []orb.Point{cityHall, busan, {127, 37}}
	dests := []orb.Point{busan, {125.5, 34.5}, cityHall, {128, 36}, {127.2, 37.2}}
	m, err := client(t, s, WithMaxTableSize(6)).Matrix(context.Background(), geo.MatrixRequest{Origins: origins, Destinations: dests})
	if err != nil {
		t.Fatal(err)
	}
	if maxCells.Load() > 6*6 {
		t.Errorf("a request had %d cells, above the max table size squared", maxCells.Load())
	}
	for i := range origins {
		for j := range dests {
			c := m.Cells[i][j]
			if j == 1 {
				if !errors.Is(c.Err, geo.ErrNotFound) {
					t.Errorf("[%d][%d] null cell: %+v", i, j, c)
				}
				continue
			}
			if c.Err != nil || c.Provider != "osm" || c.DistanceMeters < 1000 {
				t.Errorf("[%d][%d] = %+v", i, j, c)
			}
		}
	}
}

func TestRateLimitDefaults(t *testing.T) {
	c, err := New(WithUserAgent(ua))
	if err != nil {
		t.Fatal(err)
	}
	if c.nomLimiter == nil {
		t.Fatal("public Nominatim: no limiter")
	}
	// One call a second: the first goes at once, the next is a second away.
	if err := c.nomLimiter.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := c.nomLimiter.Wait(ctx); err == nil {
		t.Error("public Nominatim: a second call within 100 ms went ahead")
	}
	c, _ = New(WithUserAgent(ua), WithNominatimURL("http://nominatim.internal:8080"))
	if c.nomLimiter != nil || c.b.Limiter != nil {
		t.Errorf("self-hosted Nominatim: limited by default")
	}
}

func TestRateLimitSpacing(t *testing.T) {
	var mu sync.Mutex
	var at []time.Time
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		mu.Unlock()
		fmt.Fprint(w, searchJSON)
	})
	c := client(t, s, WithRateLimit(40)) // one per 25 ms
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울시청"}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if span := at[len(at)-1].Sub(at[0]); span < 4*20*time.Millisecond {
		t.Errorf("5 requests at 40/s arrived within %v at the server", span)
	}
	// A wait that would outlast the deadline fails fast as rate limited.
	slow := client(t, s, WithRateLimit(0.01))
	_, _ = slow.Geocode(context.Background(), geo.GeocodeRequest{Query: "a"}) // spends the burst
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := slow.Geocode(ctx, geo.GeocodeRequest{Query: "b"}); !errors.Is(err, geo.ErrRateLimited) {
		t.Errorf("over-deadline wait: %v", err)
	}
}

func TestValidationMakesNoRequest(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c := client(t, s)
	if _, err := c.Route(context.Background(), geo.RouteRequest{Origin: orb.Point{37.5, 126.9}, Destination: busan}); !errors.Is(err, geo.ErrInvalidRequest) {
		t.Errorf("swapped point: %v", err)
	}
	if n := s.hits.Load(); n != 0 {
		t.Errorf("%d requests for invalid input", n)
	}
}

func TestConformance(t *testing.T) {
	line := orb.LineString{cityHall, busan}
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/search":
			fmt.Fprint(w, searchJSON)
		case r.URL.Path == "/reverse":
			fmt.Fprint(w, strings.TrimSuffix(strings.TrimPrefix(searchJSON, "["), "]"))
		case strings.HasPrefix(r.URL.Path, "/route/"):
			fmt.Fprintf(w, routeJSON, geo.EncodePolyline(line, 6))
		default:
			fmt.Fprint(w, `{"code":"Ok","durations":[[1]],"distances":[[2]]}`)
		}
	})
	c := client(t, s)
	geotest.TestGeocoder(t, c, []geotest.GeocodeCase{{Name: "city hall", Req: geo.GeocodeRequest{Query: "서울특별시청"}, WantPoint: cityHall}})
	geotest.TestReverseGeocoder(t, c, []geotest.ReverseCase{{Name: "city hall", Req: geo.ReverseRequest{Point: cityHall}, WantContains: "세종대로"}})
	geotest.TestRouter(t, c, []geotest.RouteCase{{Name: "seoul-busan", Req: geo.RouteRequest{Origin: cityHall, Destination: busan}, MinMeters: 3e5}})
	geotest.TestMatrixer(t, c, []geotest.MatrixCase{{Name: "1x1", Req: geo.MatrixRequest{Origins: []orb.Point{cityHall}, Destinations: []orb.Point{busan}}}})
}

func TestSecondsRounds(t *testing.T) {
	for _, tc := range []struct {
		s    float64
		want time.Duration
	}{
		{4.1, 4100 * time.Millisecond}, // truncation gives 4.099999999 s
		{2.01, 2010 * time.Millisecond},
		{630.7, 630700 * time.Millisecond},
		{0, 0},
		{1e300, math.MaxInt64},
	} {
		if got := seconds(tc.s); got != tc.want {
			t.Errorf("seconds(%v) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
