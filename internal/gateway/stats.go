package gateway

import (
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// statsWindow is the span over which the status page's rates and
// percentiles are computed: long enough to be steady, short enough to show
// an incident as it happens.
const statsWindow = 10 * time.Second

// ringSize bounds the attempts kept per provider: beyond it the rate is
// still right (the oldest kept sample dates the window), percentiles come
// from the most recent calls.
const ringSize = 4096

// recentMax is how many failovers and breaker changes the page lists.
const recentMax = 20

// Stats collects what the status page shows from the failover client's
// hooks: attempts per provider, recent failovers and breaker changes. Pass
// Options to fallback.New.
type Stats struct {
	mu        sync.Mutex
	rings     map[string]*ring
	failovers []FailoverEvent
	changes   []ChangeEvent
	changed   chan struct{} // closed and replaced on every breaker change
}

type sample struct {
	at      time.Time
	elapsed time.Duration
	failed  bool
}

type ring struct {
	buf  [ringSize]sample
	next int
	n    int
}

// FailoverEvent is one recent failover.
type FailoverEvent struct {
	At   time.Time `json:"at"`
	Op   geo.Op    `json:"op"`
	From string    `json:"from"`
	To   string    `json:"to"`
}

// ChangeEvent is one recent breaker change.
type ChangeEvent struct {
	At       time.Time `json:"at"`
	Provider string    `json:"provider"`
	Op       geo.Op    `json:"op"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	Cause    string    `json:"cause"`
}

// NewStats returns an empty Stats.
func NewStats() *Stats {
	return &Stats{rings: map[string]*ring{}, changed: make(chan struct{})}
}

// Options returns the hooks that feed s.
func (s *Stats) Options() []fallback.Option {
	return []fallback.Option{fallback.OnAttempt(s.attempt), fallback.OnFailover(s.failover), fallback.OnStateChange(s.change)}
}

func (s *Stats) attempt(a fallback.Attempt) {
	failed := a.Err != nil && !errors.Is(a.Err, fallback.ErrLostRace)
	at := a.Start.Add(a.Elapsed)
	if a.Start.IsZero() {
		at = time.Now()
	}
	s.mu.Lock()
	r := s.rings[a.Provider]
	if r == nil {
		r = &ring{}
		s.rings[a.Provider] = r
	}
	r.buf[r.next] = sample{at: at, elapsed: a.Elapsed, failed: failed || a.Slow}
	r.next = (r.next + 1) % ringSize
	r.n = min(r.n+1, ringSize)
	s.mu.Unlock()
}

func (s *Stats) failover(f fallback.Failover) {
	s.mu.Lock()
	s.failovers = appendRecent(s.failovers, FailoverEvent{At: time.Now(), Op: f.Op, From: f.From, To: f.To})
	s.mu.Unlock()
}

func (s *Stats) change(c fallback.StateChange) {
	s.mu.Lock()
	s.changes = appendRecent(s.changes, ChangeEvent{At: c.At, Provider: c.Provider, Op: c.Op, From: c.From, To: c.To, Cause: c.Cause})
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

// Changed returns a channel closed at the next breaker change, so that a
// live page is pushed the news at once rather than at its next tick.
func (s *Stats) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

func appendRecent[T any](xs []T, x T) []T {
	xs = append(xs, x)
	if len(xs) > recentMax {
		xs = slices.Delete(xs, 0, len(xs)-recentMax)
	}
	return xs
}

// ProviderLoad is one provider's traffic over the last statsWindow.
type ProviderLoad struct {
	Provider string  `json:"provider"`
	PerSec   float64 `json:"per_second"`
	Failures int     `json:"failures"`
	P50ms    float64 `json:"p50_ms"`
	P99ms    float64 `json:"p99_ms"`
}

// load computes each provider's rate and latency percentiles now.
func (s *Stats) load(now time.Time) map[string]ProviderLoad {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]ProviderLoad, len(s.rings))
	since := now.Add(-statsWindow)
	for name, r := range s.rings {
		var lat []time.Duration
		l := ProviderLoad{Provider: name}
		for i := 0; i < r.n; i++ {
			sm := r.buf[i]
			if sm.at.Before(since) {
				continue
			}
			lat = append(lat, sm.elapsed)
			if sm.failed {
				l.Failures++
			}
		}
		if len(lat) > 0 {
			slices.Sort(lat)
			l.PerSec = float64(len(lat)) / statsWindow.Seconds()
			l.P50ms = ms(lat[(len(lat)-1)*50/100])
			l.P99ms = ms(lat[(len(lat)-1)*99/100])
		}
		out[name] = l
	}
	return out
}

func (s *Stats) recent() ([]FailoverEvent, []ChangeEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.failovers), slices.Clone(s.changes)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
