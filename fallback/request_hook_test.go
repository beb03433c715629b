package fallback

import (
	"context"
	"errors"
	"testing"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

type spanKey struct{}

// TestOnRequestContextReachesHooks checks that OnRequest hooks chain their
// contexts, that attempt and failover hooks see the last one, and that end
// functions run in reverse order with the answering provider.
func TestOnRequestContextReachesHooks(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].Push(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	var order []string
	var ends []RequestEnd
	var attemptSpans, failoverSpans []any
	hook := func(name string) RequestHook {
		return func(ctx context.Context, op geo.Op) (context.Context, func(RequestEnd)) {
			order = append(order, "start "+name)
			return context.WithValue(ctx, spanKey{}, name), func(e RequestEnd) {
				order = append(order, "end "+name)
				ends = append(ends, e)
			}
		}
	}
	c, err := New(ps, OnRequest(hook("outer")), OnRequest(hook("inner")),
		OnAttempt(func(a Attempt) { attemptSpans = append(attemptSpans, a.Context.Value(spanKey{})) }),
		OnFailover(func(f Failover) { failoverSpans = append(failoverSpans, f.Context.Value(spanKey{})) }))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r, err := c.Route(context.Background(), geo.RouteRequest{Origin: orb.Point{127.0, 37.5}, Destination: orb.Point{127.1, 37.4}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"start outer", "start inner", "end inner", "end outer"}; !equalStrings(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	if len(attemptSpans) != 2 || attemptSpans[0] != "inner" || attemptSpans[1] != "inner" {
		t.Errorf("attempt contexts carry %v, want inner twice", attemptSpans)
	}
	if len(failoverSpans) != 1 || failoverSpans[0] != "inner" {
		t.Errorf("failover contexts carry %v", failoverSpans)
	}
	if ends[0].Provider != r.Provider || ends[0].Provider != "b" || ends[0].Op != geo.OpRoute || ends[0].Err != nil {
		t.Errorf("end event %+v", ends[0])
	}

	// An invalid request is seen too, with its error.
	ends = nil
	_, err = c.Geocode(context.Background(), geo.GeocodeRequest{})
	if len(ends) != 2 || !errors.Is(ends[0].Err, geo.ErrInvalidRequest) || !errors.Is(err, geo.ErrInvalidRequest) {
		t.Errorf("invalid request: ends %+v, err %v", ends, err)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
