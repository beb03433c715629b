package fallback

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/mapswitch/mapswitch/geo"
)

// errNeutral tells gobreaker to ignore an outcome: the caller's fault, a
// legitimate "not found", a cancelled hedge loser that was not slow.
var errNeutral = errors.New("neutral outcome")

// errSlow marks a call that answered, or was abandoned, after the slow-call
// threshold: a failure for the breaker even though the caller may have been
// served.
var errSlow = errors.New("slow call")

// breaker guards one (provider, operation). Counting and the closed/open/
// half-open cycle are gobreaker's; on top of it sits an "open until" instant
// for answers that say how long to stay away (quota reset, Retry-After,
// revoked key) or for an operator's ForceOpen, since gobreaker only knows a
// fixed open period.
type breaker struct {
	provider string
	op       geo.Op
	cb       *gobreaker.TwoStepCircuitBreaker[struct{}]

	mu        sync.Mutex
	openUntil time.Time
	reason    string // why openUntil was set
	probing   bool   // a probe after openUntil is in flight
	lastKind  error
	lastErr   string
	lat       latencies
}

func newBreaker(provider string, op geo.Op, p Policy, onChange func(from, to gobreaker.State)) *breaker {
	b := &breaker{provider: provider, op: op}
	b.cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:         provider + "/" + string(op),
		MaxRequests:  p.Probes,
		Interval:     p.Window,
		BucketPeriod: p.Window / time.Duration(p.Buckets),
		Timeout:      p.OpenFor,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			if p.ConsecutiveFailures > 0 && c.ConsecutiveFailures >= p.ConsecutiveFailures {
				return true
			}
			return c.Requests >= p.MinRequests && float64(c.TotalFailures) >= p.FailureRatio*float64(c.Requests)
		},
		IsSuccessful: func(err error) bool { return err == nil },
		IsExcluded:   func(err error) bool { return errors.Is(err, errNeutral) },
		OnStateChange: func(_ string, from, to gobreaker.State) {
			onChange(from, to) // only queues an event: we are under gobreaker's lock
		},
	})
	return b
}

// ticket is a permission to call the provider; done must be called once
// with the outcome.
type ticket struct {
	done  func(error)
	probe bool
}

// allow reports whether a call may go ahead now.
func (b *breaker) allow(now time.Time) (ticket, bool) {
	b.mu.Lock()
	probe := false
	if !b.openUntil.IsZero() {
		if now.Before(b.openUntil) || b.probing {
			b.mu.Unlock()
			return ticket{}, false
		}
		// The instant has passed: let one probe through before traffic.
		b.probing, probe = true, true
	}
	b.mu.Unlock()
	done, err := b.cb.Allow()
	if err != nil {
		if probe {
			b.mu.Lock()
			b.probing = false
			b.mu.Unlock()
		}
		return ticket{}, false
	}
	return ticket{done: done, probe: probe}, true
}

// outcome is how one call ended, as the failover decides it.
type outcome struct {
	err     error         // the provider's error, nil on success
	elapsed time.Duration // call duration
	slow    bool          // over the slow-call threshold
	neutral bool          // not the provider's fault (caller ctx, not found, hedge loser)
	until   time.Time     // keep the provider out until then (quota, throttle, auth)
	reason  string
}

// finish records the outcome of a call allowed by t.
func (b *breaker) finish(t ticket, o outcome) {
	var verdict error
	switch {
	case o.neutral:
		verdict = errNeutral
	case o.err != nil:
		verdict = o.err
	case o.slow:
		verdict = errSlow
	}
	t.done(verdict)

	b.mu.Lock()
	defer b.mu.Unlock()
	if t.probe {
		b.probing = false
		if verdict == nil {
			b.openUntil, b.reason = time.Time{}, ""
		}
	}
	if o.until.After(b.openUntil) {
		b.openUntil, b.reason = o.until, o.reason
	}
	if o.err != nil && !errors.Is(o.err, context.Canceled) {
		b.lastKind, b.lastErr = geo.KindOf(o.err), o.err.Error()
	}
	if o.err == nil && !o.neutral {
		b.lat.add(o.elapsed)
	}
}

// forceOpen keeps the breaker out until t (zero clears a forced open).
func (b *breaker) forceOpen(t time.Time, reason string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.openUntil, b.reason, b.probing = t, reason, false
}

// latencies keeps the last few successful call durations for the adaptive
// hedge delay.
type latencies struct {
	ring [64]time.Duration
	n    int
}

func (l *latencies) add(d time.Duration) {
	l.ring[l.n%len(l.ring)] = d
	l.n++
}

// p95 returns the 95th percentile of the recorded durations, or false when
// fewer than 16 were recorded.
func (l *latencies) p95() (time.Duration, bool) {
	n := min(l.n, len(l.ring))
	if n < 16 {
		return 0, false
	}
	buf := l.ring
	s := buf[:n]
	slices.Sort(s)
	return s[(n*95+99)/100-1], true
}
