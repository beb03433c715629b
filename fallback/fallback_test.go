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
