package fallback

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Defaults. They are tuned for interactive use (dispatch, ride-hailing):
// a provider that stops answering must cost callers well under a second.
const (
	// DefaultAttemptTimeout bounds one provider call when the caller's
	// context leaves more time than that.
	DefaultAttemptTimeout = 1500 * time.Millisecond
	// DefaultRetryAfterCap caps how long a 429's Retry-After keeps a
	// provider out of rotation.
	DefaultRetryAfterCap = time.Minute
	// DefaultAuthOpen is how long an authorization failure (revoked key,
	// API not enabled) keeps a provider out: it will not heal by itself,
	// but a fixed key should be picked up without a restart.
	DefaultAuthOpen = 10 * time.Minute
	// DefaultSlowCall is the slow-call threshold without hedging.
	DefaultSlowCall = 2 * time.Second
)

// Policy tunes the circuit breaker of one provider and operation.
type Policy struct {
	// Window is the rolling window over which outcomes are counted, in
	// Buckets buckets. Default 10 s in 10 buckets.
	Window  time.Duration
	Buckets int
	// MinRequests is the volume below which the breaker never trips.
	// Default 5.
	MinRequests uint32
	// FailureRatio trips the breaker once MinRequests is reached. Default 0.5.
	FailureRatio float64
	// ConsecutiveFailures trips the breaker on that many failures in a row,
	// whatever the window holds: a provider that just went dark should not
	// wait for its earlier successes to be outweighed. Default 5; 0 disables.
	ConsecutiveFailures uint32
	// OpenFor is how long a tripped breaker stays open before half-open
	// probes. Default 5 s.
	OpenFor time.Duration
	// Probes is the number of half-open probe requests that must succeed to
	// close the breaker again. Default 2.
	Probes uint32
}

// DefaultPolicy returns the breaker policy used unless WithPolicy says otherwise.
func DefaultPolicy() Policy {
	return Policy{Window: 10 * time.Second, Buckets: 10, MinRequests: 5, FailureRatio: 0.5,
		ConsecutiveFailures: 5, OpenFor: 5 * time.Second, Probes: 2}
}

func (p Policy) validate() error {
	switch {
	case p.Window <= 0 || p.Buckets < 1:
		return errors.New("fallback: Policy.Window and Buckets must be positive")
	case p.FailureRatio <= 0 || p.FailureRatio > 1:
		return fmt.Errorf("fallback: Policy.FailureRatio %v outside (0, 1]", p.FailureRatio)
	case p.OpenFor <= 0:
		return errors.New("fallback: Policy.OpenFor must be positive")
	case p.Probes < 1:
		return errors.New("fallback: Policy.Probes must be at least 1")
	}
	return nil
}

// Option configures a Client. Options are validated once, in New.
type Option func(*config) error

type policyKey struct {
	provider string // "" = every provider
	op       geo.Op // "" = every operation
}

type config struct {
	attemptTimeout time.Duration
	hedge          time.Duration
	adaptive       bool
	hedgeMin       time.Duration
	hedgeMax       time.Duration
	slowCall       time.Duration
	slowCallSet    bool
	retryAfterCap  time.Duration
	authOpen       time.Duration
	policies       map[policyKey]Policy
	logger         *slog.Logger
	onState        func(StateChange)
	onAttempt      func(Attempt)
	onFailover     func(Failover)
	now            func() time.Time
	noCoalesce     bool
	cache          *cache
}

// WithAttemptTimeout bounds each provider call; default
// DefaultAttemptTimeout. An attempt that times out is the provider's failure.
// When the caller's deadline is nearer, each attempt but the last gets at
// most half of what remains, so that a fallback still has time to answer.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fallback: attempt timeout %v must be positive", d)
		}
		c.attemptTimeout = d
		return nil
	}
}

// WithHedge calls the next healthy provider in parallel when the current one
// has not answered after delay; the first success wins and the other call is
// cancelled. Off by default. A hedged-out call that ran longer than delay
// counts as a slow call, so a provider that accepts connections but never
// answers still trips its breaker.
func WithHedge(delay time.Duration) Option {
	return func(c *config) error {
		if delay <= 0 {
			return fmt.Errorf("fallback: hedge delay %v must be positive", delay)
		}
		c.hedge, c.adaptive = delay, false
		return nil
	}
}

// WithAdaptiveHedge hedges after the observed 95th-percentile latency of the
// provider being waited on, kept within [min, max]; until enough calls are
// observed it waits max.
func WithAdaptiveHedge(min, max time.Duration) Option {
	return func(c *config) error {
		if min <= 0 || max < min {
			return fmt.Errorf("fallback: adaptive hedge bounds [%v, %v] invalid", min, max)
		}
		c.adaptive, c.hedgeMin, c.hedgeMax, c.hedge = true, min, max, max
		return nil
	}
}

// WithSlowCallThreshold sets the latency above which a call counts as a
// failure for its breaker even when it succeeds. Default: the hedge delay
// when hedging, DefaultSlowCall otherwise.
func WithSlowCallThreshold(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fallback: slow-call threshold %v must be positive", d)
		}
		c.slowCall, c.slowCallSet = d, true
		return nil
	}
}

// WithPolicy sets the breaker policy for one provider ("" for all) and one
// operation ("" for all). More specific settings win.
func WithPolicy(provider string, op geo.Op, p Policy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.policies[policyKey{provider, op}] = p
		return nil
	}
}

// WithRetryAfterCap caps how long a throttled provider is skipped; default
// DefaultRetryAfterCap.
func WithRetryAfterCap(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fallback: retry-after cap %v must be positive", d)
		}
		c.retryAfterCap = d
		return nil
	}
}

// WithAuthOpen sets how long an authorization failure keeps a provider out;
// default DefaultAuthOpen.
func WithAuthOpen(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fallback: auth open %v must be positive", d)
		}
		c.authOpen = d
		return nil
	}
}

// WithLogger logs attempts (debug), failovers (info) and breaker changes
// (warn). Default: no logging.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("fallback: nil logger")
		}
		c.logger = l
		return nil
	}
}

// OnStateChange registers a hook called after a breaker changes state. Hooks
// run on the goroutine of the request that caused the change, after the
// breaker's lock is released, one at a time and in order.
func OnStateChange(fn func(StateChange)) Option {
	return func(c *config) error { c.onState = fn; return nil }
}

// OnAttempt registers a hook called after every provider call.
func OnAttempt(fn func(Attempt)) Option {
	return func(c *config) error { c.onAttempt = fn; return nil }
}

// OnFailover registers a hook called when a request is answered by a
// provider other than the first candidate.
func OnFailover(fn func(Failover)) Option {
	return func(c *config) error { c.onFailover = fn; return nil }
}

// WithoutCoalescing turns off the merging of identical concurrent
// geocode, reverse-geocode and route requests into one provider call
// (on by default).
func WithoutCoalescing() Option {
	return func(c *config) error { c.noCoalesce = true; return nil }
}

// withClock replaces time.Now for quota and open-until decisions (tests).
func withClock(now func() time.Time) Option {
	return func(c *config) error { c.now = now; return nil }
}
