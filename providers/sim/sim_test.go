package sim_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"go.uber.org/goleak"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
	"github.com/mapswitch/mapswitch/providers/tmap"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	kakaoKey = "FAKE-KAKAO-KEY-0000"
	naverID  = "FAKE-NAVER-ID-0000"
	naverSec = "FAKE-NAVER-SECRET-0000"
	tmapKey  = "FAKE-TMAP-APPKEY-0000"
)

var (
	cityHall = orb.Point{126.9779692, 37.5662952}
	busan    = orb.Point{129.0756, 35.1798}
	pangyo   = orb.Point{127.1112, 37.3948}
)

type world struct {
	kakaoSrv, naverSrv, nomSrv, osrmSrv, tmapSrv *sim.Server
	kakao                                        *kakao.Client
	naver                                        *naver.Client
	osm                                          *osm.Client
	tmap                                         *tmap.Client
}

func newWorld(t *testing.T) *world {
	t.Helper()
	fast := sim.WithLatency(0, 0)
	var w world
	var err error
	must := func(s *sim.Server, err error) *sim.Server {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	w.kakaoSrv = must(sim.NewKakao(fast, sim.WithKey(kakaoKey, "")))
	w.naverSrv = must(sim.NewNaver(fast, sim.WithKey(naverID, naverSec)))
	w.nomSrv = must(sim.NewNominatim(fast))
	w.osrmSrv = must(sim.NewOSRM(fast))
	w.tmapSrv = must(sim.NewTMAP(fast, sim.WithKey(tmapKey, "")))
	// Plain clients: tests count exact requests, without the default retry.
	hc := &http.Client{Timeout: 2 * time.Second}
	if w.kakao, err = kakao.New(kakaoKey, kakao.WithBaseURL(w.kakaoSrv.URL()), kakao.WithMobilityBaseURL(w.kakaoSrv.URL()), kakao.WithHTTPClient(hc)); err != nil {
		t.Fatal(err)
	}
	if w.naver, err = naver.New(naverID, naverSec, naver.WithBaseURL(w.naverSrv.URL()), naver.WithHTTPClient(hc)); err != nil {
		t.Fatal(err)
	}
	if w.osm, err = osm.New(osm.WithUserAgent("mapswitch-sim-test/1.0"), osm.WithNominatimURL(w.nomSrv.URL()), osm.WithOSRMURL(w.osrmSrv.URL()), osm.WithHTTPClient(hc)); err != nil {
		t.Fatal(err)
	}
	if w.tmap, err = tmap.New(tmapKey, tmap.WithBaseURL(w.tmapSrv.URL()), tmap.WithHTTPClient(hc)); err != nil {
		t.Fatal(err)
	}
	return &w
}

func TestGazetteer(t *testing.T) {
	places := sim.Gazetteer()
	if len(places) < 100 {
		t.Fatalf("%d places, want at least 100", len(places))
	}
	sidos := map[string]bool{}
	for _, p := range places {
		if err := geo.ValidatePoint(p.Name, p.Point); err != nil || p.Point[1] < 33 || p.Point[1] > 38.7 || p.Point[0] < 124 || p.Point[0] > 132 {
			t.Errorf("%s: point %v outside Korea", p.Name, p.Point)
		}
		if p.Road == "" || p.Jibun == "" {
			t.Errorf("%s: missing an address", p.Name)
		}
		sidos[p.Sido()] = true
	}
	if len(sidos) != 17 {
		t.Errorf("%d provinces and metropolitan cities covered, want all 17: %v", len(sidos), sidos)
	}
}

// TestProvidersAgainstSimulators runs the real provider packages and the
// conformance suite against the simulators.
func TestProvidersAgainstSimulators(t *testing.T) {
	w := newWorld(t)
	for _, p := range []interface {
		geo.Provider
		geo.Geocoder
		geo.ReverseGeocoder
		geo.Router
		geo.Matrixer
	}{w.kakao, w.naver, w.osm, w.tmap} {
		t.Run(p.Name(), func(t *testing.T) {
			geotest.TestGeocoder(t, p, []geotest.GeocodeCase{
				{Name: "road address", Req: geo.GeocodeRequest{Query: "서울특별시 중구 세종대로 110"}, WantPoint: cityHall},
				{Name: "place name", Req: geo.GeocodeRequest{Query: "판교역"}, WantPoint: pangyo},
				{Name: "unknown", Req: geo.GeocodeRequest{Query: "없는동네 아무개로 999"}, WantErr: geo.ErrNotFound},
			})
			geotest.TestReverseGeocoder(t, p, []geotest.ReverseCase{
				{Name: "city hall", Req: geo.ReverseRequest{Point: cityHall}, WantContains: "세종대로"},
				{Name: "sea", Req: geo.ReverseRequest{Point: orb.Point{131.5, 36}}, WantErr: geo.ErrNotFound},
			})
			geotest.TestRouter(t, p, []geotest.RouteCase{
				{Name: "seoul-busan", Req: geo.RouteRequest{Origin: cityHall, Destination: busan}, MinMeters: 400e3, MaxMeters: 500e3},
				{Name: "via pangyo", Req: geo.RouteRequest{Origin: cityHall, Destination: busan, Waypoints: []orb.Point{pangyo}}, MinMeters: 400e3},
			})
			geotest.TestMatrixer(t, p, []geotest.MatrixCase{
				{Name: "2x3", Req: geo.MatrixRequest{Origins: []orb.Point{cityHall, pangyo}, Destinations: []orb.Point{busan, pangyo, {127.12, 37.40}}}},
			})
		})
	}
}

func TestFaults(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	geocodeKakao := func() error {
		_, err := w.kakao.Geocode(ctx, geo.GeocodeRequest{Query: "판교역"})
		return err
	}
	routeNaver := func() error {
		_, err := w.naver.Route(ctx, geo.RouteRequest{Origin: cityHall, Destination: busan})
		return err
	}
	routeTMAP := func() error {
		_, err := w.tmap.Route(ctx, geo.RouteRequest{Origin: cityHall, Destination: busan})
		return err
	}
	for _, tc := range []struct {
		srv   *sim.Server
		fault sim.Fault
		call  func() error
		want  error
	}{
		{w.kakaoSrv, sim.Fault{Kind: sim.Down}, geocodeKakao, geo.ErrUnavailable},
		{w.kakaoSrv, sim.Fault{Kind: sim.Errors}, geocodeKakao, geo.ErrUnavailable},
		{w.kakaoSrv, sim.Fault{Kind: sim.Quota}, geocodeKakao, geo.ErrQuotaExceeded},
		{w.kakaoSrv, sim.Fault{Kind: sim.Malformed}, geocodeKakao, geo.ErrUnavailable},
		{w.naverSrv, sim.Fault{Kind: sim.Throttle, RetryAfter: 2 * time.Second}, routeNaver, geo.ErrRateLimited},
		{w.naverSrv, sim.Fault{Kind: sim.Errors}, routeNaver, geo.ErrUnavailable},
		{w.tmapSrv, sim.Fault{Kind: sim.Down}, routeTMAP, geo.ErrUnavailable},
		{w.tmapSrv, sim.Fault{Kind: sim.Errors}, routeTMAP, geo.ErrUnavailable},
		{w.tmapSrv, sim.Fault{Kind: sim.Throttle, RetryAfter: 2 * time.Second}, routeTMAP, geo.ErrRateLimited},
		{w.tmapSrv, sim.Fault{Kind: sim.Quota}, routeTMAP, geo.ErrQuotaExceeded},
		{w.tmapSrv, sim.Fault{Kind: sim.Malformed}, routeTMAP, geo.ErrUnavailable},
	} {
		if err := tc.srv.SetFault(tc.fault); err != nil {
			t.Fatal(err)
		}
		if err := tc.call(); !errors.Is(err, tc.want) {
			t.Errorf("%s %v: %v, want %v", tc.srv.Name(), tc.fault.Kind, err, tc.want)
		}
		if err := tc.srv.SetFault(sim.Fault{}); err != nil {
			t.Fatal(err)
		}
		if err := tc.call(); err != nil {
			t.Errorf("%s after %v cleared: %v", tc.srv.Name(), tc.fault.Kind, err)
		}
	}
	// A black hole answers nothing: the caller's deadline ends the call.
	w.kakaoSrv.SetFault(sim.Fault{Kind: sim.BlackHole})
	tctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := w.kakao.Route(tctx, geo.RouteRequest{Origin: cityHall, Destination: busan}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("black hole: %v", err)
	}
	if w.kakaoSrv.Faulted() == 0 || w.kakaoSrv.Requests() == 0 {
		t.Errorf("counters %d/%d", w.kakaoSrv.Faulted(), w.kakaoSrv.Requests())
	}
}

func TestWrongKeyGetsProviderAuthError(t *testing.T) {
	w := newWorld(t)
	bad, _ := kakao.New("WRONG-KEY", kakao.WithBaseURL(w.kakaoSrv.URL()))
	if _, err := bad.Geocode(context.Background(), geo.GeocodeRequest{Query: "판교역"}); !errors.Is(err, geo.ErrUnauthorized) {
		t.Errorf("kakao wrong key: %v", err)
	}
	badT, _ := tmap.New("WRONG-KEY", tmap.WithBaseURL(w.tmapSrv.URL()))
	if _, err := badT.Route(context.Background(), geo.RouteRequest{Origin: cityHall, Destination: busan}); !errors.Is(err, geo.ErrUnauthorized) {
		t.Errorf("tmap wrong key: %v", err)
	}
}

func TestPlay(t *testing.T) {
	w := newWorld(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := w.naverSrv.Play(ctx, []sim.Stage{{At: 0, Fault: sim.Fault{Kind: sim.Down}}, {At: 20 * time.Millisecond, Fault: sim.Fault{Kind: sim.Quota}}})
	if err != nil || w.naverSrv.Fault().Kind != sim.Quota {
		t.Errorf("after Play: %v, fault %v", err, w.naverSrv.Fault().Kind)
	}
}

func TestLogNormalQuantiles(t *testing.T) {
	l := sim.LogNormal{Median: 100 * time.Millisecond, P99: 400 * time.Millisecond}
	for u, want := range map[float64]time.Duration{0.5: 100 * time.Millisecond, 0.99: 400 * time.Millisecond} {
		if got := l.Quantile(u); got < want-time.Millisecond || got > want+time.Millisecond {
			t.Errorf("Quantile(%v) = %v, want %v", u, got, want)
		}
	}
	if l.Quantile(0.01) >= l.Quantile(0.5) || l.Quantile(0.999) <= l.Quantile(0.99) {
		t.Error("quantiles not increasing")
	}
}
