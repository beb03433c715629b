package fallback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Defaults for what Timing does not cover.
const (
	// DefaultAttemptTimeout is the attempt timeout of geocode and reverse
	// geocode calls; see DefaultTiming for every operation.
	DefaultAttemptTimeout = 1500 * time.Millisecond
	// DefaultRetryAfterCap caps how long a 429's Retry-After keeps a
	// provider out before it is probed.
	DefaultRetryAfterCap = time.Minute
	// DefaultAuthOpen is how long an authorization failure (revoked key,
	// API not enabled) keeps a provider out: it will not heal by itself,
	// but a fixed key should be picked up without a restart.
	DefaultAuthOpen = 10 * time.Minute
	// DefaultQuotaProbe and DefaultQuotaProbeCap bound how often a
	// provider kept out by a quota answer is probed before its reset: the
	// first probe after the answer's Retry-After (or DefaultQuotaProbe),
	// then at doubling intervals up to the cap. A misread throttle burst
	// heals in seconds; a spent quota costs one call per interval; a quota
	// raised in the console is noticed within the cap.
	DefaultQuotaProbe    = 2 * time.Second
	DefaultQuotaProbeCap = 5 * time.Minute
)

// Policy tunes the circuit breaker of one provider and operation. A zero
// field takes its default (DefaultPolicy), except ConsecutiveFailures,
// where 0 turns that rule off.
type Policy struct {
	// Window is the rolling window over which outcomes are counted, in
	// Buckets buckets. Default 10 s in 10 buckets.
	Window  time.Duration
	Buckets int
	// MinRequests is the volume below which the ratio rule never trips.
	// Default 5.
	MinRequests uint32
	// FailureRatio trips the breaker once MinRequests is reached. Default 0.5.
	FailureRatio float64
	// ConsecutiveFailures trips the breaker on that many failures in a row,
	// whatever the window holds: a provider that just went dark should not
	// wait for its earlier successes to be outweighed. 0 turns it off;
	// DefaultPolicy has 5.
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

// withDefaults fills the zero fields that mean "default".
func (p Policy) withDefaults() Policy {
	d := DefaultPolicy()
	if p.Window == 0 {
		p.Window = d.Window
	}
	if p.Buckets == 0 {
		p.Buckets = d.Buckets
	}
	if p.MinRequests == 0 {
		p.MinRequests = d.MinRequests
	}
	if p.FailureRatio == 0 {
		p.FailureRatio = d.FailureRatio
	}
	if p.OpenFor == 0 {
		p.OpenFor = d.OpenFor
	}
	if p.Probes == 0 {
		p.Probes = d.Probes
	}
	return p
}

func (p Policy) validate() error {
	switch {
	case p.Window < 0 || p.Buckets < 0:
		return errors.New("fallback: Policy.Window and Buckets must not be negative")
	case p.FailureRatio < 0 || p.FailureRatio > 1:
		return fmt.Errorf("fallback: Policy.FailureRatio %v outside [0, 1]", p.FailureRatio)
	case p.OpenFor < 0:
		return errors.New("fallback: Policy.OpenFor must not be negative")
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
	timings       map[policyKey]Timing
	adaptive      bool
	hedgeMin      time.Duration
	hedgeMax      time.Duration
	retryAfterCap time.Duration
	authOpen      time.Duration
	quotaProbe    time.Duration
	quotaProbeCap time.Duration
	policies      map[policyKey]Policy
	named         []policyKey // every key given to WithPolicy and WithTiming, checked in New
	logger        *slog.Logger
	onRequest     []RequestHook
	onState       []func(StateChange)
	onAttempt     []func(Attempt)
	onFailover    []func(Failover)
	now           func() time.Time
	noCoalesce    bool
	cache         *cacheConfig
	fleet         Fleet
	cachePolicy   map[string]time.Duration // provider → ttl, 0 = never cached
}

// hedgedOps are the operations WithHedge and WithAdaptiveHedge hedge:
// never matrices, whose hedge would double the provider calls of a whole
// matrix.
var hedgedOps = [...]geo.Op{geo.OpGeocode, geo.OpReverse, geo.OpRoute}

// WithAttemptTimeout bounds each geocode, reverse-geocode and route call
// (matrices keep their per-tile bound; see Timing). An attempt that times
// out is the provider's failure. When the caller's deadline is nearer, each
// attempt but the last gets at most half of what remains, so that a
// fallback still has time to answer. Defaults: DefaultTiming.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fallback: attempt timeout %v must be positive", d)
		}
		for _, op := range hedgedOps {
			k := policyKey{"", op}
			c.timings[k] = c.timings[k].over(Timing{AttemptTimeout: d})
		}
		return nil
	}
}

// WithHedge calls the next healthy provider in parallel when the current one
// has not answered a geocode, reverse-geocode or route request after delay;
// the first success wins. Off by default; matrices are hedged only by a
// Timing for geo.OpMatrix. Losing the race is not a failure: the slower
// call runs on in the background (its answer discarded) until it answers
// or passes its provider's own slow-call threshold, and only then is it
// judged, so a healthy provider with a long tail is never tripped by
// hedging while a black-holed one still is.
func WithHedge(delay time.Duration) Option {
	return func(c *config) error {
		if delay <= 0 {
			return fmt.Errorf("fallback: hedge delay %v must be positive", delay)
		}
		for _, op := range hedgedOps {
			k := policyKey{"", op}
			c.timings[k] = c.timings[k].over(Timing{Hedge: delay})
		}
		c.adaptive = false
		return nil
	}
}

// WithAdaptiveHedge hedges geocode, reverse-geocode and route requests after
// the observed 95th-percentile latency of the provider being waited on,
// kept within [min, max]; until enough calls are observed it waits max.
func WithAdaptiveHedge(min, max time.Duration) Option {
	return func(c *config) error {
		if min <= 0 || max < min {
			return fmt.Errorf("fallback: adaptive hedge bounds [%v, %v] invalid", min, max)
		}
		for _, op := range hedgedOps {
			k := policyKey{"", op}
			c.timings[k] = c.timings[k].over(Timing{Hedge: max})
		}
		c.adaptive, c.hedgeMin, c.hedgeMax = true, min, max
		return nil
	}
}

// WithSlowCallThreshold replaces the relative slow-call threshold (a
// multiple of each provider's own p99, see Timing) by a fixed one for every
// operation. Prefer the default: a fixed threshold misjudges providers
// whose normal latency differs.
func WithSlowCallThreshold(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fallback: slow-call threshold %v must be positive", d)
		}
		k := policyKey{}
		c.timings[k] = c.timings[k].over(Timing{SlowCall: d})
		return nil
	}
}

// WithPolicy sets the breaker policy for one provider ("" for all) and one
// operation ("" for all). More specific settings win. Zero fields take
// their defaults (see Policy). New rejects provider and operation names it
// does not know.
func WithPolicy(provider string, op geo.Op, p Policy) Option {
	return func(c *config) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.policies[policyKey{provider, op}] = p.withDefaults()
		c.named = append(c.named, policyKey{provider, op})
		return nil
	}
}

// WithRetryAfterCap caps how long a throttled provider is skipped before it
// is probed; default DefaultRetryAfterCap.
func WithRetryAfterCap(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("fallback: retry-after cap %v must be positive", d)
		}
		c.retryAfterCap = d
		return nil
	}
}

// WithQuotaProbe sets the first and the longest interval between probes of
// a provider kept out by a quota answer; defaults DefaultQuotaProbe and
// DefaultQuotaProbeCap. An answer's Retry-After, when longer, sets the
// first interval.
func WithQuotaProbe(first, cap time.Duration) Option {
	return func(c *config) error {
		if first <= 0 || cap < first {
			return fmt.Errorf("fallback: quota probe intervals [%v, %v] invalid", first, cap)
		}
		c.quotaProbe, c.quotaProbeCap = first, cap
		return nil
	}
}

// WithAuthOpen sets how long an authorization failure keeps a provider out
// before it is probed; default DefaultAuthOpen.
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

// RequestHook is called when a request starts, with the caller's context
// and the operation. It may return a context derived from ctx (one
// carrying a trace span, say), which the request then runs under, and a
// function called once when the request ends; either may be nil.
type RequestHook func(ctx context.Context, op geo.Op) (context.Context, func(RequestEnd))

// OnRequest registers a hook called when a Geocode, ReverseGeocode, Route
// or Matrix request starts, before its input is checked. It exists so that
// tracing can open a span per request: the context it returns reaches the
// request's provider calls and the Context field of its Attempt and
// Failover events, so their hooks can add child spans. Hooks add up: each
// receives the context the previous one returned, and their end functions
// run in reverse order, like deferred calls. With no OnRequest hook a
// request costs nothing extra.
func OnRequest(fn RequestHook) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("fallback: nil OnRequest hook")
		}
		c.onRequest = append(c.onRequest, fn)
		return nil
	}
}

// OnStateChange registers a hook called after a breaker changes state.
// Hooks add up: each registration is called, in the order registered. They
// run on the goroutine of the request that caused the change, after the
// breaker's lock is released, one change at a time and in order.
func OnStateChange(fn func(StateChange)) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("fallback: nil OnStateChange hook")
		}
		c.onState = append(c.onState, fn)
		return nil
	}
}

// OnAttempt registers a hook called after every provider call, including
// hedge losers that finish after the request was answered (their Err is
// ErrLostRace unless they failed). Hooks add up, in order.
func OnAttempt(fn func(Attempt)) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("fallback: nil OnAttempt hook")
		}
		c.onAttempt = append(c.onAttempt, fn)
		return nil
	}
}

// OnFailover registers a hook called when a request is answered by a
// provider other than the first candidate. Hooks add up, in order.
func OnFailover(fn func(Failover)) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("fallback: nil OnFailover hook")
		}
		c.onFailover = append(c.onFailover, fn)
		return nil
	}
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
