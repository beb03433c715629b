package redisfleet_test

import (
	"context"
	"math"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/fallback/redisfleet"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/redistest"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// world is a Kakao and a NAVER simulator that every instance calls.
type world struct {
	kakao, naver *sim.Server
	places       []sim.Place
}

func newWorld(t *testing.T) *world {
	k, err := sim.NewKakao(sim.WithLatency(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	n, err := sim.NewNaver(sim.WithLatency(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close(); n.Close() })
	return &world{kakao: k, naver: n, places: sim.Gazetteer()}
}

// instance is one application instance: its own Redis connection, Fleet
// and failover client.
type instance struct {
	fleet  *redisfleet.Fleet
	client *fallback.Client

	mu       sync.Mutex
	opened   time.Time     // first "open" of kakao/geocode
	kakao    []span        // calls to kakao
	slowest  time.Duration // slowest caller request
	failures int64
	firstErr error
}

type span struct {
	start, end time.Time
	ok         bool
}

func (w *world) instance(t *testing.T, addr string, pol fallback.Policy, extra ...fallback.Option) *instance {
	return w.instanceWith(t, newFleet(t, addr), pol, extra...)
}

// newFleet joins the test's fleet (its namespace) over its own connection.
func newFleet(t *testing.T, addr string, opts ...redisfleet.Option) *redisfleet.Fleet {
	fl, err := redisfleet.New(client(t, addr), append([]redisfleet.Option{redisfleet.WithNamespace("test-" + t.Name()),
		redisfleet.WithResync(200 * time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return fl
}

func (w *world) instanceWith(t *testing.T, fl *redisfleet.Fleet, pol fallback.Policy, extra ...fallback.Option) *instance {
	in := &instance{fleet: fl}
	tr := &http.Transport{}
	k, _ := kakao.New("FAKE-KAKAO-KEY-0000", kakao.WithBaseURL(w.kakao.URL()), kakao.WithMobilityBaseURL(w.kakao.URL()),
		kakao.WithHTTPClient(&http.Client{Transport: tr}))
	n, _ := naver.New("FAKE-ID", "FAKE-SECRET", naver.WithBaseURL(w.naver.URL()), naver.WithHTTPClient(&http.Client{Transport: tr}))
	opts := []fallback.Option{
		fallback.WithAttemptTimeout(attemptTimeout),
		fallback.WithPolicy("", "", pol),
		fallback.WithoutCoalescing(),
		fallback.OnStateChange(func(s fallback.StateChange) {
			in.mu.Lock()
			defer in.mu.Unlock()
			if s.Provider == "kakao" && s.To == "open" && in.opened.IsZero() {
				in.opened = s.At
				t.Logf("%s opened: %s", s.At.Format("05.000"), s.Cause)
			}
		}),
		fallback.OnAttempt(func(a fallback.Attempt) {
			if a.Provider != "kakao" {
				return
			}
			end := time.Now()
			in.mu.Lock()
			in.kakao = append(in.kakao, span{end.Add(-a.Elapsed), end, a.Err == nil})
			in.mu.Unlock()
		}),
	}
	if fl != nil {
		opts = append(opts, fallback.WithFleet(fl))
	}
	c, err := fallback.New([]geo.Provider{k, n}, append(opts, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	in.client = c
	t.Cleanup(func() {
		c.Close()
		if fl != nil {
			fl.Close()
		}
		tr.CloseIdleConnections()
	})
	return in
}

// attemptTimeout is how long an instance waits for a provider, unless a
// test says otherwise: the verdict latency of a black-holed call.
const attemptTimeout = 100 * time.Millisecond

// slowLog, when set, reports requests slower than requestBound.
var slowLog func(string, ...any)

// load sends perSecond geocode requests a second from each instance until
// ctx ends. The instances' ticks are spread over the period, as behind a
// load balancer: the fleet's requests arrive evenly, not in bursts of
// len(ins).
func (w *world) load(ctx context.Context, ins []*instance, perSecond int) {
	var wg sync.WaitGroup
	var seq atomic.Int64
	period := time.Second / time.Duration(perSecond)
	for i, in := range ins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-ctx.Done():
				return
			case <-time.After(period * time.Duration(i) / time.Duration(len(ins))):
			}
			tick := time.NewTicker(period)
			defer tick.Stop()
			var reqs sync.WaitGroup
			defer reqs.Wait()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				p := w.places[int(seq.Add(1))%len(w.places)]
				reqs.Add(1)
				go func() {
					defer reqs.Done()
					t0 := time.Now()
					rctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
					pl, err := in.client.Geocode(rctx, geo.GeocodeRequest{Query: p.Name, Limit: 1})
					cancel()
					d := time.Since(t0)
					if d > requestBound && slowLog != nil {
						slowLog("slow request at %s: %v, answered by %v, err %v", t0.Format("05.000"), d, pl, err)
					}
					in.mu.Lock()
					in.slowest = max(in.slowest, d)
					if err != nil {
						in.failures++
						if in.failures == 1 {
							in.firstErr = err
						}
					}
					in.mu.Unlock()
				}()
			}
		}()
	}
	wg.Wait()
}

// blackholeRun black-holes Kakao under steady load and returns how many
// requests reached it while it was dead (those answered before the black
// hole say nothing about the onset).
func blackholeRun(t *testing.T, w *world, ins []*instance, perSecond int, d time.Duration) int64 {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	before := w.kakao.Faulted()
	go func() {
		// Warm first: a second of answered requests in every breaker's
		// window, as in a fleet that has been serving for a while.
		time.Sleep(time.Second)
		w.kakao.SetFault(sim.Fault{Kind: sim.BlackHole})
	}()
	w.load(ctx, ins, perSecond)
	return w.kakao.Faulted() - before
}

func fastPolicy() fallback.Policy {
	p := fallback.DefaultPolicy()
	p.OpenFor = time.Second
	return p
}

// TestFleetLearnsOutageOnce: 8 instances under steady load, Kakao
// black-holed. Across the fleet, about as many requests reach the dead
// provider as one instance alone sends before its breaker opens; every
// instance stops within a second of the first opening; on recovery, one
// probe at a time across the fleet.
func TestFleetLearnsOutageOnce(t *testing.T) {
	r := redistest.Start(t)
	const rate = 5 // requests a second per instance
	pol := fastPolicy()
	pol.OpenFor = 3 * time.Second // still open when the late instance starts

	alone := newWorld(t)
	// Its own namespace: its opening must not reach the fleet below.
	one := alone.instanceWith(t, newFleet(t, r.Addr(), redisfleet.WithNamespace("alone-"+t.Name())), pol)
	single := blackholeRun(t, alone, []*instance{one}, rate, 2*time.Second)

	w := newWorld(t)
	var ins []*instance
	for range 8 {
		ins = append(ins, w.instance(t, r.Addr(), pol))
	}
	time.Sleep(300 * time.Millisecond) // subscriptions in place
	fleet := blackholeRun(t, w, ins, rate, 2*time.Second)
	// What the fleet cannot avoid: the requests launched across the fleet
	// while the verdicts that open it are pending. The fleet-wide
	// threshold (5 consecutive failures: with a warm window the ratio rule
	// needs more) is crossed by the verdict of the 5th dead request, an
	// attempt timeout after it was sent; meanwhile the others keep
	// sending at the fleet's rate. At 8 × 5 requests a second and a
	// 100 ms timeout that is 4 requests, so the fleet sends about 5 + 4
	// (1.8× a lone instance's 5), plus what arrives during the opening's
	// propagation (a couple of milliseconds: a fraction of a request) and
	// scheduling slack on a shared CI machine: 2. A lone instance may
	// open on fewer than 5 (its ratio rule, a slow cold call): the bound
	// starts from the larger.
	inflight := int64(math.Ceil(float64(len(ins)*rate) * attemptTimeout.Seconds()))
	bound := max(single, int64(pol.ConsecutiveFailures)) + inflight + 2
	t.Logf("requests reaching the black-holed provider: one instance alone %d, fleet of 8 %d (%.1f×); bound %d = max(alone, %d) + %d in flight + 2",
		single, fleet, float64(fleet)/float64(single), bound, pol.ConsecutiveFailures, inflight)
	if fleet > bound {
		t.Errorf("fleet of 8 sent %d requests to the dead provider, one instance alone %d: want at most %d (about 2×)", fleet, single, bound)
	}

	first := time.Time{}
	for _, in := range ins {
		if !in.opened.IsZero() && (first.IsZero() || in.opened.Before(first)) {
			first = in.opened
		}
	}
	if first.IsZero() {
		t.Fatal("no instance opened kakao")
	}
	for i, in := range ins {
		in.mu.Lock()
		for _, s := range in.kakao {
			if s.start.After(first.Add(time.Second)) && s.start.Before(first.Add(pol.OpenFor-100*time.Millisecond)) {
				t.Errorf("instance %d called kakao %v after the first opening", i, s.start.Sub(first))
			}
		}
		if in.failures > 0 {
			t.Errorf("instance %d: %d caller errors", i, in.failures)
		}
		in.mu.Unlock()
	}

	// A late starter reads the opening in force.
	late := w.instance(t, r.Addr(), pol)
	waitFor(t, 2*time.Second, "the late instance to adopt the opening", func() bool { return kakaoOpen(late.client) })

	// Recovery: Kakao stays dark for a while (failed probes), then comes
	// back. At most one call to it is in flight across the fleet until a
	// probe is answered.
	probeFrom := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.load(ctx, ins, rate); close(done) }()
	time.Sleep(3 * time.Second)
	w.kakao.SetFault(sim.Fault{})
	waitFor(t, 8*time.Second, "every instance back on kakao", func() bool {
		for _, in := range ins {
			if kakaoOpen(in.client) {
				return false
			}
		}
		return true
	})
	cancel()
	<-done

	var spans []span
	for _, in := range ins {
		in.mu.Lock()
		for _, s := range in.kakao {
			if s.start.After(probeFrom) {
				spans = append(spans, s)
			}
		}
		in.mu.Unlock()
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start.Before(spans[j].start) })
	probes := 0
	for i, s := range spans {
		probes++
		if s.ok {
			break // answered: the fleet closes
		}
		if i+1 < len(spans) && spans[i+1].start.Before(s.end) {
			t.Errorf("two probes at once: %v–%v and one from %v", s.start.Sub(probeFrom), s.end.Sub(probeFrom), spans[i+1].start.Sub(probeFrom))
		}
	}
	t.Logf("recovery: %d probes, one at a time, before kakao answered", probes)
	if probes == 0 {
		t.Error("no probe reached kakao")
	}
}

func kakaoOpen(c *fallback.Client) bool {
	for _, s := range c.Status() {
		if s.Provider == "kakao" && s.Op == geo.OpGeocode {
			return s.State != "closed"
		}
	}
	return false
}

func waitFor(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
