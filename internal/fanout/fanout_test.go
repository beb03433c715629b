package fanout

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestEachBoundsConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int32
	done := make([]bool, 50)
	var mu sync.Mutex
	Each(context.Background(), len(done), 4, func(ctx context.Context, k int) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(5 * time.Millisecond) // long enough for the others to start
		inFlight.Add(-1)
		mu.Lock()
		done[k] = true
		mu.Unlock()
	}, func(k int) { t.Errorf("k=%d skipped without cancellation", k) })
	if p := peak.Load(); p > 4 || p < 2 {
		t.Errorf("peak concurrency %d, want 2..4", p)
	}
	for k, d := range done {
		if !d {
			t.Errorf("k=%d never ran", k)
		}
	}
}

func TestEachStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran, skipped atomic.Int32
	Each(ctx, 100, 1, func(ctx context.Context, k int) {
		if ran.Add(1) == 3 {
			cancel()
		}
	}, func(k int) { skipped.Add(1) })
	if r, s := ran.Load(), skipped.Load(); r+s != 100 || r > 4 {
		t.Errorf("ran %d, skipped %d; want ran ≤ 4 and ran+skipped = 100", r, s)
	}
}
