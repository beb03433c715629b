package redisfleet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// Fleet is one instance's membership of a fleet sharing a Redis: it
// implements fallback.Fleet (pass it to fallback.WithFleet), and makes
// fleet-wide limiters (Limiter) and a shared answer cache (Cache). Create
// one per process with New; Close it after the Clients using it. Safe for
// concurrent use.
type Fleet struct {
	rdb  redis.UniversalClient
	o    options
	ch   string
	jobs chan job

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed sync.Once
	resync chan struct{}

	mu       sync.Mutex
	clients  map[*attached]struct{}
	policies map[bkey]fallback.Policy
	ops      map[string][]geo.Op // provider → its operations, over every Client
	counted  map[string]bool     // names whose usage is counted
	calls    map[string]int64    // name → calls today, as last read
	callsDay string
	disabled map[string]bool // as last applied from Redis
	prefer   string

	downUntil atomic.Int64 // unix ns: the request path leaves Redis alone until then
	down      atomic.Bool  // last known health, for logging transitions

	malformed, ignored, dropped, redisErrors, applied, localPaced atomic.Int64
}

type attached struct {
	origin string
	apply  func(fallback.Decision)
}

type bkey struct {
	provider string
	op       geo.Op
}

// jobBuffer is how many pieces of evidence and publications may wait for
// the writer; beyond it they are dropped (and counted), never waited for.
const jobBuffer = 8192

// New joins the fleet on rdb. It does not contact Redis: a Fleet starts,
// and works, with Redis down, and connects when Redis comes. Close stops
// it; the client rdb stays the caller's.
func New(rdb redis.UniversalClient, opts ...Option) (*Fleet, error) {
	if rdb == nil {
		return nil, ErrNilClient
	}
	o := defaults()
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if o.id == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		o.id = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	f := &Fleet{rdb: rdb, o: o, ch: o.ns + ":events", jobs: make(chan job, jobBuffer), resync: make(chan struct{}, 1),
		clients: map[*attached]struct{}{}, policies: map[bkey]fallback.Policy{}, ops: map[string][]geo.Op{},
		counted: map[string]bool{}, calls: map[string]int64{}, disabled: map[string]bool{}}
	f.ctx, f.cancel = context.WithCancel(context.Background())
	f.wg.Add(3)
	go f.writer()
	go f.subscriber()
	go f.syncer()
	return f, nil
}

// Close stops the fleet's goroutines, after sending what is queued (within
// a second). It does not close the Redis client. Safe to call more than
// once.
func (f *Fleet) Close() error {
	f.closed.Do(func() {
		f.cancel()
		f.wg.Wait()
	})
	return nil
}

// ID returns this instance's name in the fleet (see WithInstanceID).
func (f *Fleet) ID() string { return f.o.id }

// Stats counts what the fleet ignored or lost.
type Stats struct {
	// Malformed counts messages on the channel (or in opening keys) that
	// failed to decode or check; Ignored, well-formed ones about providers
	// no attached Client has. Neither is ever applied.
	Malformed, Ignored int64
	// Applied counts decisions delivered to attached Clients.
	Applied int64
	// Dropped counts evidence and publications dropped because the queue
	// was full; RedisErrors, failed or timed-out Redis calls.
	Dropped, RedisErrors int64
	// LocalPaced counts limiter calls paced by this instance's share of
	// the limit because Redis did not answer in time.
	LocalPaced int64
	// Healthy is whether Redis answered the last health check in time.
	Healthy bool
}

// Stats returns the counters so far.
func (f *Fleet) Stats() Stats {
	return Stats{Malformed: f.malformed.Load(), Ignored: f.ignored.Load(), Applied: f.applied.Load(),
		Dropped: f.dropped.Load(), RedisErrors: f.redisErrors.Load(), LocalPaced: f.localPaced.Load(), Healthy: !f.down.Load()}
}

// Attach implements fallback.Fleet.
func (f *Fleet) Attach(origin string, apply func(fallback.Decision), breakers []fallback.FleetBreaker) func() {
	a := &attached{origin: origin, apply: apply}
	f.mu.Lock()
	f.clients[a] = struct{}{}
	for _, b := range breakers {
		k := bkey{b.Provider, b.Op}
		if _, ok := f.policies[k]; !ok {
			f.ops[b.Provider] = append(f.ops[b.Provider], b.Op)
		}
		f.policies[k] = b.Policy
		f.counted[b.Provider] = true
	}
	f.mu.Unlock()
	f.requestResync() // a late starter reads the openings in force
	return func() {
		f.mu.Lock()
		delete(f.clients, a)
		f.mu.Unlock()
	}
}

// Report implements fallback.Fleet: the outcome joins the next pipeline.
func (f *Fleet) Report(e fallback.Evidence) { f.enqueue(job{kind: jobEvidence, ev: e}) }

// Publish implements fallback.Fleet: the decision is written and announced
// by the next pipeline, and retried while Redis is unreachable.
func (f *Fleet) Publish(d fallback.Decision) { f.enqueue(job{kind: jobPublish, d: d}) }

// CallsToday implements fallback.Fleet from the counters last read.
func (f *Fleet) CallsToday(provider string) (int64, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.callsDay != f.day(time.Now()) {
		return 0, false
	}
	n, ok := f.calls[provider]
	return n, ok
}

// ProbeLease implements fallback.Fleet with SET NX PX: one instance at a
// time holds the right to probe. When the health check finds Redis down,
// the answer is yes: each instance then decides alone. When Redis is up
// but this call went unanswered within the bound, the answer is no: the
// breaker asks again once the lease would have expired, and a brief
// slowness never lets every instance probe at once.
func (f *Fleet) ProbeLease(provider string, op geo.Op, ttl time.Duration) (func(), bool) {
	key := f.key("lease", provider, op)
	var got bool
	err := f.bounded(func(ctx context.Context) error {
		var err error
		got, err = f.rdb.SetNX(ctx, key, f.o.id, ttl).Result()
		return err
	})
	if err != nil {
		if f.down.Load() {
			return func() {}, true
		}
		return nil, false
	}
	if !got {
		return nil, false
	}
	return func() { f.enqueue(job{kind: jobRelease, key: key}) }, true
}

func (f *Fleet) enqueue(j job) {
	select {
	case f.jobs <- j:
	default:
		f.dropped.Add(1)
	}
}

// key names one breaker's key of the given kind. The braces make every key
// of one breaker share a hash slot, so that the scripts also run on a
// Redis Cluster.
func (f *Fleet) key(kind, provider string, op geo.Op) string {
	return f.o.ns + ":{" + provider + "/" + string(op) + "}:" + kind
}

func (f *Fleet) disabledKey(provider string) string { return f.o.ns + ":disabled:" + provider }
func (f *Fleet) preferKey() string                  { return f.o.ns + ":prefer" }
func (f *Fleet) usageKey(name, day string) string   { return f.o.ns + ":usage:" + name + ":" + day }

// day names the quota day of t.
func (f *Fleet) day(t time.Time) string { return t.In(f.o.zone).Format("20060102") }

// bounded runs fn against Redis for at most the request-path bound. When
// Redis is known to be down, or fn does not finish in time, it returns
// errUnreachable at once and Redis is left alone until the next health
// check (fn, if running, finishes in the background).
func (f *Fleet) bounded(fn func(ctx context.Context) error) error {
	return f.boundedFor(f.o.timeout, fn)
}

// boundedFor is bounded with its own bound.
func (f *Fleet) boundedFor(limit time.Duration, fn func(ctx context.Context) error) error {
	if time.Now().UnixNano() < f.downUntil.Load() {
		return errUnreachable
	}
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(f.ctx, limit)
	go func() {
		defer cancel()
		done <- fn(ctx)
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, redis.Nil) {
			f.unreachable(err)
			return errUnreachable
		}
		return err
	case <-t.C:
		f.unreachable(context.DeadlineExceeded)
		return errUnreachable
	}
}

// unreachable records a failed or timed-out Redis call: the request path
// leaves Redis alone for a moment (backoff), so that a slow Redis costs at
// most one bounded wait per backoff, not one per request.
func (f *Fleet) unreachable(err error) {
	f.redisErrors.Add(1)
	f.downUntil.Store(time.Now().Add(backoff).UnixNano())
}

// backoff is how long the request path leaves Redis alone after a failed
// call.
const backoff = 100 * time.Millisecond

// health records the result of a health check: Redis down means local
// state only (probe leases granted, limits at this instance's share)
// until a check finds it back.
func (f *Fleet) health(err error) {
	if err != nil {
		f.redisErrors.Add(1)
		f.downUntil.Store(time.Now().Add(f.o.resync).UnixNano())
		if !f.down.Swap(true) && f.o.logger != nil {
			f.o.logger.Warn("redisfleet: Redis unreachable, carrying on with local state", "err", err)
		}
		return
	}
	f.downUntil.Store(0)
	if f.down.Swap(false) && f.o.logger != nil {
		f.o.logger.Info("redisfleet: Redis reachable again, resynchronising")
	}
}

// deliver hands d to every attached Client but the one that made it.
func (f *Fleet) deliver(d fallback.Decision) {
	f.mu.Lock()
	if _, ok := f.ops[d.Provider]; !ok {
		f.mu.Unlock()
		f.ignored.Add(1)
		return
	}
	switch d.Action {
	case fallback.ActionDisable:
		f.disabled[d.Provider] = true
	case fallback.ActionEnable:
		delete(f.disabled, d.Provider)
	case fallback.ActionPrefer:
		f.prefer = d.Provider
	}
	var to []func(fallback.Decision)
	for a := range f.clients {
		if a.origin != d.Origin || d.Origin == "" {
			to = append(to, a.apply)
		}
	}
	f.mu.Unlock()
	for _, apply := range to {
		apply(d)
		f.applied.Add(1)
	}
}
