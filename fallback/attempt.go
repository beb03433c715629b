package fallback

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// ErrLostRace is the Err of an Attempt that lost a hedge race: a rival
// answered the request first, and this call then answered within its own
// provider's slow-call threshold, its answer discarded. It is not a
// failure, and the breaker does not count it as one.
var ErrLostRace = errors.New("fallback: lost the hedge race to another provider")

// Causes that end an attempt's context; each decides how the attempt is
// judged.
var (
	errRequestDone = errors.New("fallback: the request ended") // neutral
	errTimedOut    = errors.New("fallback: attempt timed out") // the provider's failure
	errSlowLoser   = errors.New("fallback: hedge loser ran past its slow-call threshold")
	errStalled     = errors.New("fallback: no tile delivered in time") // a matrix stalled
	errBudget      = errors.New("fallback: the matrix's time budget is spent")
)

// attempt is one provider call in flight.
type attempt struct {
	m      *member
	b      *breaker
	t      ticket
	ctx    context.Context
	cancel context.CancelCauseFunc // nil on the sequential fast path, which needs none
	stop   func()                  // releases the timeout, the caller watch and the tile watch
	detach func() bool
	start  time.Time
	slow   time.Duration
	lost   atomic.Bool
	tiles  atomic.Int64 // matrix tiles delivered, when the provider reports them
}

// newAttempt starts the clock of one call to m. A detached attempt does not
// end with the caller's context once released (see release): a hedge
// loser must be judged on what it does, not cut off when the winner's
// caller moves on.
func newAttempt(parent context.Context, m *member, b *breaker, t ticket, timeout time.Duration, detached bool) *attempt {
	a := &attempt{m: m, b: b, t: t, start: time.Now(), slow: b.slowThreshold()}
	if !detached && b.op != geo.OpMatrix {
		// The fast path of a sequential geocode, reverse or route: nothing
		// but a timeout can end the attempt early, so it needs no cause of
		// its own beyond errTimedOut.
		ctx, cancelT := context.WithTimeoutCause(parent, timeout, errTimedOut)
		a.ctx, a.stop = ctx, cancelT
		return a
	}
	base := parent
	if detached {
		base = context.WithoutCancel(parent)
	}
	ctx, cancel := context.WithCancelCause(base)
	ctx, cancelT := context.WithTimeoutCause(ctx, timeout, errTimedOut)
	a.ctx, a.cancel = ctx, cancel
	stopTiles := func() {}
	if b.op == geo.OpMatrix {
		var tr *geo.MatrixTrace
		tr, stopTiles = a.watchTiles()
		a.ctx = geo.WithMatrixTrace(ctx, tr)
	}
	if detached {
		stopWatch := context.AfterFunc(parent, func() { cancel(errRequestDone) })
		a.detach = stopWatch
		a.stop = func() { stopWatch(); stopTiles(); cancelT(); cancel(nil) }
	} else {
		a.stop = func() { stopTiles(); cancelT(); cancel(nil) }
	}
	return a
}

// maxMatrixAttempt bounds a matrix attempt when the caller set no deadline
// and the provider reports no plan; the tile watch ends a stalled one long
// before.
const maxMatrixAttempt = 10 * time.Minute

// watchTiles judges a matrix attempt by its progress. The attempt is cut
// (errStalled, the provider's failure) when no provider call of the matrix
// completes within the provider's stall threshold — its slow-call
// threshold computed from its own per-call (tile) latency, at most the
// Timing's AttemptTimeout — and (errBudget) when it runs past its size's
// budget: rounds of calls × AttemptTimeout, rounds being the calls the
// provider planned divided by how many it runs at once. A provider that
// keeps delivering tiles is healthy however long the matrix takes; one
// that stops is left within a few of its own tile latencies.
func (a *attempt) watchTiles() (*geo.MatrixTrace, func()) {
	stall := func() time.Duration { return min(a.b.slowThreshold(), a.b.timing.AttemptTimeout) }
	stallT := time.AfterFunc(stall(), func() { a.cancel(errStalled) })
	var mu sync.Mutex
	var budgetT *time.Timer
	tr := &geo.MatrixTrace{
		Planned: func(calls, concurrency int) {
			rounds := (calls + max(concurrency, 1) - 1) / max(concurrency, 1)
			mu.Lock()
			defer mu.Unlock()
			if budgetT == nil {
				budget := time.Duration(max(rounds, 1)) * a.b.timing.AttemptTimeout
				budgetT = time.AfterFunc(budget, func() { a.cancel(errBudget) })
			}
		},
		CallDone: func(elapsed time.Duration) {
			if a.ctx.Err() != nil {
				return // cut short with the attempt: neither progress nor a latency
			}
			a.tiles.Add(1)
			a.b.tile(elapsed)
			stallT.Reset(stall())
		},
	}
	return tr, func() {
		stallT.Stop()
		mu.Lock()
		if budgetT != nil {
			budgetT.Stop()
		}
		mu.Unlock()
	}
}

// release lets a hedge loser run on after the request was answered, until
// its provider's slow-call threshold, so that it is judged on its own
// latency. A loser already past the threshold is cut off now, and counts
// as slow. A matrix loser runs on under its tile watch.
func (a *attempt) release() {
	if a.detach == nil || !a.detach() {
		return // the caller's context already ended the attempt: neutral
	}
	a.lost.Store(true)
	if a.b.op == geo.OpMatrix {
		return
	}
	rem := a.slow - time.Since(a.start)
	if rem <= 0 {
		a.cancel(errSlowLoser)
		return
	}
	time.AfterFunc(rem, func() { a.cancel(errSlowLoser) })
}

// abandon ends an attempt whose answer nobody wants (the request failed for
// a reason the provider cannot change): neutral.
func (a *attempt) abandon() { a.cancel(errRequestDone) }

// judge turns what a call returned into the breaker's outcome and the
// error reported to hooks.
func (a *attempt) judge(parent context.Context, err error, elapsed time.Duration) (outcome, error) {
	o := outcome{elapsed: elapsed}
	name, op := a.m.name, a.b.op
	cut := err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
	cause := context.Cause(a.ctx)
	switch {
	case err == nil && op == geo.OpMatrix:
		// A matrix's duration follows its size: it was judged tile by tile.
		// A provider that reported no tiles made the matrix in one call,
		// which is then its one tile.
		o.latency = a.tiles.Load() == 0
		if a.lost.Load() {
			return o, ErrLostRace
		}
		return o, nil
	case err == nil:
		o.latency = true
		if elapsed > a.slow {
			o.err = slowError(name, op, elapsed, a.slow)
		}
		if a.lost.Load() && o.err == nil {
			return o, ErrLostRace
		}
		return o, nil
	case !cut:
		o.err = err
		switch geo.KindOf(err) {
		case geo.ErrInvalidRequest, geo.ErrNotFound, geo.ErrUnsupported:
			o.neutral = true
		}
		return o, err
	case cause == errSlowLoser:
		o.err = slowError(name, op, elapsed, a.slow)
	case cause == errTimedOut && parent.Err() == nil || cause == errTimedOut && a.lost.Load():
		o.err = &geo.ProviderError{Provider: name, Op: op, Kind: geo.ErrUnavailable,
			Message: "attempt timed out after " + elapsed.Round(time.Millisecond).String(), Err: err}
	case cause == errStalled:
		o.err = &geo.ProviderError{Provider: name, Op: op, Kind: geo.ErrUnavailable,
			Message: fmt.Sprintf("no tile delivered for %d ms, its stall threshold (%d delivered before)",
				min(a.b.slowThreshold(), a.b.timing.AttemptTimeout).Milliseconds(), a.tiles.Load()), Err: err}
	case cause == errBudget && a.tiles.Load() == 0:
		o.err = &geo.ProviderError{Provider: name, Op: op, Kind: geo.ErrUnavailable,
			Message: "no tile delivered within the matrix's time budget", Err: err}
	default:
		// The caller gave up, the request ended, or a matrix that was still
		// delivering ran out of budget: nothing learnt about the provider.
		o.neutral = true
		return o, err
	}
	return o, o.err
}

// slowError is the failure of a call that ran past its slow-call
// threshold, worded for Status and hooks.
func slowError(provider string, op geo.Op, elapsed, threshold time.Duration) error {
	return &geo.ProviderError{Provider: provider, Op: op, Kind: geo.ErrUnavailable,
		Message: fmt.Sprintf("slow: %d ms over its %d ms threshold", elapsed.Milliseconds(), threshold.Milliseconds())}
}
