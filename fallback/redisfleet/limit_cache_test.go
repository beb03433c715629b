package redisfleet_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/fallback/redisfleet"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/redistest"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// TestFleetRateLimit: 8 instances hammer one provider through a 10 req/s
// fleet-wide limiter; its server sees 10 req/s ±10%.
func TestFleetRateLimit(t *testing.T) {
	r := redistest.Start(t)
	srv, err := sim.NewOSRM(sim.WithLatency(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var fleets []*redisfleet.Fleet
	for range 8 {
		fl := newFleet(t, r.Addr(), redisfleet.WithFleetSize(8))
		fleets = append(fleets, fl)
		lim, err := fl.Limiter("osm", 10, 1)
		if err != nil {
			t.Fatal(err)
		}
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		o, err := osm.New(osm.WithOSRMURL(srv.URL()), osm.WithUserAgent("mapswitch-test/1.0 (test@example.invalid)"), osm.WithLimiter(lim), osm.WithHTTPClient(&http.Client{Transport: tr}))
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := geo.RouteRequest{Origin: orb.Point{127.1112, 37.3948}, Destination: orb.Point{126.9779, 37.5663}}
				for ctx.Err() == nil {
					_, err := o.Route(ctx, req)
					switch {
					case errors.Is(err, geo.ErrRateLimited):
						// A failover client would ask the next provider;
						// here the caller comes back a little later.
						time.Sleep(10 * time.Millisecond)
					case err != nil && ctx.Err() == nil:
						t.Errorf("route: %v", err)
						return
					}
				}
			}()
		}
	}
	time.Sleep(time.Second) // the burst and the start-up pass
	before, t0 := srv.Requests(), time.Now()
	time.Sleep(4 * time.Second)
	n, d := srv.Requests()-before, time.Since(t0)
	cancel()
	wg.Wait()
	rate := float64(n) / d.Seconds()
	t.Logf("server saw %d requests in %v: %.2f/s; instance 0: %+v", n, d.Round(time.Millisecond), rate, fleets[0].Stats())
	if rate > 11 || rate < 9 {
		t.Errorf("fleet-wide rate %.2f/s, want 10 ±10%%", rate)
	}
	time.Sleep(300 * time.Millisecond) // a resync reads the usage counter
	if calls, ok := fleets[0].CallsToday("osm"); !ok || calls < n {
		t.Errorf("CallsToday = %d, %v; want at least %d", calls, ok, n)
	}
}

// TestFleetSharedCache: an answer fetched on instance A is served to B
// without a provider call, a reverse geocode a metre away shares it, and
// in an outage B serves A's answers stale.
func TestFleetSharedCache(t *testing.T) {
	r := redistest.Start(t)
	w := newWorld(t)
	mk := func() *instance {
		fl := newFleet(t, r.Addr())
		return w.instanceWith(t, fl, fastPolicy(), fallback.WithCacheStore(fl.Cache(), 200*time.Millisecond, time.Hour))
	}
	a, b := mk(), mk()
	ctx := context.Background()
	p := w.places[0]
	ga, err := a.client.Geocode(ctx, geo.GeocodeRequest{Query: p.Name, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	ra, err := a.client.ReverseGeocode(ctx, geo.ReverseRequest{Point: p.Point})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // the background write
	calls := w.kakao.Requests() + w.naver.Requests()
	gb, err := b.client.Geocode(ctx, geo.GeocodeRequest{Query: p.Name, Limit: 1})
	if err != nil || gb[0].Provider != ga[0].Provider || gb[0].Name != ga[0].Name {
		t.Fatalf("B's geocode: %v, %v; A had %+v", gb, err, ga)
	}
	near := orb.Point{p.Point[0] + 0.00001, p.Point[1]} // about a metre east
	rb, err := b.client.ReverseGeocode(ctx, geo.ReverseRequest{Point: near})
	if err != nil || rb[0].Provider != ra[0].Provider || rb[0].Name != ra[0].Name {
		t.Fatalf("B's reverse geocode: %v, %v; A had %+v", rb, err, ra)
	}
	if n := w.kakao.Requests() + w.naver.Requests() - calls; n != 0 {
		t.Errorf("B made %d provider calls for answers A had fetched", n)
	}

	// Outage: every provider down, the entries past their ttl.
	time.Sleep(250 * time.Millisecond)
	w.kakao.SetFault(sim.Fault{Kind: sim.Down})
	w.naver.SetFault(sim.Fault{Kind: sim.Down})
	gs, err := b.client.Geocode(ctx, geo.GeocodeRequest{Query: p.Name, Limit: 1})
	if err != nil || !gs[0].Stale || gs[0].Provider != ga[0].Provider {
		t.Errorf("stale geocode during the outage: %+v, %v", gs, err)
	}
}
