package fallback

import (
	"context"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// StateChange is reported by OnStateChange when a breaker moves between
// "closed", "open" and "half-open".
type StateChange struct {
	Provider string
	Op       geo.Op
	From, To string
	At       time.Time
	// Cause says why: "quota exceeded, resets …", "failures over the
	// policy's threshold; last: … slow: 812 ms over its 600 ms threshold",
	// "probe answered", "forced open by operator".
	Cause string
}

// Attempt is reported by OnAttempt after every provider call. Err is nil on
// success and ErrLostRace for a hedge loser that answered within its own
// slow-call threshold after a rival had answered: neither is a failure.
// Any other Err is one, including a loser that ran past its threshold
// ("slow: …").
type Attempt struct {
	Provider string
	Op       geo.Op
	// Context is the request's context as the OnRequest hooks left it
	// (carrying the request's span, for a child span per attempt). A hedge
	// loser reports after its request has ended; its Context is still the
	// request's.
	Context context.Context
	Start   time.Time
	Elapsed time.Duration
	Err     error
	// Slow is true when the call answered the caller but ran past its
	// provider's slow-call threshold: the breaker counts it as a failure.
	Slow bool
}

// Failover is reported by OnFailover when a request was answered by a
// provider other than the first one called.
type Failover struct {
	Op geo.Op
	// Context is the request's context, as in Attempt.
	Context  context.Context
	From, To string
	Attempts []AttemptError // failures before the answer
}

// RequestEnd is passed to the end function an OnRequest hook returned.
type RequestEnd struct {
	Op geo.Op
	// Provider answered the request; for a matrix, the provider of the
	// most cells. "" when the request failed.
	Provider string
	// Stale is true when the answer came from the cache because every
	// provider failed.
	Stale   bool
	Elapsed time.Duration
	// Err is the request's error, nil on success (and for a matrix that
	// returned every cell it could, some with their own errors).
	Err error
}

// begin runs the OnRequest hooks for a request of op and returns the
// context the request runs under and the function that ends it.
func (c *Client) begin(ctx context.Context, op geo.Op) (context.Context, func(provider string, stale bool, err error)) {
	if len(c.cfg.onRequest) == 0 {
		return ctx, noEnd
	}
	start := time.Now()
	ends := make([]func(RequestEnd), 0, len(c.cfg.onRequest))
	for _, fn := range c.cfg.onRequest {
		nctx, end := fn(ctx, op)
		if nctx != nil {
			ctx = nctx
		}
		if end != nil {
			ends = append(ends, end)
		}
	}
	return ctx, func(provider string, stale bool, err error) {
		ev := RequestEnd{Op: op, Provider: provider, Stale: stale, Elapsed: time.Since(start), Err: err}
		for i := len(ends) - 1; i >= 0; i-- {
			ends[i](ev)
		}
	}
}

func noEnd(string, bool, error) {}

// placesAnswer says who answered a geocode or reverse-geocode request.
func placesAnswer(ps []geo.Place) (string, bool) {
	if len(ps) == 0 {
		return "", false
	}
	return ps[0].Provider, ps[0].Stale
}

// routeAnswer says who answered a route request.
func routeAnswer(r *geo.Route) (string, bool) {
	if r == nil {
		return "", false
	}
	return r.Provider, r.Stale
}

// matrixAnswer names the provider of the most cells of m.
func matrixAnswer(m *geo.Matrix) string {
	if m == nil {
		return ""
	}
	n := map[string]int{}
	best := ""
	for _, row := range m.Cells {
		for _, cell := range row {
			if cell.Err == nil && cell.Provider != "" {
				n[cell.Provider]++
				if n[cell.Provider] > n[best] {
					best = cell.Provider
				}
			}
		}
	}
	return best
}

// BreakerStatus is a snapshot of one provider's breaker for one operation.
type BreakerStatus struct {
	Provider string
	Op       geo.Op
	// State is "closed", "open", "half-open", or "disabled".
	State string
	// Requests, Failures and Successes count outcomes in the rolling window
	// (neutral outcomes are not counted).
	Requests, Failures, Successes uint32
	// OpenUntil is when an open breaker will next let a probe through: the
	// end of the policy's OpenFor, or of a kept-out window (Retry-After, a
	// quota probe interval, an auth failure, ForceOpen).
	OpenUntil time.Time
	// OpenReason says why the breaker is open: the failure that tripped it
	// ("slow: 812 ms over its 600 ms threshold"), "quota exceeded, resets
	// …", "forced open by operator …".
	OpenReason string
	// LastErrorKind is the geo kind of the last error (nil if none).
	LastErrorKind error
	LastError     string
	// SlowThreshold is the latency past which a call counts as slow now:
	// a multiple of the provider's own recent p99 (see Timing).
	SlowThreshold time.Duration
	// FleetCallsToday is the HTTP calls the whole fleet made to the
	// provider today (every operation), as the fleet's limiters counted
	// them; see WithFleet and redisfleet's Limiter. 0 without a fleet, or
	// while the fleet's count is unknown.
	FleetCallsToday int64
}

// Status returns a snapshot of every breaker, providers in preference order.
func (c *Client) Status() []BreakerStatus {
	now := c.cfg.now()
	c.mu.Lock()
	order := append([]*member(nil), c.order...)
	disabled := make(map[string]bool, len(c.disabled))
	for k, v := range c.disabled {
		disabled[k] = v
	}
	c.mu.Unlock()
	var out []BreakerStatus
	for _, m := range order {
		for _, op := range allOps {
			b := m.breakers[op]
			if b == nil {
				continue
			}
			counts := b.cb().Counts()
			s := BreakerStatus{Provider: m.name, Op: op, State: b.cb().State().String(),
				Requests: counts.Requests, Failures: counts.TotalFailures, Successes: counts.TotalSuccesses}
			s.SlowThreshold = b.slowThreshold()
			b.mu.Lock()
			switch {
			case !b.openUntil.IsZero():
				s.State, s.OpenUntil, s.OpenReason = "open", b.openUntil, b.reason
				if !now.Before(b.openUntil) {
					s.State = "half-open" // its probe is due or in flight
				}
			case s.State == "open":
				s.OpenUntil, s.OpenReason = b.openedAt.Add(b.policy.OpenFor), b.openCause
			}
			s.LastErrorKind, s.LastError = b.lastKind, b.lastErr
			b.mu.Unlock()
			if f := c.cfg.fleet; f != nil {
				s.FleetCallsToday, _ = f.CallsToday(m.name)
			}
			if disabled[m.name] {
				s.State = "disabled"
			}
			out = append(out, s)
		}
	}
	c.flushChanges()
	return out
}
