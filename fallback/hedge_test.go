package fallback

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

func TestHedgeWinnerAndLoser(t *testing.T) {
	fs, ps := fakes("a", "b")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Delay: time.Hour}) // black hole
	var mu sync.Mutex
	var attempts []Attempt
	c := newClient(t, ps, WithHedge(10*time.Millisecond), OnAttempt(func(a Attempt) {
		mu.Lock()
		attempts = append(attempts, a)
		mu.Unlock()
	}))
	for i := 0; i < 8; i++ {
		// Cancel the request's context once answered, as callers do: the
		// loser must still count against a.
		ctx, cancel := context.WithCancel(context.Background())
		r, err := c.Route(ctx, rq)
		cancel()
		if err != nil || r.Provider != "b" {
			t.Fatalf("%v %v", r, err)
		}
	}
	// Losers run on until their slow-call threshold (1 s while a is
	// cold), then count as slow: wait until each reported.
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(attempts)
		mu.Unlock()
		if n >= 8+8 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	s := status(c, "a", geo.OpRoute)
	if s.State != "open" || !strings.Contains(s.OpenReason, "slow:") {
		t.Errorf("a black-holed provider did not trip its breaker through slow hedge losers: %+v", s)
	}
	before := fs[0].Calls(geo.OpRoute)
	for i := 0; i < 5; i++ {
		if r, err := c.Route(context.Background(), rq); err != nil || r.Provider != "b" {
			t.Fatalf("%v %v", r, err)
		}
	}
	if n := fs[0].Calls(geo.OpRoute); n != before {
		t.Errorf("a was called %d more times after its breaker opened", n-before)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, a := range attempts {
		if a.Provider == "a" && (a.Err == nil || errors.Is(a.Err, ErrLostRace) || !strings.Contains(a.Err.Error(), "slow:")) {
			t.Errorf("a black-holed loser reported %+v, want a slow-call failure", a)
		}
	}
}

func TestAdaptiveHedgeLearnsFromLatency(t *testing.T) {
	fs, ps := fakes("a", "b")
	c := newClient(t, ps, WithAdaptiveHedge(5*time.Millisecond, time.Second))
	for i := 0; i < 20; i++ { // a is fast: its p95 is near zero
		if r, err := c.Route(context.Background(), rq); err != nil || r.Provider != "a" {
			t.Fatalf("warm-up: %v %v", r, err)
		}
	}
	// Now a hangs; the learned delay (the 5 ms floor) hedges to b long
	// before the 1 s ceiling a fixed delay would have waited.
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	r, err := c.Route(ctx, rq)
	if err != nil || r.Provider != "b" {
		t.Fatalf("adaptive hedge did not reach b within the caller's deadline: %v %v", r, err)
	}
}
