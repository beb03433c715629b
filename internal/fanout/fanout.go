// Package fanout runs many small provider calls with a bound on how many are
// in flight: matrices built from route calls, tiled table requests.
package fanout

import (
	"context"
	"sync"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Each calls fn(ctx, k) for k in [0, n) with at most limit calls running at
// once (limit < 1 means 1), and returns when all started calls have returned.
// Once ctx is done no further call starts; skipped(k) is then called for each
// k that never ran, so the caller can mark it. fn must be safe for concurrent
// use; results are the caller's to store, by index. The geo.MatrixTrace in
// ctx, if any, hears of the plan and of each call's end.
func Each(ctx context.Context, n, limit int, fn func(ctx context.Context, k int), skipped func(k int)) {
	if limit < 1 {
		limit = 1
	}
	tr := geo.ContextMatrixTrace(ctx)
	if tr != nil && tr.Planned != nil {
		tr.Planned(n, limit)
	}
	sem := make(chan struct{}, limit)
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			for ; k < n; k++ {
				if skipped != nil {
					skipped(k)
				}
			}
			break
		}
		wg.Add(1)
		go func(k int) {
			defer func() { <-sem; wg.Done() }()
			start := time.Now()
			fn(ctx, k)
			if tr != nil && tr.CallDone != nil {
				tr.CallDone(time.Since(start))
			}
		}(k)
	}
	wg.Wait()
}
