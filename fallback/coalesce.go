package fallback

import (
	"context"
	"strconv"
	"sync"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// coalescer merges identical requests that are in flight at the same time
// into one provider call: a listing imported twice, a dispatch screen that
// every courier's app refreshes at once. The first caller (the leader) runs
// the call on its own goroutine and context, so coalescing costs a healthy
// request nothing extra; the others wait for its answer and each gets its
// own copy of the result's top-level value (nested slices such as geometry
// are shared and must be treated as read-only). If the leader's context
// ends first, its waiters ask again rather than inherit its cancellation.
type coalescer struct {
	mu    sync.Mutex
	calls map[string]*flightCall
}

type flightCall struct {
	done chan struct{}
	val  any
	err  error
}

func coalesce[T any](ctx context.Context, c *Client, key string, fn func(ctx context.Context) (T, error), clone func(T) T) (T, error) {
	var zero T
	if c.cfg.noCoalesce {
		return fn(ctx)
	}
	f := &c.flight
	for {
		f.mu.Lock()
		if fc, ok := f.calls[key]; ok {
			if fc.done == nil {
				fc.done = make(chan struct{}) // made only once somebody waits
			}
			done := fc.done
			f.mu.Unlock()
			select {
			case <-ctx.Done():
				return zero, ctx.Err()
			case <-done:
			}
			if (fc.err == context.Canceled || fc.err == context.DeadlineExceeded) && ctx.Err() == nil {
				continue // the leader gave up, not the providers: ask again
			}
			if fc.err != nil {
				return zero, fc.err
			}
			return clone(fc.val.(T)), nil
		}
		if f.calls == nil {
			f.calls = map[string]*flightCall{}
		}
		fc := &flightCall{}
		f.calls[key] = fc
		f.mu.Unlock()

		v, err := fn(ctx)
		f.mu.Lock()
		fc.val, fc.err = v, err
		delete(f.calls, key)
		if fc.done != nil {
			close(fc.done)
		}
		f.mu.Unlock()
		return v, err
	}
}

// Keys are built with strconv appends into a stack buffer: one allocation,
// for the string itself.

func appendPoint(b []byte, p orb.Point) []byte {
	b = strconv.AppendFloat(b, p[0], 'g', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, p[1], 'g', -1, 64)
	return append(b, ';')
}

func geocodeKey(r geo.GeocodeRequest) string {
	var buf [160]byte
	b := append(buf[:0], "g|"...)
	b = strconv.AppendInt(b, int64(r.Limit), 10)
	b = append(b, '|')
	b = append(b, r.Language...)
	b = append(b, '|')
	if r.Near != nil {
		b = appendPoint(b, *r.Near)
	}
	b = append(b, '|')
	b = append(b, r.Query...) // last: it may contain any separator
	return string(b)
}

func reverseKey(r geo.ReverseRequest) string {
	var buf [96]byte
	b := append(buf[:0], "r|"...)
	b = appendPoint(b, r.Point)
	b = append(b, r.Language...)
	return string(b)
}

func routeKey(r geo.RouteRequest) string {
	var buf [160]byte
	b := append(buf[:0], "t|"...)
	b = strconv.AppendInt(b, int64(r.Priority), 10)
	if r.AvoidTolls {
		b = append(b, "|notoll"...)
	}
	b = append(b, '|')
	if !r.DepartAt.IsZero() {
		b = strconv.AppendInt(b, r.DepartAt.UnixNano(), 10)
	}
	b = append(b, '|')
	b = appendPoint(b, r.Origin)
	for _, w := range r.Waypoints {
		b = appendPoint(b, w)
	}
	b = appendPoint(b, r.Destination)
	return string(b)
}

func clonePlaces(p []geo.Place) []geo.Place { return append([]geo.Place(nil), p...) }

func cloneRoute(r *geo.Route) *geo.Route {
	cp := *r
	return &cp
}
