package fallback

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sony/gobreaker/v2"

	"github.com/mapswitch/mapswitch/geo"
)

// errNeutral tells gobreaker to ignore an outcome: the caller's fault, a
// legitimate "not found", a hedge loser that answered in its own time, or
// an answer that keeps the provider out by its own clock (quota, throttle,
// revoked key).
var errNeutral = errors.New("neutral outcome")

// breaker guards one (provider, operation). Counting and the closed/open/
// half-open cycle are gobreaker's; on top of it sits a "kept out until"
// instant for answers that say how long to stay away (a quota reset,
// Retry-After, a revoked key) and for an operator's ForceOpen, since
// gobreaker only knows a fixed open period. When the instant passes, one
// probe goes through; its success restores the provider, its failure keeps
// it out for a longer interval (backoff).
type breaker struct {
	provider string
	op       geo.Op
	timing   Timing
	policy   Policy
	rules    keepOutRules
	cbp      atomic.Pointer[gobreaker.TwoStepCircuitBreaker[struct{}]]
	emit     func(StateChange) // queues an event; never blocks
	now      func() time.Time
	fleet    Fleet  // nil without WithFleet
	origin   string // the Client's identity in the fleet

	slow atomic.Int64 // the slow-call threshold in force, nanoseconds
	p95  atomic.Int64 // recent 95th-percentile latency for adaptive hedging, 0 until known

	mu        sync.Mutex
	openUntil time.Time // kept out until then, then probed
	keptKind  error     // the kind of answer that set openUntil
	reason    string    // why openUntil was set
	keptSince time.Time // when the current kept-out spell began
	probing   bool      // a probe after openUntil is in flight
	fleetOpen bool      // openUntil is shared with the fleet: its probe needs the lease
	openedAt  time.Time
	openCause string // why gobreaker last opened
	lastKind  error
	lastErr   string
	lat       latencies
}

// keepOutRules are the Client-wide settings for answers that say how long
// to stay away.
type keepOutRules struct {
	retryAfterCap, authOpen, quotaProbe, quotaProbeCap time.Duration
}

func newBreaker(provider string, op geo.Op, p Policy, t Timing, rules keepOutRules,
	now func() time.Time, emit func(StateChange)) *breaker {
	b := &breaker{provider: provider, op: op, timing: t, policy: p, rules: rules, emit: emit, now: now}
	b.cbp.Store(b.newCB())
	b.recomputeSlow()
	return b
}

// newCB returns a fresh gobreaker with b's policy. A fleet-wide decision
// replaces b's with a new one, so that only the fleet's probe, not every
// instance's own half-open state, decides when the provider is tried again.
func (b *breaker) newCB() *gobreaker.TwoStepCircuitBreaker[struct{}] {
	p := b.policy
	var cb *gobreaker.TwoStepCircuitBreaker[struct{}]
	cb = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:         b.provider + "/" + string(b.op),
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
			if b.cbp.Load() == cb { // a replaced one's late outcomes say nothing now
				b.gobreakerChanged(from, to) // under gobreaker's lock: only records and queues
			}
		},
	})
	return cb
}

// cb is the gobreaker in force.
func (b *breaker) cb() *gobreaker.TwoStepCircuitBreaker[struct{}] { return b.cbp.Load() }

// gobreakerChanged records why gobreaker moved and queues the event.
func (b *breaker) gobreakerChanged(from, to gobreaker.State) {
	now := b.now()
	b.mu.Lock()
	var cause string
	switch {
	case to == gobreaker.StateOpen && from == gobreaker.StateHalfOpen:
		cause = "half-open probe failed: " + b.lastErr
	case to == gobreaker.StateOpen:
		cause = "failures over the policy's threshold; last: " + b.lastErr
	case to == gobreaker.StateHalfOpen:
		cause = fmt.Sprintf("open for %v: probing", b.policy.OpenFor)
	default:
		cause = fmt.Sprintf("%d half-open probes succeeded", b.policy.Probes)
	}
	if to == gobreaker.StateOpen {
		b.openedAt, b.openCause = now, cause
	}
	b.mu.Unlock()
	b.emit(StateChange{Provider: b.provider, Op: b.op, From: from.String(), To: to.String(), At: now, Cause: cause})
}

// ticket is a permission to call the provider; finish must be called once
// with the outcome.
type ticket struct {
	done  func(error)
	probe bool   // the first call after a kept-out instant
	fleet bool   // that instant was shared with the fleet: the verdict is published
	lease func() // returns the fleet's probe lease, or nil
}

// allow reports whether a call may go ahead now; when it may not, the
// error says why and until when.
func (b *breaker) allow(now time.Time) (ticket, error) {
	b.mu.Lock()
	probe, shared := false, false
	if !b.openUntil.IsZero() {
		if now.Before(b.openUntil) || b.probing {
			err := b.skipError(now)
			b.mu.Unlock()
			return ticket{}, err
		}
		b.probing, probe, shared = true, true, b.fleet != nil && b.fleetOpen
	}
	b.mu.Unlock()
	var lease func()
	if shared {
		// Bounded by the Fleet's contract (a few milliseconds), and asked
		// only when a fleet-wide opening is due to end.
		rel, ok := b.fleet.ProbeLease(b.provider, b.op, b.leaseTTL())
		if !ok {
			b.mu.Lock()
			b.probing = false
			// Another instance probes: wait for its verdict, or for its
			// lease to run out should it never come.
			if retry := now.Add(b.leaseTTL()); b.fleetOpen && retry.After(b.openUntil) {
				b.openUntil = retry
			}
			err := b.skipError(now)
			b.mu.Unlock()
			return ticket{}, err
		}
		lease = rel
	}
	done, err := b.cb().Allow()
	if err != nil {
		b.mu.Lock()
		if probe {
			b.probing = false
		}
		e := b.skipError(now)
		b.mu.Unlock()
		if lease != nil {
			lease()
		}
		return ticket{}, e
	}
	return ticket{done: done, probe: probe, fleet: shared, lease: lease}, nil
}

// leaseTTL bounds the fleet's probe lease: the probe's own time limit,
// and a margin for judging it.
func (b *breaker) leaseTTL() time.Duration {
	return max(b.timing.AttemptTimeout, b.slowThreshold()) + time.Second
}

// skipError explains a refusal; b.mu is held.
func (b *breaker) skipError(now time.Time) error {
	e := &geo.ProviderError{Provider: b.provider, Op: b.op, Kind: geo.ErrUnavailable}
	switch {
	case b.probing:
		e.Message = "skipped: a probe is in flight (" + b.reason + ")"
		if b.keptKind != nil {
			e.Kind = b.keptKind
		}
	case !b.openUntil.IsZero():
		e.Message = fmt.Sprintf("skipped until %s: %s", b.openUntil.Format(time.TimeOnly), b.reason)
		if b.keptKind != nil {
			e.Kind = b.keptKind
		}
	case b.cb().State() == gobreaker.StateHalfOpen:
		e.Message = "skipped: circuit half-open, its probes are in flight"
	default:
		e.Message = fmt.Sprintf("skipped: circuit open since %s until %s: %s", b.openedAt.Format(time.TimeOnly),
			b.openedAt.Add(b.policy.OpenFor).Format(time.TimeOnly), b.openCause)
	}
	return e
}

// outcome is how one call ended, as the failover judged it.
type outcome struct {
	err     error         // the provider's error (or the slow-call error), nil on success
	elapsed time.Duration // call duration
	neutral bool          // says nothing about the provider
	latency bool          // a complete answer whose duration is a latency sample
}

// finish records the outcome of a call allowed by t.
func (b *breaker) finish(t ticket, o outcome) {
	now := b.now()
	kind := geo.KindOf(o.err)
	keepOut := kind == geo.ErrQuotaExceeded || kind == geo.ErrRateLimited || kind == geo.ErrUnauthorized
	var verdict error
	switch {
	case o.neutral, keepOut:
		verdict = errNeutral
	case o.err != nil:
		verdict = o.err
	}

	b.mu.Lock()
	if kind != nil { // a bare context error says nothing about the provider
		b.lastKind, b.lastErr = kind, o.err.Error()
	}
	if o.latency {
		if b.lat.add(o.elapsed) {
			b.recomputeSlow()
		}
	}
	var ev *StateChange
	var pub *Decision
	// A probe is answered when the provider did its job: a value, or a
	// "not found" or "bad request" that only a working provider gives.
	answered := (o.err == nil && !o.neutral) || kind == geo.ErrNotFound || kind == geo.ErrInvalidRequest || kind == geo.ErrUnsupported
	if t.probe {
		b.probing = false
		switch {
		case answered:
			if !b.openUntil.IsZero() {
				ev = &StateChange{From: "open", To: "closed", Cause: "probe answered: " + b.reason + " is over"}
				if t.fleet {
					pub = &Decision{Action: ActionClose, Reason: "probe answered: " + b.reason + " is over"}
				}
			}
			b.openUntil, b.keptKind, b.reason, b.keptSince, b.fleetOpen = time.Time{}, nil, "", time.Time{}, false
		case t.fleet && !keepOut && !o.neutral:
			// The fleet's one probe failed: stay out, longer each time, and
			// tell the others.
			d := min(max(b.policy.OpenFor, now.Sub(b.keptSince)/2), b.rules.quotaProbeCap)
			b.openUntil, b.keptKind = now.Add(d), nil
			b.reason = fmt.Sprintf("probe failed: %s; out since %s, next probe at %s", b.lastErr,
				b.keptSince.Format(time.TimeOnly), b.openUntil.Format(time.TimeOnly))
			pub = &Decision{Action: ActionOpen, Until: b.openUntil, Reason: b.reason}
		}
	}
	if keepOut {
		wasOpen := !b.openUntil.IsZero()
		b.keepOut(now, o.err, kind, t.probe)
		if !wasOpen {
			ev = &StateChange{From: "closed", To: "open", Cause: b.reason}
		}
		if b.fleet != nil {
			// The provider's own answer holds for every instance.
			b.fleetOpen = true
			pub = &Decision{Action: ActionOpen, Until: b.openUntil, Reason: b.reason, Kind: b.keptKind}
		}
	}
	b.mu.Unlock()

	t.done(verdict) // may call gobreakerChanged, which takes b.mu
	if ev != nil {
		ev.Provider, ev.Op, ev.At = b.provider, b.op, now
		b.emit(*ev)
	}
	if b.fleet != nil {
		if verdict != errNeutral {
			b.fleet.Report(Evidence{Provider: b.provider, Op: b.op, Failed: verdict != nil})
		}
		if pub != nil {
			pub.Provider, pub.Op, pub.Origin = b.provider, b.op, b.origin
			b.fleet.Publish(*pub) // before the lease goes back, so that its successor knows
		}
	}
	if t.lease != nil {
		t.lease()
	}
}

// keepOut sets openUntil for a quota, throttle or auth answer; b.mu is
// held. probe says whether the answer came from a probe. After a failed
// probe the next one waits the answer's Retry-After (or the first probe
// interval), or half the time the provider has been out so far if that is
// longer, up to the cap: a throttle burst is noticed over within about a
// Retry-After of its end, a provider out for an hour is probed every few
// minutes, and whatever the outage, its end is noticed within half its
// length (or the cap).
func (b *breaker) keepOut(now time.Time, err error, kind error, probe bool) {
	var pe *geo.ProviderError
	errors.As(err, &pe)
	var retryAfter time.Duration
	var resetAt time.Time
	if pe != nil {
		retryAfter, resetAt = pe.RetryAfter, pe.ResetAt
	}
	var d, limit time.Duration
	var reason string
	switch kind {
	case geo.ErrRateLimited:
		d, limit, reason = max(retryAfter, time.Second), b.rules.retryAfterCap, "rate limited"
	case geo.ErrQuotaExceeded:
		d, limit, reason = max(retryAfter, b.rules.quotaProbe), b.rules.quotaProbeCap, "quota exceeded"
		if !resetAt.IsZero() {
			reason += ", resets " + resetAt.Format("2006-01-02 15:04 MST")
		}
	default:
		d, limit, reason = b.rules.authOpen, b.rules.authOpen, "unauthorized"
	}
	if b.keptSince.IsZero() {
		b.keptSince = now
	}
	if probe {
		d = max(d, now.Sub(b.keptSince)/2)
	}
	d = min(d, limit)
	until := now.Add(d)
	if !resetAt.IsZero() && resetAt.After(now) && resetAt.Before(until) {
		until = resetAt // the quota renews sooner than the next probe
	}
	if until.After(b.openUntil) {
		b.openUntil, b.keptKind = until, kind
		b.reason = fmt.Sprintf("%s; out since %s, next probe at %s (intervals grow to %v)", reason,
			b.keptSince.Format(time.TimeOnly), until.Format(time.TimeOnly), limit)
	}
}

// forceOpen keeps the breaker out until t (zero clears it and any other
// kept-out instant).
func (b *breaker) forceOpen(t time.Time, reason string) {
	now := b.now()
	b.mu.Lock()
	was := !b.openUntil.IsZero()
	b.openUntil, b.reason, b.probing, b.keptSince = t, reason, false, time.Time{}
	b.keptKind, b.fleetOpen = nil, b.fleet != nil && !t.IsZero()
	b.mu.Unlock()
	switch {
	case !was && !t.IsZero():
		b.emit(StateChange{Provider: b.provider, Op: b.op, From: "closed", To: "open", At: now, Cause: reason})
	case was && t.IsZero():
		b.emit(StateChange{Provider: b.provider, Op: b.op, From: "open", To: "closed", At: now, Cause: "enabled by operator"})
	}
}

// tile records the latency of one provider call of a matrix: a matrix
// breaker's samples are its tiles, never whole matrices, whose duration
// follows their size.
func (b *breaker) tile(d time.Duration) {
	b.mu.Lock()
	if b.lat.add(d) {
		b.recomputeSlow()
	}
	b.mu.Unlock()
}

// slowThreshold is the latency past which a call to this provider counts
// as slow: a multiple of its own recent p99, within the Timing's bounds.
// For a matrix it is per tile: the longest wait for the next tile.
func (b *breaker) slowThreshold() time.Duration { return time.Duration(b.slow.Load()) }

// recomputeSlow refreshes the slow-call threshold; b.mu is held (or b is
// new).
func (b *breaker) recomputeSlow() {
	t := b.timing
	d := t.SlowCold
	switch {
	case t.SlowCall > 0:
		d = t.SlowCall
	default:
		if p95, p99, ok := b.lat.quantiles(); ok {
			b.p95.Store(int64(p95))
			d = max(time.Duration(float64(p99)*t.SlowMultiple), t.SlowFloor)
		}
	}
	b.slow.Store(int64(d))
}
