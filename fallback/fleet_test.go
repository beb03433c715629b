package fallback

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

// memFleet is an in-memory Fleet joining the Clients of one test: a
// publication reaches every other attached Client at once, and the probe
// lease is held by one caller at a time. It records what it was told.
type memFleet struct {
	mu        sync.Mutex
	clients   map[int]memMember
	next      int
	published []Decision
	evidence  []Evidence
	leases    map[string]bool
	leaseAsks int
}

type memMember struct {
	origin string
	apply  func(Decision)
}

func newMemFleet() *memFleet {
	return &memFleet{clients: map[int]memMember{}, leases: map[string]bool{}}
}

func (f *memFleet) Attach(origin string, apply func(Decision), _ []FleetBreaker) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.next
	f.next++
	f.clients[id] = memMember{origin, apply}
	return func() {
		f.mu.Lock()
		delete(f.clients, id)
		f.mu.Unlock()
	}
}

func (f *memFleet) Report(e Evidence) {
	f.mu.Lock()
	f.evidence = append(f.evidence, e)
	f.mu.Unlock()
}

func (f *memFleet) Publish(d Decision) {
	f.mu.Lock()
	f.published = append(f.published, d)
	f.mu.Unlock()
	f.deliver(d)
}

// deliver hands d to every attached Client but its origin, as a decision
// reached on fleet-wide evidence (Origin "") reaches them all.
func (f *memFleet) deliver(d Decision) {
	f.mu.Lock()
	var to []func(Decision)
	for _, m := range f.clients {
		if d.Origin == "" || m.origin != d.Origin {
			to = append(to, m.apply)
		}
	}
	f.mu.Unlock()
	for _, apply := range to {
		apply(d)
	}
}

func (f *memFleet) ProbeLease(provider string, op geo.Op, _ time.Duration) (func(), bool) {
	key := provider + "/" + string(op)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.leaseAsks++
	if f.leases[key] {
		return nil, false
	}
	f.leases[key] = true
	return func() {
		f.mu.Lock()
		delete(f.leases, key)
		f.mu.Unlock()
	}, true
}

func (f *memFleet) CallsToday(string) (int64, bool) { return 0, false }

// opens returns the ActionOpen decisions published so far.
func (f *memFleet) opens() []Decision {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Decision
	for _, d := range f.published {
		if d.Action == ActionOpen {
			out = append(out, d)
		}
	}
	return out
}

// fleetOf returns n Clients over providers "a" and "b", each with its own
// fakes, joined by one memFleet.
func fleetOf(t *testing.T, n int, opts ...Option) (*memFleet, []*Client, [][]*geotest.Fake) {
	f := newMemFleet()
	var cs []*Client
	var fss [][]*geotest.Fake
	for range n {
		fs, ps := fakes("a", "b")
		cs = append(cs, newClient(t, ps, append([]Option{WithFleet(f)}, opts...)...))
		fss = append(fss, fs)
	}
	return f, cs, fss
}

func answeredBy(t *testing.T, c *Client) string {
	t.Helper()
	p, err := c.Geocode(context.Background(), gq)
	if err != nil {
		t.Fatal(err)
	}
	return p[0].Provider
}

// An opening reached on fleet-wide evidence is adopted at once, marked
// "fleet: …", and keeps the provider out without a call; once it ends,
// only the holder of the probe lease calls the provider.
func TestFleetOpeningAdopted(t *testing.T) {
	f, cs, fss := fleetOf(t, 2)
	f.deliver(Decision{Action: ActionOpen, Provider: "a", Op: geo.OpGeocode,
		Until: time.Now().Add(150 * time.Millisecond), Reason: "fleet-wide: 5 consecutive failures"})
	for i, c := range cs {
		s := status(c, "a", geo.OpGeocode)
		if s.State == "closed" || !strings.Contains(s.OpenReason, "fleet: fleet-wide") {
			t.Errorf("client %d: a/geocode %q (%s), want it kept out by the fleet", i, s.State, s.OpenReason)
		}
		if s := status(c, "a", geo.OpRoute); s.State != "closed" {
			t.Errorf("client %d: a/route %q: an opening is per operation", i, s.State)
		}
		if who := answeredBy(t, c); who != "b" || fss[i][0].Calls(geo.OpGeocode) != 0 {
			t.Errorf("client %d: answered by %s, a called %d times", i, who, fss[i][0].Calls(geo.OpGeocode))
		}
	}

	// The opening ends: client 1 holds the lease (a probe of its own in
	// flight, stalled), so client 0 must stay away from a.
	time.Sleep(200 * time.Millisecond)
	fss[1][0].Push(geo.OpGeocode, geotest.Step{Delay: 200 * time.Millisecond})
	probe := make(chan string, 1)
	go func() { p, _ := cs[1].Geocode(context.Background(), gq); probe <- p[0].Provider }()
	waitUntil(t, func() bool { return fss[1][0].Calls(geo.OpGeocode) == 1 })
	if who := answeredBy(t, cs[0]); who != "b" || fss[0][0].Calls(geo.OpGeocode) != 0 {
		t.Errorf("while another instance probes: answered by %s, a called %d times", who, fss[0][0].Calls(geo.OpGeocode))
	}
	if who := <-probe; who != "a" {
		t.Errorf("the probe was answered by %s", who)
	}
	// Its verdict is published and closes the breaker everywhere.
	if s := status(cs[0], "a", geo.OpGeocode); s.State != "closed" {
		t.Errorf("after the fleet's probe was answered, client 0 has a/geocode %q (%s)", s.State, s.OpenReason)
	}
	if who := answeredBy(t, cs[0]); who != "a" {
		t.Errorf("after recovery: answered by %s", who)
	}
}

// A purely local opening (this instance's own failures) stays local:
// evidence is reported, nothing is published, and the other instances
// keep calling the provider.
func TestFleetLocalOpeningNotPublished(t *testing.T) {
	f, cs, fss := fleetOf(t, 2)
	fss[0][0].SetDefault(geo.OpGeocode, geotest.Step{Err: geo.ErrUnavailable})
	for range 10 {
		answeredBy(t, cs[0])
	}
	if s := status(cs[0], "a", geo.OpGeocode); s.State != "open" {
		t.Fatalf("client 0's own breaker is %q, want open on local evidence", s.State)
	}
	if d := f.opens(); len(d) != 0 {
		t.Errorf("a local opening was published: %+v", d)
	}
	failed := 0
	f.mu.Lock()
	for _, e := range f.evidence {
		if e.Provider == "a" && e.Op == geo.OpGeocode && e.Failed {
			failed++
		}
	}
	f.mu.Unlock()
	if failed != 5 {
		t.Errorf("%d failures reported, want the 5 calls made", failed)
	}
	if s := status(cs[1], "a", geo.OpGeocode); s.State != "closed" {
		t.Errorf("client 1 adopted client 0's local opening: %q", s.State)
	}
	if who := answeredBy(t, cs[1]); who != "a" {
		t.Errorf("client 1 answered by %s", who)
	}
}

// A provider's own quota answer holds for every instance: it is
// published with its kind, and adopted.
func TestFleetQuotaAnswerPublished(t *testing.T) {
	f, cs, fss := fleetOf(t, 2)
	fss[0][0].Push(geo.OpGeocode, geotest.Step{Err: geo.ErrQuotaExceeded})
	if who := answeredBy(t, cs[0]); who != "b" {
		t.Fatalf("answered by %s", who)
	}
	d := f.opens()
	if len(d) != 1 || d[0].Kind != geo.ErrQuotaExceeded || d[0].Provider != "a" || d[0].Op != geo.OpGeocode || d[0].Origin == "" {
		t.Fatalf("published %+v, want one quota opening of a/geocode signed by its Client", d)
	}
	if who := answeredBy(t, cs[1]); who != "b" || fss[1][0].Calls(geo.OpGeocode) != 0 {
		t.Errorf("client 1: answered by %s, a called %d times", who, fss[1][0].Calls(geo.OpGeocode))
	}
	if s := status(cs[1], "a", geo.OpGeocode); !strings.HasPrefix(s.OpenReason, "fleet: quota exceeded") {
		t.Errorf("client 1's reason %q", s.OpenReason)
	}
}

// The operator's ForceOpen, Disable, Enable and Prefer on one instance
// are published and adopted by the others.
func TestFleetOperatorOverridesPublished(t *testing.T) {
	f, cs, _ := fleetOf(t, 2)
	step := func(what string, act func() error, want Action, check func() bool) {
		t.Helper()
		if err := act(); err != nil {
			t.Fatal(err)
		}
		f.mu.Lock()
		var last Decision
		if n := len(f.published); n > 0 {
			last = f.published[n-1]
		}
		f.mu.Unlock()
		if last.Action != want || last.Origin == "" {
			t.Errorf("%s published %+v, want %s signed by its Client", what, last, want)
		}
		if !check() {
			t.Errorf("%s was not adopted by the other instance", what)
		}
	}
	step("ForceOpen", func() error { return cs[0].ForceOpen("a", time.Now().Add(time.Hour)) }, ActionOpen,
		func() bool { return status(cs[1], "a", geo.OpRoute).State != "closed" && answeredBy(t, cs[1]) == "b" })
	step("Enable", func() error { return cs[0].Enable("a") }, ActionEnable,
		func() bool { return status(cs[1], "a", geo.OpRoute).State == "closed" && answeredBy(t, cs[1]) == "a" })
	step("Disable", func() error { return cs[0].Disable("a") }, ActionDisable,
		func() bool { return status(cs[1], "a", geo.OpGeocode).State == "disabled" })
	step("Enable", func() error { return cs[0].Enable("a") }, ActionEnable,
		func() bool { return status(cs[1], "a", geo.OpGeocode).State == "closed" })
	step("Prefer", func() error { return cs[0].Prefer("b") }, ActionPrefer,
		func() bool { return answeredBy(t, cs[1]) == "b" })
	// Nothing echoes back to its origin.
	if s := status(cs[0], "a", geo.OpGeocode); strings.HasPrefix(s.OpenReason, "fleet: ") {
		t.Errorf("client 0 adopted its own decision: %q", s.OpenReason)
	}
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
