package redisfleet

import (
	"fmt"
	"log/slog"
	"time"
)

// Defaults of the options.
const (
	// DefaultNamespace prefixes every key and the pub/sub channel.
	DefaultNamespace = "mapswitch"
	// DefaultTimeout bounds every Redis call made on a request's path (a
	// probe lease, a cache lookup, a token from the rate limiter): past
	// it the request carries on with local state.
	DefaultTimeout = 5 * time.Millisecond
	// DefaultResync is how often the fleet checks Redis's health and
	// re-reads the shared state (openings, overrides, usage counters),
	// besides after every reconnection.
	DefaultResync = 2 * time.Second
	// DefaultFlush is how long evidence and publications wait to be sent
	// together in one pipeline.
	DefaultFlush = 5 * time.Millisecond
)

// Option configures a Fleet. Options are validated once, in New.
type Option func(*options) error

type options struct {
	ns      string
	id      string
	size    int
	timeout time.Duration
	resync  time.Duration
	flush   time.Duration
	zone    *time.Location
	logger  *slog.Logger
}

func defaults() options {
	return options{ns: DefaultNamespace, size: 1, timeout: DefaultTimeout, resync: DefaultResync,
		flush: DefaultFlush, zone: time.FixedZone("KST", 9*3600)}
}

// WithNamespace prefixes every key and the channel with ns (default
// DefaultNamespace), so that applications and environments sharing a
// Redis never mix: "dispatch-prod" and "dispatch-staging" are two fleets.
func WithNamespace(ns string) Option {
	return func(o *options) error {
		if ns == "" || len(ns) > 100 {
			return &OptionError{Option: "WithNamespace", Reason: "needs 1 to 100 bytes"}
		}
		o.ns = ns
		return nil
	}
}

// WithInstanceID names this instance in the reasons other instances see
// ("probe lease held by …"). Default: host name, process id and a random
// suffix.
func WithInstanceID(id string) Option {
	return func(o *options) error {
		if id == "" || len(id) > 200 {
			return &OptionError{Option: "WithInstanceID", Reason: "needs 1 to 200 bytes"}
		}
		o.id = id
		return nil
	}
}

// WithFleetSize is how many instances share the limits of the fleet's
// limiters. While Redis is unreachable each instance paces itself at its
// share: the limit divided by n. Default 1 (each instance alone would
// use the whole limit: set it).
func WithFleetSize(n int) Option {
	return func(o *options) error {
		if n < 1 {
			return &OptionError{Option: "WithFleetSize", Reason: fmt.Sprintf("%d instances: need at least 1", n)}
		}
		o.size = n
		return nil
	}
}

// WithTimeout bounds each Redis call on a request's path (default
// DefaultTimeout). Past it the call counts as Redis being unreachable:
// the request goes on with local state, and Redis is left alone until the
// next health check finds it back.
func WithTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 || d > time.Second {
			return &OptionError{Option: "WithTimeout", Reason: fmt.Sprintf("%v: need 0 < d ≤ 1s", d)}
		}
		o.timeout = d
		return nil
	}
}

// WithResync sets how often the shared state is re-read and Redis's
// health checked (default DefaultResync).
func WithResync(d time.Duration) Option {
	return func(o *options) error {
		if d < 10*time.Millisecond {
			return &OptionError{Option: "WithResync", Reason: fmt.Sprintf("%v: need at least 10ms", d)}
		}
		o.resync = d
		return nil
	}
}

// WithQuotaZone sets the time zone whose midnight starts a new day for the
// usage counters (default KST, UTC+9: Kakao's and NAVER's daily quotas
// renew at midnight in Korea).
func WithQuotaZone(loc *time.Location) Option {
	return func(o *options) error {
		if loc == nil {
			return &OptionError{Option: "WithQuotaZone", Reason: "nil location"}
		}
		o.zone = loc
		return nil
	}
}

// WithLogger logs Redis becoming unreachable and coming back, and
// malformed messages (debug). Default: no logging.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error {
		if l == nil {
			return &OptionError{Option: "WithLogger", Reason: "nil logger"}
		}
		o.logger = l
		return nil
	}
}
