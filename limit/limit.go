// Package limit paces the HTTP calls a provider makes, so that a process —
// or, with a shared implementation such as fallback/redisfleet's, a whole
// fleet — stays within a provider's per-second limit. Limits count HTTP
// calls, not requests: a Kakao 40 × 60 matrix is 80 calls.
//
// A limiter never queues callers for long: when the next slot is further
// away than its bound, Wait fails and the provider answers
// geo.ErrRateLimited, so that the failover asks another provider instead of
// keeping the caller waiting.
package limit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is consulted by a provider before each HTTP call. Wait returns
// nil when the call may go ahead, ctx's error when ctx ended, and
// ErrLimited (possibly wrapped) when the call may not go ahead within the
// limiter's bound. Implementations must be safe for concurrent use.
type Limiter interface {
	Wait(ctx context.Context) error
}

// ErrLimited is returned by Wait when the next slot is too far away.
var ErrLimited = errors.New("limit: no slot within the wait bound")

// DefaultMaxWait is how long PerSecond's Wait may block: a few
// milliseconds of pacing are cheaper than a failover, a queue is not.
const DefaultMaxWait = 50 * time.Millisecond

// PerSecond returns a Limiter for one process: at most perSecond calls a
// second on average, bursts of at most burst (at least 1), and a Wait that
// blocks at most maxWait (DefaultMaxWait when 0) or until ctx's deadline,
// whichever is sooner.
func PerSecond(perSecond float64, burst int, maxWait time.Duration) (Limiter, error) {
	if !(perSecond > 0) {
		return nil, fmt.Errorf("limit: rate %v must be positive", perSecond)
	}
	if maxWait <= 0 {
		maxWait = DefaultMaxWait
	}
	return &local{rl: rate.NewLimiter(rate.Limit(perSecond), max(burst, 1)), maxWait: maxWait}, nil
}

type local struct {
	rl      *rate.Limiter
	maxWait time.Duration
}

func (l *local) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r := l.rl.Reserve()
	d := r.Delay()
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d || d > l.maxWait {
		r.Cancel()
		return fmt.Errorf("%w: next slot in %v", ErrLimited, d.Round(time.Millisecond))
	}
	if d == 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}
