package fallback

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

func TestQuotaKeepsProviderOutAndProbesWithBackoff(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 10, 0, 0, 0, time.UTC)} // 19:00 KST
	reset := geo.NextMidnightKST(clk.now())
	fs, ps := fakes("a", "b")
	spent := geotest.Step{Err: &geo.ProviderError{Provider: "a", Op: geo.OpGeocode,
		Kind: geo.ErrQuotaExceeded, Code: "-10", ResetAt: reset}}
	fs[0].SetDefault(geo.OpGeocode, spent)
	c := newClient(t, ps, withClock(clk.now), WithQuotaProbe(2*time.Second, 16*time.Second))
	ask := func() string {
		t.Helper()
		p, err := c.Geocode(context.Background(), gq)
		if err != nil {
			t.Fatalf("%v", err)
		}
		return p[0].Provider
	}
	ask()
	// Probes at +2 s, then 4, 8, 16, 16 s after each failed one: a spent
	// quota costs one call per interval, never one per request.
	var probesAt []time.Duration
	start := clk.now()
	for i := 0; i < 600; i++ { // one request every 100 ms for a minute
		before := fs[0].Calls(geo.OpGeocode)
		if who := ask(); who != "b" {
			t.Fatalf("request %d answered by %s while a's quota is spent", i, who)
		}
		if fs[0].Calls(geo.OpGeocode) > before {
			probesAt = append(probesAt, clk.now().Sub(start))
		}
		clk.add(100 * time.Millisecond)
	}
	// The first probe after DefaultQuotaProbe; each interval at least the
	// last, half the time out so far, never over the cap.
	if len(probesAt) < 5 || len(probesAt) > 12 {
		t.Fatalf("%d probes in a minute (%v), want a handful", len(probesAt), probesAt)
	}
	if d := probesAt[0] - 2*time.Second; d < 0 || d > 200*time.Millisecond {
		t.Errorf("first probe at %v, want 2 s", probesAt[0])
	}
	for i := 1; i < len(probesAt); i++ {
		gap, prev := probesAt[i]-probesAt[i-1], time.Duration(0)
		if i > 1 {
			prev = probesAt[i-1] - probesAt[i-2]
		}
		if gap < prev-200*time.Millisecond || gap > 16*time.Second+200*time.Millisecond || gap < probesAt[i-1]/2-200*time.Millisecond {
			t.Errorf("probes at %v: interval %d is %v", probesAt, i, gap)
		}
	}
	s := status(c, "a", geo.OpGeocode)
	if s.State != "open" || !strings.Contains(s.OpenReason, "quota exceeded") || !strings.Contains(s.OpenReason, "resets") {
		t.Errorf("status %+v", s)
	}
	// The quota is raised: the next probe notices and one success restores a.
	fs[0].SetDefault(geo.OpGeocode, geotest.Step{})
	clk.add(16 * time.Second)
	if who := ask(); who != "a" {
		t.Fatalf("the probe after the quota was lifted went to %s", who)
	}
	if s := status(c, "a", geo.OpGeocode); !s.OpenUntil.IsZero() || s.State != "closed" {
		t.Errorf("after a successful probe: %+v", s)
	}
	if who := ask(); who != "a" {
		t.Fatalf("after the probe: %s", who)
	}
}

func TestQuotaProbeNeverLaterThanReset(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 14, 59, 58, 0, time.UTC)} // 23:59:58 KST
	reset := geo.NextMidnightKST(clk.now())
	fs, ps := fakes("a", "b")
	fs[0].Push(geo.OpGeocode, geotest.Step{Err: &geo.ProviderError{Provider: "a", Kind: geo.ErrQuotaExceeded, ResetAt: reset}})
	c := newClient(t, ps, withClock(clk.now), WithQuotaProbe(time.Minute, time.Hour))
	c.Geocode(context.Background(), gq)
	if s := status(c, "a", geo.OpGeocode); !s.OpenUntil.Equal(reset) {
		t.Errorf("probe at %v, want the reset %v", s.OpenUntil, reset)
	}
}

func TestRateLimitRetryAfterCapped(t *testing.T) {
	clk := &clock{t: time.Now()}
	fs, ps := fakes("a", "b")
	fs[0].Push(geo.OpRoute, geotest.Step{Err: &geo.ProviderError{Provider: "a", Kind: geo.ErrRateLimited, RetryAfter: time.Hour}})
	c := newClient(t, ps, withClock(clk.now), WithRetryAfterCap(30*time.Second))
	if _, err := c.Route(context.Background(), rq); err != nil {
		t.Fatal(err)
	}
	if s := status(c, "a", geo.OpRoute); !s.OpenUntil.Equal(clk.now().Add(30 * time.Second)) {
		t.Errorf("open until %v, want now+30s", s.OpenUntil)
	}
}

func TestSkippedAttemptSaysWhyAndUntilWhen(t *testing.T) {
	clk := &clock{t: time.Date(2022, 10, 15, 6, 0, 0, 0, time.UTC)}
	fs, ps := fakes("a")
	fs[0].SetDefault(geo.OpRoute, geotest.Step{Err: &geo.ProviderError{Provider: "a", Kind: geo.ErrRateLimited, RetryAfter: 30 * time.Second}})
	c := newClient(t, ps, withClock(clk.now))
	c.Route(context.Background(), rq)
	_, err := c.Route(context.Background(), rq)
	var fe *Error
	if !errors.As(err, &fe) || len(fe.Attempts) != 1 || !fe.Attempts[0].Skipped {
		t.Fatalf("err = %v", err)
	}
	msg := fe.Attempts[0].Err.Error()
	if !strings.Contains(msg, "skipped until 06:00:30") || !strings.Contains(msg, "rate limited") || !errors.Is(err, geo.ErrRateLimited) {
		t.Errorf("skip error %q does not say why and until when", msg)
	}
	// A breaker opened by failures says since when, until when and why.
	fs2, ps2 := fakes("b")
	fs2[0].SetDefault(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	c2 := newClient(t, ps2)
	for range 5 {
		c2.Route(context.Background(), rq)
	}
	_, err = c2.Route(context.Background(), rq)
	if !errors.As(err, &fe) || !fe.Attempts[0].Skipped || !strings.Contains(fe.Attempts[0].Err.Error(), "circuit open since") ||
		!strings.Contains(fe.Attempts[0].Err.Error(), "scripted by geotest.Fake") {
		t.Errorf("err = %v", err)
	}
}
