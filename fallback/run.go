package fallback

import (
	"context"
	"errors"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// errHedgeLoser is the cancellation cause of a call whose rival answered first.
var errHedgeLoser = errors.New("fallback: another provider answered first")

// result is what one provider call produced.
type result[T any] struct {
	m       *member
	val     T
	err     error
	elapsed time.Duration
}

// call invokes one provider for one operation.
type call[T any] func(ctx context.Context, p geo.Provider) (T, error)

// run tries the candidates for op in order, hedging when configured, and
// returns the first success. It never returns a zero T with a nil error.
func run[T any](ctx context.Context, c *Client, op geo.Op, skip map[string]bool, fn call[T]) (T, string, error) {
	if c.cfg.hedge == 0 {
		return runSequential(ctx, c, op, skip, fn)
	}
	var zero T
	defer c.flushChanges()
	cands := c.candidates(op, skip)
	all := &Error{Op: op}
	results := make(chan result[T], len(cands))
	cancels := make([]context.CancelCauseFunc, 0, len(cands))
	defer func() {
		for _, cancel := range cancels {
			cancel(errHedgeLoser)
		}
	}()
	next, inflight, first := 0, 0, ""

	// launch starts the next allowed candidate; false when none is left.
	launch := func() bool {
		for next < len(cands) {
			m := cands[next]
			next++
			b := m.breakers[op]
			t, ok := b.allow(c.cfg.now())
			c.flushChanges()
			if !ok {
				all.Attempts = append(all.Attempts, AttemptError{Provider: m.name, Skipped: true,
					Err: &geo.ProviderError{Provider: m.name, Op: op, Kind: geo.ErrUnavailable, Message: "circuit open"}})
				continue
			}
			if first == "" {
				first = m.name
			}
			actx, cancel := context.WithCancelCause(ctx)
			last := next == len(cands)
			actx, cancelT := context.WithTimeout(actx, c.attemptTimeout(ctx, last))
			cancels = append(cancels, cancel)
			inflight++
			go attempt(c, ctx, actx, cancelT, op, m, b, t, c.slowThreshold(op, m), fn, results)
			return true
		}
		return false
	}

	if !launch() {
		return zero, "", c.allFailed(ctx, all)
	}
	for inflight > 0 {
		var hedge <-chan time.Time
		var timer *time.Timer
		if c.cfg.hedge > 0 && next < len(cands) {
			timer = time.NewTimer(c.hedgeDelay(op, cands[next-1]))
			hedge = timer.C
		}
		var r result[T]
		select {
		case <-ctx.Done():
		case <-hedge:
		case r = <-results:
		}
		if timer != nil {
			timer.Stop()
		}
		switch {
		case ctx.Err() != nil:
			return zero, "", ctx.Err()
		case r.m == nil: // the hedge timer fired
			launch()
		default:
			inflight--
			if r.err == nil {
				if r.m.name != first {
					c.failover(Failover{Op: op, From: first, To: r.m.name, Attempts: all.Attempts})
				}
				return r.val, r.m.name, nil
			}
			all.Attempts = append(all.Attempts, AttemptError{Provider: r.m.name, Err: r.err, Elapsed: r.elapsed})
			if stop(r.err) {
				return zero, "", r.err
			}
			if inflight == 0 {
				launch()
			}
		}
	}
	return zero, "", c.allFailed(ctx, all)
}

// runSequential is run without hedging: one call at a time, on the
// caller's goroutine, so that a healthy primary costs no goroutine, channel
// or timer beyond the attempt's own deadline.
func runSequential[T any](ctx context.Context, c *Client, op geo.Op, skip map[string]bool, fn call[T]) (T, string, error) {
	var zero T
	cands := c.candidates(op, skip)
	var all *Error
	first := ""
	for i, m := range cands {
		b := m.breakers[op]
		t, ok := b.allow(c.cfg.now())
		c.flushChanges()
		if !ok {
			if all == nil {
				all = &Error{Op: op}
			}
			all.Attempts = append(all.Attempts, AttemptError{Provider: m.name, Skipped: true,
				Err: &geo.ProviderError{Provider: m.name, Op: op, Kind: geo.ErrUnavailable, Message: "circuit open"}})
			continue
		}
		if first == "" {
			first = m.name
		}
		actx, cancel := context.WithTimeout(ctx, c.attemptTimeout(ctx, i == len(cands)-1))
		r := exec(c, ctx, actx, cancel, op, m, b, t, c.cfg.slowCall, fn)
		if r.err == nil {
			if m.name != first {
				c.failover(Failover{Op: op, From: first, To: m.name, Attempts: all.Attempts})
			}
			return r.val, m.name, nil
		}
		if err := ctx.Err(); err != nil {
			return zero, "", err
		}
		if all == nil {
			all = &Error{Op: op}
		}
		all.Attempts = append(all.Attempts, AttemptError{Provider: m.name, Err: r.err, Elapsed: r.elapsed})
		if stop(r.err) {
			return zero, "", r.err
		}
	}
	if all == nil {
		all = &Error{Op: op}
	}
	return zero, "", c.allFailed(ctx, all)
}

// stop reports whether err ends the failover: the request itself is bad, or
// the answer would be the same anywhere.
func stop(err error) bool {
	if errors.Is(err, geo.ErrInvalidRequest) {
		return true
	}
	var pe *geo.ProviderError
	return errors.Is(err, geo.ErrNotFound) && errors.As(err, &pe) && pe.Final
}

func (c *Client) allFailed(ctx context.Context, all *Error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(all.Attempts) == 0 {
		all.Attempts = append(all.Attempts, AttemptError{Err: &geo.ProviderError{Provider: "fallback", Op: all.Op,
			Kind: geo.ErrUnsupported, Message: "no provider supports this operation"}})
	}
	return all
}

// attempt runs one provider call and feeds its outcome to the breaker.
func attempt[T any](c *Client, parent, actx context.Context, cancelT context.CancelFunc, op geo.Op,
	m *member, b *breaker, t ticket, slow time.Duration, fn call[T], out chan<- result[T]) {
	out <- exec(c, parent, actx, cancelT, op, m, b, t, slow, fn)
}

// exec runs one provider call, feeds its outcome to the breaker and
// reports it to the hooks.
func exec[T any](c *Client, parent, actx context.Context, cancelT context.CancelFunc, op geo.Op,
	m *member, b *breaker, t ticket, slow time.Duration, fn call[T]) result[T] {
	defer cancelT()
	start := time.Now()
	val, err := fn(actx, m.p)
	elapsed := time.Since(start)
	o := outcome{err: err, elapsed: elapsed, slow: elapsed > slow}
	switch {
	case err == nil:
	case errors.Is(context.Cause(actx), errHedgeLoser):
		// A rival answered first. Abandoned early it is neutral; abandoned
		// after the slow-call threshold it counts as slow, so that a
		// black-holed provider still trips its breaker. Checked before the
		// caller's context: callers cancel it as soon as they have their
		// answer, which would otherwise make every loser look neutral.
		o.err, o.neutral = nil, !o.slow
		err = context.Cause(actx)
	case parent.Err() != nil:
		// The caller gave up: says nothing about the provider.
		o.neutral = true
	case actx.Err() != nil:
		err = &geo.ProviderError{Provider: m.name, Op: op, Kind: geo.ErrUnavailable,
			Message: "attempt timed out after " + elapsed.Round(time.Millisecond).String(), Err: err}
		o.err = err
	default:
		c.classify(&o, b)
	}
	b.finish(t, o)
	c.flushChanges()
	if c.cfg.onAttempt != nil {
		c.cfg.onAttempt(Attempt{Provider: m.name, Op: op, Elapsed: elapsed, Err: err})
	}
	if err != nil {
		c.logDebug("provider attempt failed", "provider", m.name, "op", string(op), "elapsed", elapsed, "err", err)
	}
	return result[T]{m: m, val: val, err: err, elapsed: elapsed}
}

// classify applies DESIGN.md's table to a provider error: which outcomes
// are neutral, and how long an answer keeps the provider out.
func (c *Client) classify(o *outcome, b *breaker) {
	now := c.cfg.now()
	var pe *geo.ProviderError
	errors.As(o.err, &pe)
	switch geo.KindOf(o.err) {
	case geo.ErrInvalidRequest, geo.ErrNotFound, geo.ErrUnsupported:
		o.neutral = true
	case geo.ErrQuotaExceeded:
		// Quota is not an outage: stay away until the provider's reset.
		o.until, o.reason = now.Add(time.Hour), "quota exceeded"
		if pe != nil && pe.ResetAt.After(now) {
			o.until = pe.ResetAt
		}
	case geo.ErrRateLimited:
		d := c.cfg.policy(b.provider, b.op).OpenFor
		if pe != nil && pe.RetryAfter > 0 {
			d = pe.RetryAfter
		}
		o.until, o.reason = now.Add(min(d, c.cfg.retryAfterCap)), "rate limited"
	case geo.ErrUnauthorized:
		o.until, o.reason = now.Add(c.cfg.authOpen), "unauthorized"
	}
}

// attemptTimeout is the budget of one call: the configured timeout, capped
// by the caller's deadline; an attempt that is not the last gets at most
// half of what remains, leaving time for a fallback.
func (c *Client) attemptTimeout(ctx context.Context, last bool) time.Duration {
	d := c.cfg.attemptTimeout
	if dl, ok := ctx.Deadline(); ok {
		rem := time.Until(dl)
		if !last {
			rem /= 2
		}
		d = min(d, max(rem, time.Millisecond))
	}
	return d
}

// hedgeDelay is how long to wait on m before calling the next provider.
func (c *Client) hedgeDelay(op geo.Op, m *member) time.Duration {
	if !c.cfg.adaptive {
		return c.cfg.hedge
	}
	b := m.breakers[op]
	b.mu.Lock()
	p, ok := b.lat.p95()
	b.mu.Unlock()
	if !ok {
		return c.cfg.hedgeMax
	}
	return min(max(p, c.cfg.hedgeMin), c.cfg.hedgeMax)
}

// slowThreshold is the latency over which a call to m counts as slow.
func (c *Client) slowThreshold(op geo.Op, m *member) time.Duration {
	if c.cfg.slowCallSet || c.cfg.hedge == 0 {
		return c.cfg.slowCall
	}
	return c.hedgeDelay(op, m)
}

func (c *Client) failover(f Failover) {
	c.logInfo("failover", "op", string(f.Op), "from", f.From, "to", f.To)
	if c.cfg.onFailover != nil {
		c.cfg.onFailover(f)
	}
}
