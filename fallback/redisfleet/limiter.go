package redisfleet

import (
	"context"
	"fmt"
	"time"

	"github.com/mapswitch/mapswitch/limit"
)

// Limiter returns a limit.Limiter shared by the whole fleet: a token
// bucket in Redis (one atomic script per call) refilled at perSecond,
// holding at most burst tokens (at least 1). Pass it to a provider's
// WithLimiter (kakao, naver, osm) or osm.WithNominatimLimiter; the
// provider consults it before each HTTP call, so a matrix of 80 calls
// takes 80 tokens.
//
// Wait takes a token, or reserves the next one and sleeps until it is due
// when that is within limit.DefaultMaxWait; later than that it returns
// limit.ErrLimited at once, and the provider answers geo.ErrRateLimited,
// so the request fails over instead of queueing. When Redis does not
// answer within limiterTimeout (or WithTimeout, if longer: a limiter may
// make a call wait for its slot anyway, and falling back to the local
// share at every hiccup would let the fleet overshoot), the call is paced by
// a local bucket at this instance's share: perSecond and burst divided by
// the fleet size (WithFleetSize).
//
// Every call let through is counted in a daily counter under name, which
// Status shows as FleetCallsToday when name is the provider's name (its
// WithName). Safe for concurrent use.
func (f *Fleet) Limiter(name string, perSecond float64, burst int) (limit.Limiter, error) {
	if name == "" || !(perSecond > 0) {
		return nil, fmt.Errorf("redisfleet: Limiter(%q, %v): need a name and a positive rate", name, perSecond)
	}
	burst = max(burst, 1)
	share := perSecond / float64(f.o.size)
	local, err := limit.PerSecond(share, max(burst/f.o.size, 1), limit.DefaultMaxWait)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.counted[name] = true
	f.mu.Unlock()
	return &bucket{f: f, name: name, key: f.o.ns + ":bucket:{" + name + "}", rate: perSecond, burst: burst, local: local}, nil
}

// limiterTimeout bounds a limiter's Redis call: half of what Wait may
// block for a slot.
const limiterTimeout = limit.DefaultMaxWait / 2

type bucket struct {
	f     *Fleet
	name  string
	key   string
	rate  float64
	burst int
	local limit.Limiter
}

func (b *bucket) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var wait int64
	err := b.f.boundedFor(max(b.f.o.timeout, limiterTimeout), func(c context.Context) error {
		var err error
		wait, err = bucketScript.Run(c, b.f.rdb, []string{b.key}, b.rate, b.burst, limit.DefaultMaxWait.Milliseconds()).Int64()
		return err
	})
	if err != nil {
		b.f.localPaced.Add(1)
		if err := b.local.Wait(ctx); err != nil {
			return err
		}
		b.f.enqueue(job{kind: jobUsage, key: b.name, n: 1})
		return nil
	}
	if wait < 0 {
		return fmt.Errorf("%w: the fleet's %g/s to %s is spent", limit.ErrLimited, b.rate, b.name)
	}
	b.f.enqueue(job{kind: jobUsage, key: b.name, n: 1})
	if wait == 0 {
		return nil
	}
	d := time.Duration(wait) * time.Millisecond
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return fmt.Errorf("%w: next slot in %v, after the deadline", limit.ErrLimited, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
