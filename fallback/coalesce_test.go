package fallback

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

func TestCoalescesIdenticalRequests(t *testing.T) {
	fs, ps := fakes("a")
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Delay: 50 * time.Millisecond})
	c := newClient(t, ps)
	var wg sync.WaitGroup
	results := make([][]geo.Place, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.Geocode(context.Background(), gq)
			if err != nil {
				t.Error(err)
			}
			results[i] = p
		}()
	}
	wg.Wait()
	if n := fs[0].Calls(geo.OpGeocode); n != 1 {
		t.Errorf("10 identical concurrent requests made %d provider calls", n)
	}
	results[0][0].Name = "changed by one caller"
	for i, r := range results[1:] {
		if len(r) != 1 || r[0].Name == "changed by one caller" {
			t.Errorf("caller %d shares the result slice: %+v", i+1, r)
		}
	}
	// With coalescing off every request reaches the provider.
	fs2, ps2 := fakes("a")
	c2 := newClient(t, ps2, WithoutCoalescing())
	for i := 0; i < 3; i++ {
		c2.Geocode(context.Background(), gq)
	}
	if n := fs2[0].Calls(geo.OpGeocode); n != 3 {
		t.Errorf("WithoutCoalescing: %d calls for 3 requests", n)
	}
}

func TestCoalescedWaiterOutlivesCancelledLeader(t *testing.T) {
	fs, ps := fakes("a")
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Delay: 40 * time.Millisecond})
	c := newClient(t, ps)
	leaderCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.Geocode(leaderCtx, gq); done <- err }()
	time.Sleep(10 * time.Millisecond) // the leader's call is in flight
	waiter := make(chan error, 1)
	go func() { _, err := c.Geocode(context.Background(), gq); waiter <- err }()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v", err)
	}
	if err := <-waiter; err != nil {
		t.Errorf("the waiter inherited the leader's cancellation: %v", err)
	}
}

func TestCacheFreshAndStale(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 6, 0, 0, 0, time.UTC)}
	fs, ps := fakes("a")
	c := newClient(t, ps, withClock(clk.now), WithCache(2, time.Minute, time.Hour))
	ctx := context.Background()
	first, err := c.Geocode(ctx, gq)
	if err != nil || first[0].Stale {
		t.Fatal(first, err)
	}
	// Fresh: no provider call.
	if p, err := c.Geocode(ctx, gq); err != nil || p[0].Stale || fs[0].Calls(geo.OpGeocode) != 1 {
		t.Errorf("fresh hit: %v %v, %d calls", p, err, fs[0].Calls(geo.OpGeocode))
	}
	// Expired but within maxStale, and the provider is down: stale answer.
	clk.add(10 * time.Minute)
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Err: geo.ErrUnavailable})
	p, err := c.Geocode(ctx, gq)
	if err != nil || !p[0].Stale || p[0].Provider != "a" {
		t.Errorf("outage: %v %v, want a stale answer", p, err)
	}
	if first[0].Stale {
		t.Error("marking a stale copy changed an earlier caller's result")
	}
	// "Not found" from every provider is an answer, not an outage.
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Err: geo.ErrNotFound})
	if _, err := c.Geocode(ctx, gq); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("not found: %v", err)
	}
	// Past maxStale nothing is served.
	clk.add(2 * time.Hour)
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{Err: geo.ErrUnavailable})
	if _, err := c.Geocode(ctx, gq); !errors.Is(err, geo.ErrUnavailable) {
		t.Errorf("too old: %v", err)
	}
}

func TestCacheEvictsLeastRecent(t *testing.T) {
	ch := NewLRU(2)
	now := time.Now()
	k := func(s string) CacheKey { return CacheKey{Key: s} }
	ch.Put(context.Background(), k("a"), CacheEntry{Provider: "a", At: now}, time.Hour)
	ch.Put(context.Background(), k("b"), CacheEntry{Provider: "b", At: now}, time.Hour)
	ch.Get(context.Background(), k("a"))
	ch.Put(context.Background(), k("c"), CacheEntry{Provider: "c", At: now}, time.Hour)
	if _, ok := ch.Get(context.Background(), k("b")); ok {
		t.Error("b should have been evicted")
	}
	for _, key := range []string{"a", "c"} {
		if e, ok := ch.Get(context.Background(), k(key)); !ok || e.Provider != key {
			t.Errorf("%s missing", key)
		}
	}
	if _, err := New([]geo.Provider{geotest.NewFake("x")}, WithCache(0, 0, 0)); err == nil {
		t.Error("WithCache(0, …) accepted")
	}
}
