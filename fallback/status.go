package fallback

import (
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
}

// Attempt is reported by OnAttempt after every provider call. Err is nil on
// success; a cancelled hedge loser reports its cancellation cause.
type Attempt struct {
	Provider string
	Op       geo.Op
	Elapsed  time.Duration
	Err      error
}

// Failover is reported by OnFailover when a request was answered by a
// provider other than the first one called.
type Failover struct {
	Op       geo.Op
	From, To string
	Attempts []AttemptError // failures before the answer
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
	// OpenUntil is set while the provider is kept out for a reason with an
	// end: quota reset, Retry-After, auth failure, ForceOpen.
	OpenUntil  time.Time
	OpenReason string
	// LastErrorKind is the geo kind of the last error (nil if none).
	LastErrorKind error
	LastError     string
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
			counts := b.cb.Counts()
			s := BreakerStatus{Provider: m.name, Op: op, State: b.cb.State().String(),
				Requests: counts.Requests, Failures: counts.TotalFailures, Successes: counts.TotalSuccesses}
			b.mu.Lock()
			if now.Before(b.openUntil) {
				s.State, s.OpenUntil, s.OpenReason = "open", b.openUntil, b.reason
			}
			s.LastErrorKind, s.LastError = b.lastKind, b.lastErr
			b.mu.Unlock()
			if disabled[m.name] {
				s.State = "disabled"
			}
			out = append(out, s)
		}
	}
	c.flushChanges()
	return out
}
