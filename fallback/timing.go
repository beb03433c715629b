package fallback

import (
	"fmt"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Timing says how long the failover waits on one provider for one
// operation. A geocode, a route and a 40 × 60 matrix are different amounts
// of work, so every operation has its own defaults (DefaultTiming), and
// WithTiming can tune any field for one operation, one provider, or one
// provider × operation.
//
// A zero field means "not set here": the more general setting applies, down
// to DefaultTiming. Hedge is the one field where "off" must be said
// explicitly: a negative Hedge turns hedging off.
type Timing struct {
	// AttemptTimeout bounds one provider call. For a matrix it caps the
	// time the provider may go without delivering a tile (a tile is one
	// provider request: a 1→N call, a table block, a route): a provider
	// that keeps delivering tiles is healthy, however large the matrix.
	AttemptTimeout time.Duration
	// Hedge is how long a caller waits on a provider before the next one is
	// called in parallel; first success wins. Negative: no hedging.
	Hedge time.Duration
	// SlowMultiple × the provider's own rolling p99 latency for the
	// operation is its slow-call threshold: a call running past it counts
	// as a failure even if it answers. A provider is slow relative to
	// itself, never relative to a rival.
	SlowMultiple float64
	// SlowFloor is the lowest slow-call threshold, so that a provider whose
	// p99 is a few milliseconds is not called slow at 40 ms.
	SlowFloor time.Duration
	// SlowCold is the threshold until ColdSamples calls have been observed.
	SlowCold time.Duration
	// SlowCall, when set, replaces the relative threshold with a fixed one.
	SlowCall time.Duration
}

// ColdSamples is how many successful calls a breaker must have seen before
// its slow-call threshold follows the provider's own latency.
const ColdSamples = 20

// DefaultTiming returns the defaults for op. Why these numbers:
//
//   - geocode, reverse: Kakao Local, NAVER and Nominatim answer in tens of
//     milliseconds. A 1.5 s attempt timeout leaves a fallback time inside a
//     typical 3–5 s request budget. A call is slow past 4× the provider's
//     own p99, and never under 100 ms (so that a provider whose p99 is 5 ms
//     is not called slow for a 30 ms hiccup); until 20 calls were seen,
//     past 1 s. A black-holed provider that answered in 10 ms a moment ago
//     is judged within 100 ms; one whose healthy tail reaches 400 ms only
//     past 1.6 s. bench/health shows no opening of a healthy breaker with
//     these values, on a saturated machine too.
//   - route: directions with geometry take longer at the tail (Kakao
//     Mobility, NAVER Directions 15): a 2.5 s attempt timeout; the relative
//     threshold and floor as above.
//   - matrix: a matrix is work, not a call, judged tile by tile (a tile is
//     one provider request: a 1→N call, a table block, a route). The slow
//     threshold above, computed from the provider's own tile latencies
//     (floor 150 ms, 2 s until warm), is the longest it may go without
//     delivering a tile, and AttemptTimeout (3 s) caps that wait; the whole
//     attempt is bounded by a budget that grows with the matrix's size and
//     by the caller's deadline, and is never judged by its total duration.
//     Matrices are never hedged unless a Timing for geo.OpMatrix says so: a
//     hedge doubles the provider calls of a whole matrix.
func DefaultTiming(op geo.Op) Timing {
	t := Timing{AttemptTimeout: 1500 * time.Millisecond, Hedge: -1, SlowMultiple: 4,
		SlowFloor: 100 * time.Millisecond, SlowCold: time.Second}
	switch op {
	case geo.OpRoute:
		t.AttemptTimeout, t.SlowFloor = 2500*time.Millisecond, 100*time.Millisecond
	case geo.OpMatrix:
		t.AttemptTimeout, t.SlowFloor, t.SlowCold = 3*time.Second, 150*time.Millisecond, 2*time.Second
	}
	return t
}

func (t Timing) validate() error {
	switch {
	case t.AttemptTimeout < 0, t.SlowFloor < 0, t.SlowCold < 0, t.SlowCall < 0:
		return fmt.Errorf("fallback: Timing durations must not be negative: %+v", t)
	case t.SlowMultiple < 0:
		return fmt.Errorf("fallback: Timing.SlowMultiple %v must not be negative", t.SlowMultiple)
	}
	return nil
}

// over returns t with the fields set in o replacing its own.
func (t Timing) over(o Timing) Timing {
	if o.AttemptTimeout > 0 {
		t.AttemptTimeout = o.AttemptTimeout
	}
	if o.Hedge != 0 {
		t.Hedge = o.Hedge
	}
	if o.SlowMultiple > 0 {
		t.SlowMultiple = o.SlowMultiple
	}
	if o.SlowFloor > 0 {
		t.SlowFloor = o.SlowFloor
	}
	if o.SlowCold > 0 {
		t.SlowCold = o.SlowCold
	}
	if o.SlowCall > 0 {
		t.SlowCall = o.SlowCall
	}
	return t
}

// timing resolves the settings of provider × op: defaults, then every
// operation, then op, then the provider, then the provider × op.
func (c *config) timing(provider string, op geo.Op) Timing {
	t := DefaultTiming(op)
	for _, k := range []policyKey{{"", ""}, {"", op}, {provider, ""}, {provider, op}} {
		if o, ok := c.timings[k]; ok {
			t = t.over(o)
		}
	}
	if t.Hedge > 0 && op == geo.OpMatrix && !c.matrixHedge(provider) {
		t.Hedge = -1
	}
	return t
}

// matrixHedge reports whether a Timing naming geo.OpMatrix asked for a
// hedge: WithHedge and Timing for every operation never hedge matrices.
func (c *config) matrixHedge(provider string) bool {
	for _, k := range []policyKey{{"", geo.OpMatrix}, {provider, geo.OpMatrix}} {
		if o, ok := c.timings[k]; ok && o.Hedge > 0 {
			return true
		}
	}
	return false
}

// WithTiming tunes the timing of one provider ("" for every provider) and
// one operation ("" for every operation); only the fields set in t change.
// More specific settings win. New rejects provider and operation names it
// does not know.
func WithTiming(provider string, op geo.Op, t Timing) Option {
	return func(c *config) error {
		if err := t.validate(); err != nil {
			return err
		}
		k := policyKey{provider, op}
		c.timings[k] = c.timings[k].over(t)
		c.named = append(c.named, k)
		return nil
	}
}
