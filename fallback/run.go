package fallback

import (
	"context"
	"errors"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// result is what one provider call produced.
type result[T any] struct {
	a   *attempt
	val T
	err error
}

// call invokes one provider for one operation.
type call[T any] func(ctx context.Context, p geo.Provider) (T, error)

// run tries the candidates for op in order, hedging where the provider's
// Timing says so, and returns the first success. It never returns a zero T
// with a nil error.
func run[T any](ctx context.Context, c *Client, op geo.Op, skip map[string]bool, fn call[T]) (T, string, error) {
	cands := c.candidates(op, skip)
	if !c.hedges(op, cands) {
		return runSequential(ctx, c, op, cands, fn)
	}
	var zero T
	defer c.flushChanges()
	all := &Error{Op: op}
	results := make(chan result[T], len(cands))
	var inflight []*attempt
	won := false
	defer func() {
		for _, a := range inflight {
			if won {
				a.release()
			} else {
				a.abandon()
			}
		}
	}()
	next, first := 0, ""

	// launch starts the next allowed candidate; false when none is left.
	launch := func() bool {
		for next < len(cands) {
			m := cands[next]
			next++
			b := m.breakers[op]
			t, err := b.allow(c.cfg.now())
			c.flushChanges()
			if err != nil {
				all.Attempts = append(all.Attempts, AttemptError{Provider: m.name, Skipped: true, Err: err})
				continue
			}
			if first == "" {
				first = m.name
			}
			a := newAttempt(ctx, m, b, t, c.attemptTimeout(ctx, b, next == len(cands)), true)
			inflight = append(inflight, a)
			c.bg.Add(1)
			go func() {
				defer c.bg.Done()
				results <- exec(c, ctx, a, fn)
			}()
			return true
		}
		return false
	}

	if !launch() {
		return zero, "", c.allFailed(ctx, all)
	}
	for len(inflight) > 0 {
		var hedge <-chan time.Time
		var timer *time.Timer
		if next < len(cands) {
			if d := c.hedgeDelay(inflight[len(inflight)-1].b); d > 0 {
				timer = time.NewTimer(d)
				hedge = timer.C
			}
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
		case r.a == nil: // the hedge timer fired
			launch()
			continue
		}
		for i, a := range inflight {
			if a == r.a {
				inflight = append(inflight[:i], inflight[i+1:]...)
				break
			}
		}
		if r.err == nil || isPartial(r.err) {
			won = true
			if r.a.m.name != first {
				c.failover(Failover{Op: op, From: first, To: r.a.m.name, Attempts: all.Attempts})
			}
			return r.val, r.a.m.name, r.err
		}
		all.Attempts = append(all.Attempts, AttemptError{Provider: r.a.m.name, Err: r.err, Elapsed: time.Since(r.a.start)})
		if stop(r.err) {
			return zero, "", r.err
		}
		// A failure frees its place in the race at once: the next provider
		// starts now, not a hedge delay later, even while an earlier one
		// is still running.
		launch()
	}
	return zero, "", c.allFailed(ctx, all)
}

// hedges reports whether the first candidate for op hedges at all; when
// none does, run takes the sequential path.
func (c *Client) hedges(op geo.Op, cands []*member) bool {
	for _, m := range cands {
		if m.breakers[op].timing.Hedge > 0 {
			return true
		}
	}
	return false
}

// runSequential is run without hedging: one call at a time, on the
// caller's goroutine, so that a healthy primary costs no goroutine, channel
// or timer beyond the attempt's own deadline.
func runSequential[T any](ctx context.Context, c *Client, op geo.Op, cands []*member, fn call[T]) (T, string, error) {
	var zero T
	var all *Error
	first := ""
	for i, m := range cands {
		b := m.breakers[op]
		t, err := b.allow(c.cfg.now())
		c.flushChanges()
		if err != nil {
			if all == nil {
				all = &Error{Op: op}
			}
			all.Attempts = append(all.Attempts, AttemptError{Provider: m.name, Skipped: true, Err: err})
			continue
		}
		if first == "" {
			first = m.name
		}
		a := newAttempt(ctx, m, b, t, c.attemptTimeout(ctx, b, i == len(cands)-1), false)
		r := exec(c, ctx, a, fn)
		if r.err == nil || isPartial(r.err) {
			if m.name != first {
				c.failover(Failover{Op: op, From: first, To: m.name, Attempts: all.Attempts})
			}
			return r.val, m.name, r.err
		}
		if err := ctx.Err(); err != nil {
			return zero, "", err
		}
		if all == nil {
			all = &Error{Op: op}
		}
		all.Attempts = append(all.Attempts, AttemptError{Provider: m.name, Err: r.err, Elapsed: time.Since(a.start)})
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

// exec runs one provider call, feeds its outcome to the breaker and
// reports it to the hooks. The error it returns is what the caller sees:
// a slow call that answered is still an answer.
func exec[T any](c *Client, parent context.Context, a *attempt, fn call[T]) result[T] {
	defer a.stop()
	val, err := fn(a.ctx, a.m.p)
	elapsed := time.Since(a.start)
	o, reported := a.judge(parent, err, elapsed)
	a.b.finish(a.t, o)
	c.flushChanges()
	c.attempted(Attempt{Provider: a.m.name, Op: a.b.op, Elapsed: elapsed, Err: reported,
		Slow: err == nil && o.err != nil})
	if err == nil {
		return result[T]{a: a, val: val}
	}
	// reported explains a cut-off call (a timeout, a stall) where err is
	// only the context's error.
	if isPartial(err) {
		reported = &partialError{err: reported}
	}
	return result[T]{a: a, val: val, err: reported}
}

// isPartial reports whether err comes with a partial answer to complete
// (a matrix cut short).
func isPartial(err error) bool {
	_, ok := err.(*partialError)
	return ok
}

// attemptTimeout is the budget of one call: the provider's timeout for the
// operation, capped by the caller's deadline; an attempt that is not the
// last gets at most half of what remains, leaving time for a fallback. A
// matrix attempt has no fixed timeout (its progress is watched instead,
// see watchTiles): it gets three quarters of the caller's remaining time,
// or all of it when no provider is left to complete its cells.
func (c *Client) attemptTimeout(ctx context.Context, b *breaker, last bool) time.Duration {
	if b.op == geo.OpMatrix {
		dl, ok := ctx.Deadline()
		if !ok {
			return maxMatrixAttempt
		}
		rem := time.Until(dl)
		if !last {
			rem = rem * 3 / 4
		}
		return max(rem, time.Millisecond)
	}
	d := b.timing.AttemptTimeout
	if dl, ok := ctx.Deadline(); ok {
		rem := time.Until(dl)
		if !last {
			rem /= 2
		}
		d = min(d, max(rem, time.Millisecond))
	}
	return d
}

// hedgeDelay is how long to wait on b's provider before calling the next
// one; 0 when that provider is not hedged.
func (c *Client) hedgeDelay(b *breaker) time.Duration {
	d := b.timing.Hedge
	if d <= 0 {
		return 0
	}
	if c.cfg.adaptive && b.op != geo.OpMatrix {
		p95 := time.Duration(b.p95.Load())
		if p95 == 0 {
			return c.cfg.hedgeMax
		}
		return min(max(p95, c.cfg.hedgeMin), c.cfg.hedgeMax)
	}
	return d
}

func (c *Client) failover(f Failover) {
	c.logInfo("failover", "op", string(f.Op), "from", f.From, "to", f.To)
	for _, fn := range c.cfg.onFailover {
		fn(f)
	}
}

func (c *Client) attempted(a Attempt) {
	if a.Err != nil && !errors.Is(a.Err, ErrLostRace) {
		c.logDebug("provider attempt failed", "provider", a.Provider, "op", string(a.Op), "elapsed", a.Elapsed, "err", a.Err)
	}
	for _, fn := range c.cfg.onAttempt {
		fn(a)
	}
}
