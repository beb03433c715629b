package fallback

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"go.uber.org/goleak"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var (
	cityHall = orb.Point{126.9779, 37.5663}
	busan    = orb.Point{129.0756, 35.1796}
	gq       = geo.GeocodeRequest{Query: "서울특별시 중구 세종대로 110"}
	rq       = geo.RouteRequest{Origin: cityHall, Destination: busan}
)

func newClient(t *testing.T, ps []geo.Provider, opts ...Option) *Client {
	t.Helper()
	c, err := New(ps, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() }) // waits for hedge losers still running
	return c
}

func fakes(names ...string) ([]*geotest.Fake, []geo.Provider) {
	var fs []*geotest.Fake
	var ps []geo.Provider
	for _, n := range names {
		f := geotest.NewFake(n)
		fs = append(fs, f)
		ps = append(ps, f)
	}
	return fs, ps
}

// clock is a settable time source for quota and open-until decisions.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func status(c *Client, provider string, op geo.Op) BreakerStatus {
	for _, s := range c.Status() {
		if s.Provider == provider && s.Op == op {
			return s
		}
	}
	return BreakerStatus{}
}

func TestNewRejectsBadInput(t *testing.T) {
	f := geotest.NewFake("a")
	for name, ps := range map[string][]geo.Provider{
		"empty": nil, "nil": {nil}, "duplicate": {f, f},
	} {
		if _, err := New(ps); err == nil {
			t.Errorf("%s: New succeeded", name)
		}
	}
	if _, err := New([]geo.Provider{f}, WithHedge(-1)); err == nil {
		t.Error("negative hedge accepted")
	}
	var typedNil *geotest.Fake
	if _, err := New([]geo.Provider{f, typedNil}); err == nil || !strings.Contains(err.Error(), "provider 1 is nil") {
		t.Errorf("typed nil provider: %v", err)
	}
	for name, opt := range map[string]Option{
		"unknown provider":  WithPolicy("kakao", "", Policy{}),
		"unknown operation": WithPolicy("", "directions", Policy{}),
		"timing provider":   WithTiming("naver", geo.OpRoute, Timing{Hedge: time.Second}),
		"negative ratio":    WithPolicy("", "", Policy{FailureRatio: -1}),
		"negative timing":   WithTiming("", "", Timing{AttemptTimeout: -time.Second}),
	} {
		if _, err := New([]geo.Provider{f}, opt); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestPolicyZeroValuesMeanDefaults(t *testing.T) {
	p := Policy{OpenFor: time.Minute}.withDefaults()
	d := DefaultPolicy()
	if p.Window != d.Window || p.Buckets != d.Buckets || p.MinRequests != d.MinRequests ||
		p.FailureRatio != d.FailureRatio || p.Probes != d.Probes || p.OpenFor != time.Minute {
		t.Errorf("%+v", p)
	}
	if p.ConsecutiveFailures != 0 {
		t.Errorf("ConsecutiveFailures 0 must stay 0 (the rule off), got %d", p.ConsecutiveFailures)
	}
	// A policy with only OpenFor set works end to end.
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	c := newClient(t, ps, WithPolicy("a", geo.OpRoute, Policy{OpenFor: time.Minute}))
	for range 6 {
		if _, err := c.Route(context.Background(), rq); err != nil {
			t.Fatal(err)
		}
	}
	if s := status(c, "a", geo.OpRoute); s.State != "open" {
		t.Errorf("%+v", s)
	}
}

// closer is a provider with a Close method.
type closer struct {
	*geotest.Fake
	closed int
}

func (c *closer) Close() error { c.closed++; return nil }

func TestCloseClosesProviders(t *testing.T) {
	p := &closer{Fake: geotest.NewFake("a")}
	c, err := New([]geo.Provider{p, geotest.NewFake("b")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil || p.closed != 1 {
		t.Errorf("Close: %v, provider closed %d times", err, p.closed)
	}
	if _, err := c.Route(context.Background(), rq); err != nil {
		t.Errorf("the client is unusable after Close: %v", err)
	}
}

// TestClassification walks the error table: for each kind, does the
// failover go on, does the ratio count it, and is the provider kept out by
// its own clock (quota, throttle, revoked key) instead?
func TestClassification(t *testing.T) {
	for _, tc := range []struct {
		kind     error
		next     bool // the second provider is asked
		failures uint32
		opens    bool // the provider is kept out afterwards
	}{
		{geo.ErrInvalidRequest, false, 0, false},
		{geo.ErrNotFound, true, 0, false},
		{geo.ErrUnsupported, true, 0, false},
		{geo.ErrUnauthorized, true, 0, true},
		{geo.ErrRateLimited, true, 0, true},
		{geo.ErrQuotaExceeded, true, 0, true},
		{geo.ErrUnavailable, true, 1, false},
	} {
		t.Run(tc.kind.Error(), func(t *testing.T) {
			fs, ps := fakes("a", "b")
			fs[0].Push(geo.OpGeocode, geotest.Step{Err: tc.kind})
			c := newClient(t, ps)
			places, err := c.Geocode(context.Background(), gq)
			if tc.next {
				if err != nil || places[0].Provider != "b" {
					t.Fatalf("got %v, %v; want b's answer", places, err)
				}
			} else if !errors.Is(err, tc.kind) || fs[1].Calls(geo.OpGeocode) != 0 {
				t.Fatalf("err = %v, b called %d times; want %v at once", err, fs[1].Calls(geo.OpGeocode), tc.kind)
			}
			s := status(c, "a", geo.OpGeocode)
			if s.Failures != tc.failures {
				t.Errorf("failures counted = %d, want %d", s.Failures, tc.failures)
			}
			if got := !s.OpenUntil.IsZero(); got != tc.opens {
				t.Errorf("kept out = %v (%+v), want %v", got, s, tc.opens)
			}
			if s.LastErrorKind != tc.kind {
				t.Errorf("LastErrorKind = %v", s.LastErrorKind)
			}
		})
	}
}

func TestAllNotFound(t *testing.T) {
	fs, ps := fakes("a", "b")
	for _, f := range fs {
		f.Push(geo.OpGeocode, geotest.Step{Err: geo.ErrNotFound})
	}
	_, err := newClient(t, ps).Geocode(context.Background(), gq)
	var fe *Error
	if !errors.As(err, &fe) || !fe.NotFound() || !errors.Is(err, geo.ErrNotFound) || len(fe.Attempts) != 2 {
		t.Fatalf("err = %v", err)
	}
}

func TestRouteFinalNotFoundStops(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].Push(geo.OpRoute, geotest.Step{Err: &geo.ProviderError{Provider: "a", Op: geo.OpRoute,
		Kind: geo.ErrNotFound, Code: "104", Final: true}})
	_, err := newClient(t, ps).Route(context.Background(), rq)
	if !errors.Is(err, geo.ErrNotFound) || fs[1].Calls(geo.OpRoute) != 0 {
		t.Fatalf("err = %v, b calls %d", err, fs[1].Calls(geo.OpRoute))
	}
}

func TestAllFailedError(t *testing.T) {
	fs, ps := fakes("a", "b", "c")
	fs[0].Push(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	fs[1].Push(geo.OpRoute, geotest.Step{Err: geo.ErrQuotaExceeded})
	fs[2].Push(geo.OpRoute, geotest.Step{Err: geo.ErrUnauthorized})
	r, err := newClient(t, ps).Route(context.Background(), rq)
	var fe *Error
	if r != nil || !errors.As(err, &fe) || len(fe.Attempts) != 3 || len(fe.Unwrap()) != 3 {
		t.Fatalf("route %v, err %v", r, err)
	}
	for _, k := range []error{geo.ErrUnavailable, geo.ErrQuotaExceeded, geo.ErrUnauthorized} {
		if !errors.Is(err, k) {
			t.Errorf("error does not match %v: %v", k, err)
		}
	}
}

func TestBreakerTripsAndRecovers(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	var mu sync.Mutex
	var changes []StateChange
	pol := DefaultPolicy()
	pol.OpenFor = 50 * time.Millisecond
	pol.Probes = 1
	c := newClient(t, ps, WithPolicy("", "", pol), OnStateChange(func(s StateChange) {
		mu.Lock()
		changes = append(changes, s)
		mu.Unlock()
	}))
	for i := 0; i < 10; i++ {
		if r, err := c.Route(context.Background(), rq); err != nil || r.Provider != "b" {
			t.Fatalf("request %d: %v, %v", i, r, err)
		}
	}
	if n := fs[0].Calls(geo.OpRoute); n != 5 {
		t.Errorf("a was called %d times; want 5 (MinRequests) before its breaker opened", n)
	}
	if s := status(c, "a", geo.OpRoute); s.State != "open" {
		t.Errorf("a's route breaker is %q", s.State)
	}
	if s := status(c, "a", geo.OpGeocode); s.State != "closed" {
		t.Errorf("a's geocode breaker is %q; breakers are per operation", s.State)
	}
	// Heal a; after OpenFor a probe closes the breaker again.
	fs[0].SetDefault(geo.OpRoute, geotest.Step{})
	time.Sleep(60 * time.Millisecond)
	if r, err := c.Route(context.Background(), rq); err != nil || r.Provider != "a" {
		t.Fatalf("after healing: %v, %v", r, err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"closed>open", "open>half-open", "half-open>closed"}
	if len(changes) != len(want) {
		t.Fatalf("state changes %+v", changes)
	}
	for i, ch := range changes {
		if ch.From+">"+ch.To != want[i] || ch.Provider != "a" || ch.Op != geo.OpRoute {
			t.Errorf("change %d = %+v, want %s", i, ch, want[i])
		}
	}
}

func TestQuotaKeepsProviderOutAndProbesWithBackoff(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 10, 0, 0, 0, time.UTC)} // 19:00 KST
	reset := geo.NextMidnightKST(clk.now())
	fs, ps := fakes("a", "b")
	spent := geotest.Step{Err: &geo.ProviderError{Provider: "a", Op: geo.OpGeocode,
		Kind: geo.ErrQuotaExceeded, Code: "-10", ResetAt: reset}}
	fs[0].SetDefault(geo.OpGeocode, spent)
	c := newClient(t, ps, withClock(clk.now), WithQuotaProbe(2*time.Second, 16*time.Second))
	ask := func() string {
		t.Helper()
		p, err := c.Geocode(context.Background(), gq)
		if err != nil {
			t.Fatalf("%v", err)
		}
		return p[0].Provider
	}
	ask()
	// Probes at +2 s, then 4, 8, 16, 16 s after each failed one: a spent
	// quota costs one call per interval, never one per request.
	var probesAt []time.Duration
	start := clk.now()
	for i := 0; i < 600; i++ { // one request every 100 ms for a minute
		before := fs[0].Calls(geo.OpGeocode)
		if who := ask(); who != "b" {
			t.Fatalf("request %d answered by %s while a's quota is spent", i, who)
		}
		if fs[0].Calls(geo.OpGeocode) > before {
			probesAt = append(probesAt, clk.now().Sub(start))
		}
		clk.add(100 * time.Millisecond)
	}
	// The first probe after DefaultQuotaProbe; each interval at least the
	// last, half the time out so far, never over the cap.
	if len(probesAt) < 5 || len(probesAt) > 12 {
		t.Fatalf("%d probes in a minute (%v), want a handful", len(probesAt), probesAt)
	}
	if d := probesAt[0] - 2*time.Second; d < 0 || d > 200*time.Millisecond {
		t.Errorf("first probe at %v, want 2 s", probesAt[0])
	}
	for i := 1; i < len(probesAt); i++ {
		gap, prev := probesAt[i]-probesAt[i-1], time.Duration(0)
		if i > 1 {
			prev = probesAt[i-1] - probesAt[i-2]
		}
		if gap < prev-200*time.Millisecond || gap > 16*time.Second+200*time.Millisecond || gap < probesAt[i-1]/2-200*time.Millisecond {
			t.Errorf("probes at %v: interval %d is %v", probesAt, i, gap)
		}
	}
	s := status(c, "a", geo.OpGeocode)
	if s.State != "open" || !strings.Contains(s.OpenReason, "quota exceeded") || !strings.Contains(s.OpenReason, "resets") {
		t.Errorf("status %+v", s)
	}
	// The quota is raised: the next probe notices and one success restores a.
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{})
	clk.add(16 * time.Second)
	if who := ask(); who != "a" {
		t.Fatalf("the probe after the quota was lifted went to %s", who)
	}
	if s := status(c, "a", geo.OpGeocode); !s.OpenUntil.IsZero() || s.State != "closed" {
		t.Errorf("after a successful probe: %+v", s)
	}
	if who := ask(); who != "a" {
		t.Fatalf("after the probe: %s", who)
	}
}

func TestQuotaProbeNeverLaterThanReset(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 14, 59, 58, 0, time.UTC)} // 23:59:58 KST
	reset := geo.NextMidnightKST(clk.now())
	fs, ps := fakes("a", "b")
	fs[0].Push(geo.OpGeocode, geotest.Step{Err: &geo.ProviderError{Provider: "a", Kind: geo.ErrQuotaExceeded, ResetAt: reset}})
	c := newClient(t, ps, withClock(clk.now), WithQuotaProbe(time.Minute, time.Hour))
	c.Geocode(context.Background(), gq)
	if s := status(c, "a", geo.OpGeocode); !s.OpenUntil.Equal(reset) {
		t.Errorf("probe at %v, want the reset %v", s.OpenUntil, reset)
	}
}

func TestRateLimitRetryAfterCapped(t *testing.T) {
	clk := &clock{t: time.Now()}
	fs, ps := fakes("a", "b")
	fs[0].Push(geo.OpRoute, geotest.Step{Err: &geo.ProviderError{Provider: "a", Kind: geo.ErrRateLimited, RetryAfter: time.Hour}})
	c := newClient(t, ps, withClock(clk.now), WithRetryAfterCap(30*time.Second))
	if _, err := c.Route(context.Background(), rq); err != nil {
		t.Fatal(err)
	}
	if s := status(c, "a", geo.OpRoute); !s.OpenUntil.Equal(clk.now().Add(30 * time.Second)) {
		t.Errorf("open until %v, want now+30s", s.OpenUntil)
	}
}

func TestCallerCancellationStopsAndIsNotCounted(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Delay: time.Hour})
	c := newClient(t, ps)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err := c.Route(ctx, rq)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if fs[1].Calls(geo.OpRoute) != 0 {
		t.Error("the caller's cancellation failed over to b")
	}
	time.Sleep(10 * time.Millisecond) // let the abandoned attempt report
	if s := status(c, "a", geo.OpRoute); s.Failures != 0 {
		t.Errorf("the caller's cancellation counted against a: %+v", s)
	}
}

func TestDeadlineLeavesTimeForFallback(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r, err := newClient(t, ps).Route(ctx, rq)
	if err != nil || r.Provider != "b" {
		t.Fatalf("a hanging primary used up the caller's whole deadline: %v %v", r, err)
	}
}

func TestAttemptTimeoutFailsOver(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Delay: time.Hour})
	c := newClient(t, ps, WithAttemptTimeout(20*time.Millisecond))
	r, err := c.Route(context.Background(), rq)
	if err != nil || r.Provider != "b" {
		t.Fatalf("%v %v", r, err)
	}
	if s := status(c, "a", geo.OpRoute); s.Failures != 1 || s.LastErrorKind != geo.ErrUnavailable {
		t.Errorf("a's attempt timeout not counted: %+v", s)
	}
}

func TestHedgeWinnerAndLoser(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Delay: time.Hour}) // black hole
	var mu sync.Mutex
	var attempts []Attempt
	c := newClient(t, ps, WithHedge(10*time.Millisecond), OnAttempt(func(a Attempt) {
		mu.Lock()
		attempts = append(attempts, a)
		mu.Unlock()
	}))
	for i := 0; i < 8; i++ {
		// Cancel the request's context once answered, as callers do: the
		// loser must still count against a.
		ctx, cancel := context.WithCancel(context.Background())
		r, err := c.Route(ctx, rq)
		cancel()
		if err != nil || r.Provider != "b" {
			t.Fatalf("%v %v", r, err)
		}
	}
	// Losers run on until their slow-call threshold (1 s while a is
	// cold), then count as slow: wait until each reported.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(attempts)
		mu.Unlock()
		if n >= 8+8 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	s := status(c, "a", geo.OpRoute)
	if s.State != "open" || !strings.Contains(s.OpenReason, "slow:") {
		t.Errorf("a black-holed provider did not trip its breaker through slow hedge losers: %+v", s)
	}
	before := fs[0].Calls(geo.OpRoute)
	for i := 0; i < 5; i++ {
		if r, err := c.Route(context.Background(), rq); err != nil || r.Provider != "b" {
			t.Fatalf("%v %v", r, err)
		}
	}
	if n := fs[0].Calls(geo.OpRoute); n != before {
		t.Errorf("a was called %d more times after its breaker opened", n-before)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, a := range attempts {
		if a.Provider == "a" && (a.Err == nil || errors.Is(a.Err, ErrLostRace) || !strings.Contains(a.Err.Error(), "slow:")) {
			t.Errorf("a black-holed loser reported %+v, want a slow-call failure", a)
		}
	}
}

func TestOverrides(t *testing.T) {
	fs, ps := fakes("a", "b")
	c := newClient(t, ps)
	ctx := context.Background()
	if err := c.Disable("nope"); err == nil {
		t.Error("Disable of an unknown provider succeeded")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	answered := func() string {
		t.Helper()
		p, err := c.Geocode(ctx, gq)
		if err != nil {
			t.Fatal(err)
		}
		return p[0].Provider
	}
	must(c.ForceOpen("a", time.Now().Add(time.Hour)))
	if got := answered(); got != "b" {
		t.Errorf("ForceOpen: answered by %s", got)
	}
	must(c.Enable("a"))
	if got := answered(); got != "a" {
		t.Errorf("Enable: answered by %s", got)
	}
	must(c.Disable("a"))
	if got := answered(); got != "b" {
		t.Errorf("Disable: answered by %s", got)
	}
	if s := status(c, "a", geo.OpGeocode); s.State != "disabled" {
		t.Errorf("status of disabled a: %q", s.State)
	}
	must(c.Enable("a"))
	must(c.Prefer("b"))
	if got := answered(); got != "b" {
		t.Errorf("Prefer(b): answered by %s", got)
	}
	if fs[0].Calls(geo.OpGeocode) != 1 {
		t.Errorf("a called %d times", fs[0].Calls(geo.OpGeocode))
	}
}

func TestSkipsProvidersLackingCapability(t *testing.T) {
	a := geotest.NewFake("local-only")
	b := geotest.NewFake("router")
	c := newClient(t, []geo.Provider{geotest.Only(a, geo.OpGeocode, geo.OpReverse), b})
	r, err := c.Route(context.Background(), rq)
	if err != nil || r.Provider != "router" {
		t.Fatalf("%v %v", r, err)
	}
	c2 := newClient(t, []geo.Provider{geotest.Only(a, geo.OpGeocode)})
	if _, err := c2.Route(context.Background(), rq); !errors.Is(err, geo.ErrUnsupported) {
		t.Errorf("no router at all: %v", err)
	}
}

func TestInvalidRequestMakesNoCall(t *testing.T) {
	fs, ps := fakes("a")
	_, err := newClient(t, ps).Route(context.Background(), geo.RouteRequest{Origin: orb.Point{37.5, 127}, Destination: busan})
	if !errors.Is(err, geo.ErrInvalidRequest) || fs[0].Calls(geo.OpRoute) != 0 {
		t.Fatalf("err %v, calls %d", err, fs[0].Calls(geo.OpRoute))
	}
}

func TestMatrixFillsFailedCells(t *testing.T) {
	fs, ps := fakes("a", "b")
	req := geo.MatrixRequest{Origins: []orb.Point{cityHall, busan}, Destinations: []orb.Point{busan, cityHall, {127.1, 37.4}}}
	final := &geo.ProviderError{Provider: "a", Op: geo.OpMatrix, Kind: geo.ErrNotFound, Final: true}
	part := &geo.Matrix{Cells: [][]geo.Cell{
		{{DistanceMeters: 1, Provider: "a"}, {Err: final}, {Err: geo.ErrUnavailable}},
		{{Err: geo.ErrNotFound}, {DistanceMeters: 4, Provider: "a"}, {DistanceMeters: 5, Provider: "a"}},
	}}
	fs[0].Push(geo.OpMatrix, geotest.Step{Matrix: part})
	m, err := newClient(t, ps).Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Cells[0][2]; c.Err != nil || c.Provider != "b" {
		t.Errorf("failed cell not filled by b: %+v", c)
	}
	// Coverage differs: a "not found" is asked of the next provider, unless
	// the provider said no one could do better.
	if c := m.Cells[1][0]; c.Err != nil || c.Provider != "b" {
		t.Errorf("a not-found cell was not asked of b: %+v", c)
	}
	if c := m.Cells[0][1]; c.Err != final {
		t.Errorf("a final not-found cell was replaced: %+v", c)
	}
	if m.Cells[0][0].Provider != "a" || m.Cells[1][2].Provider != "a" {
		t.Errorf("a's cells were replaced: %+v", m.Cells)
	}
}

func TestAdaptiveHedgeLearnsFromLatency(t *testing.T) {
	fs, ps := fakes("a", "b")
	c := newClient(t, ps, WithAdaptiveHedge(5*time.Millisecond, time.Second))
	for i := 0; i < 20; i++ { // a is fast: its p95 is near zero
		if r, err := c.Route(context.Background(), rq); err != nil || r.Provider != "a" {
			t.Fatalf("warm-up: %v %v", r, err)
		}
	}
	// Now a hangs; the learned delay (the 5 ms floor) hedges to b long
	// before the 1 s ceiling a fixed delay would have waited.
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	r, err := c.Route(ctx, rq)
	if err != nil || r.Provider != "b" {
		t.Fatalf("adaptive hedge did not reach b within the caller's deadline: %v %v", r, err)
	}
}

func TestHooksMayCallStatus(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	var c *Client
	seen := make(chan string, 16)
	c = newClient(t, ps, OnStateChange(func(s StateChange) {
		seen <- status(c, s.Provider, s.Op).State // re-enters the client: must not deadlock
	}))
	for i := 0; i < 6; i++ {
		if _, err := c.Route(context.Background(), rq); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case st := <-seen:
		if st != "open" {
			t.Errorf("Status inside the hook says %q", st)
		}
	default:
		t.Error("no state change reported")
	}
}

func TestCoalescesIdenticalRequests(t *testing.T) {
	fs, ps := fakes("a")
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Delay: 50 * time.Millisecond})
	c := newClient(t, ps)
	var wg sync.WaitGroup
	results := make([][]geo.Place, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.Geocode(context.Background(), gq)
			if err != nil {
				t.Error(err)
			}
			results[i] = p
		}()
	}
	wg.Wait()
	if n := fs[0].Calls(geo.OpGeocode); n != 1 {
		t.Errorf("10 identical concurrent requests made %d provider calls", n)
	}
	results[0][0].Name = "changed by one caller"
	for i, r := range results[1:] {
		if len(r) != 1 || r[0].Name == "changed by one caller" {
			t.Errorf("caller %d shares the result slice: %+v", i+1, r)
		}
	}
	// With coalescing off every request reaches the provider.
	fs2, ps2 := fakes("a")
	c2 := newClient(t, ps2, WithoutCoalescing())
	for i := 0; i < 3; i++ {
		c2.Geocode(context.Background(), gq)
	}
	if n := fs2[0].Calls(geo.OpGeocode); n != 3 {
		t.Errorf("WithoutCoalescing: %d calls for 3 requests", n)
	}
}

func TestCoalescedWaiterOutlivesCancelledLeader(t *testing.T) {
	fs, ps := fakes("a")
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Delay: 40 * time.Millisecond})
	c := newClient(t, ps)
	leaderCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.Geocode(leaderCtx, gq); done <- err }()
	time.Sleep(10 * time.Millisecond) // the leader's call is in flight
	waiter := make(chan error, 1)
	go func() { _, err := c.Geocode(context.Background(), gq); waiter <- err }()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v", err)
	}
	if err := <-waiter; err != nil {
		t.Errorf("the waiter inherited the leader's cancellation: %v", err)
	}
}

func TestCacheFreshAndStale(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 6, 0, 0, 0, time.UTC)}
	fs, ps := fakes("a")
	c := newClient(t, ps, withClock(clk.now), WithCache(2, time.Minute, time.Hour))
	ctx := context.Background()
	first, err := c.Geocode(ctx, gq)
	if err != nil || first[0].Stale {
		t.Fatal(first, err)
	}
	// Fresh: no provider call.
	if p, err := c.Geocode(ctx, gq); err != nil || p[0].Stale || fs[0].Calls(geo.OpGeocode) != 1 {
		t.Errorf("fresh hit: %v %v, %d calls", p, err, fs[0].Calls(geo.OpGeocode))
	}
	// Expired but within maxStale, and the provider is down: stale answer.
	clk.add(10 * time.Minute)
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Err: geo.ErrUnavailable})
	p, err := c.Geocode(ctx, gq)
	if err != nil || !p[0].Stale || p[0].Provider != "a" {
		t.Errorf("outage: %v %v, want a stale answer", p, err)
	}
	if first[0].Stale {
		t.Error("marking a stale copy changed an earlier caller's result")
	}
	// "Not found" from every provider is an answer, not an outage.
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Err: geo.ErrNotFound})
	if _, err := c.Geocode(ctx, gq); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("not found: %v", err)
	}
	// Past maxStale nothing is served.
	clk.add(2 * time.Hour)
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Err: geo.ErrUnavailable})
	if _, err := c.Geocode(ctx, gq); !errors.Is(err, geo.ErrUnavailable) {
		t.Errorf("too old: %v", err)
	}
}

func TestCacheEvictsLeastRecent(t *testing.T) {
	ch := NewLRU(2)
	now := time.Now()
	k := func(s string) CacheKey { return CacheKey{Key: s} }
	ch.Put(context.Background(), k("a"), CacheEntry{Provider: "a", At: now}, time.Hour)
	ch.Put(context.Background(), k("b"), CacheEntry{Provider: "b", At: now}, time.Hour)
	ch.Get(context.Background(), k("a"))
	ch.Put(context.Background(), k("c"), CacheEntry{Provider: "c", At: now}, time.Hour)
	if _, ok := ch.Get(context.Background(), k("b")); ok {
		t.Error("b should have been evicted")
	}
	for _, key := range []string{"a", "c"} {
		if e, ok := ch.Get(context.Background(), k(key)); !ok || e.Provider != key {
			t.Errorf("%s missing", key)
		}
	}
	if _, err := New([]geo.Provider{geotest.NewFake("x")}, WithCache(0, 0, 0)); err == nil {
		t.Error("WithCache(0, …) accepted")
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func providerErr(err error) *geo.ProviderError {
	var pe *geo.ProviderError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

// geotestFallback is an always-healthy second provider.
func geotestFallback(t *testing.T) geo.Provider {
	t.Helper()
	return geotest.NewFake("backup")
}

func TestSkippedAttemptSaysWhyAndUntilWhen(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 6, 0, 0, 0, time.UTC)}
	fs, ps := fakes("a")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Err: &geo.ProviderError{Provider: "a", Kind: geo.ErrRateLimited, RetryAfter: 30 * time.Second}})
	c := newClient(t, ps, withClock(clk.now))
	c.Route(context.Background(), rq)
	_, err := c.Route(context.Background(), rq)
	var fe *Error
	if !errors.As(err, &fe) || len(fe.Attempts) != 1 || !fe.Attempts[0].Skipped {
		t.Fatalf("err = %v", err)
	}
	msg := fe.Attempts[0].Err.Error()
	if !strings.Contains(msg, "skipped until 06:00:30") || !strings.Contains(msg, "rate limited") || !errors.Is(err, geo.ErrRateLimited) {
		t.Errorf("skip error %q does not say why and until when", msg)
	}
	// A breaker opened by failures says since when, until when and why.
	fs2, ps2 := fakes("b")
	fs2[0].SetDefault(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	c2 := newClient(t, ps2)
	for range 5 {
		c2.Route(context.Background(), rq)
	}
	_, err = c2.Route(context.Background(), rq)
	if !errors.As(err, &fe) || !fe.Attempts[0].Skipped || !strings.Contains(fe.Attempts[0].Err.Error(), "circuit open since") ||
		!strings.Contains(fe.Attempts[0].Err.Error(), "scripted by geotest.Fake") {
		t.Errorf("err = %v", err)
	}
}
