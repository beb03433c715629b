package fallback

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// These tests reproduce what a new user saw with two healthy providers
// whose latency has a realistic tail: the failover must cost nothing then.

// healthyKakao is a Kakao simulator whose every operation answers, with a
// log-normal latency of its own: Local in tens of milliseconds, directions
// around 80 ms, 1→N matrix calls around 150 ms with a tail to 400 ms.
func healthyKakao(t *testing.T, scale float64) (*sim.Server, *kakao.Client) {
	t.Helper()
	d := func(ms float64) time.Duration { return time.Duration(ms * scale * float64(time.Millisecond)) }
	s, err := sim.NewKakao(
		sim.WithLogNormal("/v2/local", sim.LogNormal{Median: d(30), P99: d(120)}),
		sim.WithLogNormal("/v1/destinations", sim.LogNormal{Median: d(150), P99: d(400)}),
		sim.WithLogNormal("/v1", sim.LogNormal{Median: d(80), P99: d(300)}),
		sim.WithSeed(7))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	k, err := kakao.New("FAKE-KAKAO-KEY", kakao.WithBaseURL(s.URL()), kakao.WithMobilityBaseURL(s.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return s, k
}

func healthyNaver(t *testing.T) (*sim.Server, *naver.Client) {
	t.Helper()
	s, err := sim.NewNaver(sim.WithLogNormal("", sim.LogNormal{Median: 40 * time.Millisecond, P99: 200 * time.Millisecond}), sim.WithSeed(9))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	n, err := naver.New("FAKE-NCP-ID", "FAKE-NCP-SECRET", naver.WithBaseURL(s.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return s, n
}

func recordOpenings(opened *atomic.Int32, mu *sync.Mutex, log *[]StateChange) Option {
	return OnStateChange(func(s StateChange) {
		mu.Lock()
		*log = append(*log, s)
		mu.Unlock()
		if s.To == "open" {
			opened.Add(1)
		}
	})
}

func TestHedgeNeverTripsHealthyProviders(t *testing.T) {
	ks, k := healthyKakao(t, 1)
	ns, n := healthyNaver(t)
	var opened atomic.Int32
	var mu sync.Mutex
	var changes []StateChange
	c := newClient(t, []geo.Provider{k, n}, WithHedge(150*time.Millisecond), recordOpenings(&opened, &mu, &changes))
	places := sim.Gazetteer()
	var requests, failed atomic.Int32
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ { // about 50 requests a second, a dispatch mix
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for ctx.Err() == nil {
				p := places[rng.IntN(len(places))]
				rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
				var err error
				switch x := rng.IntN(10); {
				case x < 4:
					_, err = c.Geocode(rctx, geo.GeocodeRequest{Query: p.Road})
				case x < 5:
					_, err = c.ReverseGeocode(rctx, geo.ReverseRequest{Point: p.Point})
				case x < 9:
					q := gangnam(rng, 2)
					_, err = c.Route(rctx, geo.RouteRequest{Origin: q[0], Destination: q[1]})
				default:
					_, err = c.Matrix(rctx, geo.MatrixRequest{Origins: gangnam(rng, 6), Destinations: gangnam(rng, 10)})
				}
				rcancel()
				requests.Add(1)
				if err != nil {
					failed.Add(1)
					t.Logf("request failed: %v", err)
				}
				time.Sleep(time.Duration(100+rng.IntN(100)) * time.Millisecond)
			}
		}(w)
	}
	wg.Wait()
	c.Close() // let every hedge loser report before judging
	mu.Lock()
	defer mu.Unlock()
	if opened.Load() != 0 {
		t.Errorf("breakers of healthy providers opened: %+v", changes)
	}
	if failed.Load() != 0 {
		t.Errorf("%d of %d requests failed with two healthy providers", failed.Load(), requests.Load())
	}
	secondary := float64(ns.Requests()) / float64(requests.Load())
	t.Logf("%d requests, %d to kakao, %d to naver: %.2f secondary calls per request", requests.Load(), ks.Requests(), ns.Requests(), secondary)
	if requests.Load() < 100 || secondary > 0.3 {
		t.Errorf("%.2f secondary calls per request over %d requests, want at most 0.3", secondary, requests.Load())
	}
}

func TestLargeMatrixAnsweredByKakaoAlone(t *testing.T) {
	ks, k := healthyKakao(t, 1)
	ns, n := healthyNaver(t)
	c := newClient(t, []geo.Provider{k, n})
	rng := rand.New(rand.NewPCG(40, 60))
	req := geo.MatrixRequest{Origins: gangnam(rng, 40), Destinations: gangnam(rng, 60)}
	m, err := c.Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range m.Cells {
		for j, cell := range row {
			if cell.Err != nil || cell.Provider != "kakao" {
				t.Fatalf("cell [%d][%d] = %+v, want kakao's answer", i, j, cell)
			}
		}
	}
	if ns.Requests() != 0 {
		t.Errorf("naver got %d calls for a matrix kakao answered", ns.Requests())
	}
	t.Logf("40 × 60 in %d kakao calls", ks.Requests())
	if s := status(c, "kakao", geo.OpMatrix); s.Failures != 0 || s.State != "closed" {
		t.Errorf("kakao's matrix breaker: %+v", s)
	}
}

func TestHundredSquareWithinDeadline(t *testing.T) {
	_, k := healthyKakao(t, 0.15) // 1→N calls around 20 ms: 400 of them, 4 at a time
	o, err := sim.NewOSRM(sim.WithLatency(20*time.Millisecond, 10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	oc, err := osm.New(osm.WithUserAgent("mapswitch-test/1"), osm.WithOSRMURL(o.URL()))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(100, 100))
	req := geo.MatrixRequest{Origins: gangnam(rng, 100), Destinations: gangnam(rng, 100)}
	for _, p := range []geo.Provider{k, oc} {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		m, err := newClient(t, []geo.Provider{p}).Matrix(ctx, req)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", p.Name(), err)
		}
		for i, row := range m.Cells {
			for j, cell := range row {
				if cell.Err != nil {
					t.Fatalf("%s: cell [%d][%d]: %v", p.Name(), i, j, cell.Err)
				}
			}
		}
	}
}

// TestThrottleBurstHeals: Kakao Local answers a 3-second burst with 429
// RequestThrottled and Retry-After: 2, which it also uses for a spent daily
// quota. Kakao must not be locked out until midnight: probes from the
// Retry-After on bring it back within seconds of the burst's end. The
// failover's clock is faked and advanced 100 ms per request.
func TestThrottleBurstHeals(t *testing.T) {
	ks, k := healthyKakao(t, 0.1)
	_, n := healthyNaver(t)
	clk := &clock{t: time.Date(2022, 10, 15, 5, 0, 0, 0, time.UTC)}
	c := newClient(t, []geo.Provider{k, n}, withClock(clk.now))
	start := clk.now()
	if err := ks.SetFault(sim.Fault{Kind: sim.Throttle, RetryAfter: 2 * time.Second}); err != nil {
		t.Fatal(err)
	}
	end := start.Add(3 * time.Second)
	var after, byKakao int
	var back time.Duration = -1
	for clk.now().Before(end.Add(10 * time.Second)) {
		if !clk.now().Before(end) && ks.Fault().Kind == sim.Throttle {
			ks.SetFault(sim.Fault{})
		}
		p, err := c.Geocode(context.Background(), gq)
		if err != nil {
			t.Fatalf("at +%v: %v", clk.now().Sub(start), err)
		}
		if !clk.now().Before(end) {
			after++
			if p[0].Provider == "kakao" {
				byKakao++
				if back < 0 {
					back = clk.now().Sub(end)
				}
			}
		}
		clk.add(100 * time.Millisecond)
	}
	t.Logf("kakao back %v after the burst; answered %d of %d requests in the 10 s after it", back, byKakao, after)
	if back < 0 || float64(byKakao) < 0.9*float64(after)-float64(back/(100*time.Millisecond)) {
		t.Errorf("kakao answered %d of %d requests after the burst (back after %v)", byKakao, after, back)
	}
	if back < 0 || back > 5*time.Second {
		t.Errorf("kakao came back %v after the burst, want within a few seconds", back)
	}
	// Within the 10 s after the burst, at least 90% answered by kakao.
	if float64(byKakao) < 0.9*float64(after) {
		t.Errorf("kakao answered %.0f%% of requests in the 10 s after the burst, want at least 90%%", 100*float64(byKakao)/float64(after))
	}
}

// TestLiftedQuotaNoticed: NAVER's daily quota is spent ("Quota Exceeded"
// after it had answered); when it is raised in the console, the next probe
// notices and NAVER takes traffic again long before midnight.
func TestLiftedQuotaNoticed(t *testing.T) {
	ns, n := healthyNaver(t)
	clk := &clock{t: time.Date(2022, 10, 15, 5, 0, 0, 0, time.UTC)}
	c := newClient(t, []geo.Provider{n, geotestFallback(t)}, withClock(clk.now))
	ask := func() string {
		t.Helper()
		p, err := c.Geocode(context.Background(), gq)
		if err != nil {
			t.Fatal(err)
		}
		return p[0].Provider
	}
	if who := ask(); who != "naver" {
		t.Fatalf("first answer from %s", who)
	}
	ns.SetFault(sim.Fault{Kind: sim.Quota})
	for i := 0; i < 100; i++ { // 10 minutes, a request every 6 s
		ask()
		clk.add(6 * time.Second)
	}
	calls := ns.Requests()
	if s := status(c, "naver", geo.OpGeocode); s.State != "open" || s.LastErrorKind != geo.ErrQuotaExceeded {
		t.Fatalf("naver while its quota is spent: %+v", s)
	}
	ns.SetFault(sim.Fault{})
	clk.add(DefaultQuotaProbeCap)
	if who := ask(); who != "naver" {
		t.Fatalf("the quota was raised but the probe went to %s", who)
	}
	t.Logf("%d naver calls over 10 minutes of spent quota", calls)
	if calls > 20 {
		t.Errorf("%d calls to a provider whose quota is spent, want about one per probe interval", calls)
	}
}

// TestTwoAccountsOfOneProvider: two Kakao apps (two keys) in one chain,
// each with its own name, breaker and results.
func TestTwoAccountsOfOneProvider(t *testing.T) {
	account := func(key, name string) (*sim.Server, *kakao.Client) {
		s, err := sim.NewKakao(sim.WithLatency(0, 0), sim.WithKey(key, ""))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		k, err := kakao.New(key, kakao.WithName(name), kakao.WithBaseURL(s.URL()), kakao.WithMobilityBaseURL(s.URL()))
		if err != nil {
			t.Fatal(err)
		}
		return s, k
	}
	sa, a := account("FAKE-KEY-A", "kakao-a")
	_, b := account("FAKE-KEY-B", "kakao-b")
	var failovers []Failover
	c := newClient(t, []geo.Provider{a, b}, OnFailover(func(f Failover) { failovers = append(failovers, f) }))
	sa.SetFault(sim.Fault{Kind: sim.Quota}) // the first app's daily quota is spent
	p, err := c.Geocode(context.Background(), gq)
	if err != nil || p[0].Provider != "kakao-b" {
		t.Fatalf("%v %v", p, err)
	}
	if len(failovers) != 1 || failovers[0].From != "kakao-a" || len(failovers[0].Attempts) != 1 {
		t.Fatalf("failovers %+v", failovers)
	}
	if pe := providerErr(failovers[0].Attempts[0].Err); pe == nil || pe.Provider != "kakao-a" || pe.Kind != geo.ErrQuotaExceeded {
		t.Errorf("the first account's error: %v", failovers[0].Attempts[0].Err)
	}
	if s := status(c, "kakao-a", geo.OpGeocode); s.State != "open" {
		t.Errorf("kakao-a: %+v", s)
	}
	if s := status(c, "kakao-b", geo.OpGeocode); s.State != "closed" {
		t.Errorf("kakao-b: %+v", s)
	}
}

// TestMatrixProgressNotDuration: a provider working through a large matrix
// one tile at a time is healthy however long the whole takes; only a gap
// without any tile cuts it.
func TestMatrixProgressNotDuration(t *testing.T) {
	s, err := sim.NewKakao(sim.WithLatency(60*time.Millisecond, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k, _ := kakao.New("FAKE-KAKAO-KEY", kakao.WithBaseURL(s.URL()), kakao.WithMobilityBaseURL(s.URL()), kakao.WithMatrixConcurrency(1))
	backup := geotestFallback(t)
	c := newClient(t, []geo.Provider{k, backup}, WithTiming("", geo.OpMatrix, Timing{AttemptTimeout: time.Second}))
	rng := rand.New(rand.NewPCG(1, 1))
	req := geo.MatrixRequest{Origins: gangnam(rng, 25), Destinations: gangnam(rng, 3)} // 25 calls in a row: ~1.5 s, past the 1 s bound
	m, err := c.Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range m.Cells {
		for j, cell := range row {
			if cell.Provider != "kakao" {
				t.Fatalf("cell [%d][%d] from %q: a provider delivering tiles was cut", i, j, cell.Provider)
			}
		}
	}
	// Now Kakao stops answering halfway: the cells it finished are kept,
	// the rest come from the backup within about the stall bound.
	done := make(chan struct{})
	go func() {
		time.Sleep(200 * time.Millisecond)
		s.SetFault(sim.Fault{Kind: sim.BlackHole})
		close(done)
	}()
	start := time.Now()
	m, err = c.Matrix(context.Background(), req)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	byKakao, byBackup := 0, 0
	for _, row := range m.Cells {
		for _, cell := range row {
			switch cell.Provider {
			case "kakao":
				byKakao++
			case "backup":
				byBackup++
			default:
				t.Errorf("cell %+v", cell)
			}
		}
	}
	t.Logf("stalled after %d cells; backup filled %d in %v", byKakao, byBackup, time.Since(start))
	if byKakao == 0 || byBackup == 0 {
		t.Errorf("kakao %d cells, backup %d: want kakao's finished cells kept and the rest filled", byKakao, byBackup)
	}
	if st := status(c, "kakao", geo.OpMatrix); st.Failures != 1 || !strings.Contains(st.LastError, "no tile delivered") {
		t.Errorf("the stall was not counted against kakao: %+v", st)
	}
}

// TestMatrixDeadlineReturnsFinishedCells: the caller's deadline ends a
// matrix; the cells finished by then come back with the context's error.
func TestMatrixDeadlineReturnsFinishedCells(t *testing.T) {
	s, err := sim.NewKakao(sim.WithLatency(50*time.Millisecond, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k, _ := kakao.New("FAKE-KAKAO-KEY", kakao.WithBaseURL(s.URL()), kakao.WithMobilityBaseURL(s.URL()), kakao.WithMatrixConcurrency(1))
	c := newClient(t, []geo.Provider{k})
	rng := rand.New(rand.NewPCG(2, 2))
	req := geo.MatrixRequest{Origins: gangnam(rng, 20), Destinations: gangnam(rng, 2)}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	m, err := c.Matrix(ctx, req)
	if !errors.Is(err, context.DeadlineExceeded) || m == nil {
		t.Fatalf("m = %v, err = %v; want the finished cells with the deadline's error", m != nil, err)
	}
	finished, cut := 0, 0
	for _, row := range m.Cells {
		for _, cell := range row {
			switch {
			case cell.Err == nil && cell.Provider == "kakao":
				finished++
			case errors.Is(cell.Err, context.DeadlineExceeded):
				cut++
			default:
				t.Errorf("cell %+v", cell)
			}
		}
	}
	if finished == 0 || cut == 0 {
		t.Errorf("%d finished, %d cut", finished, cut)
	}
	if st := status(c, "kakao", geo.OpMatrix); st.Failures != 0 {
		t.Errorf("the caller's deadline counted against kakao: %+v", st)
	}
}

// gangnam returns n points within about 3 km of Gangnam station.
func gangnam(rng *rand.Rand, n int) []orb.Point {
	return sim.Near(rng, orb.Point{127.0276, 37.4979}, 2500, n)
}
