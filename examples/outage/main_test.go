package main

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/internal/outage"
)

// TestOutageReplay runs the demo in a short mode and checks that the
// scripted day happened: Kakao answered before the fire, others during it,
// TMAP took over while NAVER was throttled and OSM once TMAP's quota was
// spent, Kakao took traffic back — and no caller saw an error.
func TestOutageReplay(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED in -short mode: the replay takes 8 s")
	}
	rep, err := outage.Run(context.Background(), outage.Config{Duration: 8 * time.Second, Rate: 30, Seed: 7}, io.Discard, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 || rep.Requests < 150 {
		t.Fatalf("%d of %d requests failed: %v", rep.Failed, rep.Requests, rep.Errors)
	}
	share := func(phase int, provider string) float64 { return rep.Phases[phase].Share[provider] }
	if s := share(0, "kakao"); s < 95 {
		t.Errorf("normal phase: kakao answered %.0f%%", s)
	}
	if s := share(1, "kakao"); s > 10 {
		t.Errorf("fire: kakao still answered %.0f%%", s)
	}
	if s := share(1, "naver"); s < 70 {
		t.Errorf("fire: naver answered only %.0f%%", s)
	}
	if s := share(2, "tmap"); s < 30 {
		t.Errorf("naver throttled: tmap answered only %.0f%%", s)
	}
	if s := share(3, "osm"); s < 30 {
		t.Errorf("tmap quota spent: osm answered only %.0f%%", s)
	}
	if s := share(3, "tmap"); s > 10 {
		t.Errorf("tmap quota spent: tmap still answered %.0f%%", s)
	}
	if s := share(4, "kakao"); s < 50 {
		t.Errorf("kakao restored: kakao answered only %.0f%%", s)
	}
	if rep.BreakerOpenMs < 0 || rep.BreakerOpenMs > 2000 {
		t.Errorf("kakao's breaker opened %.0f ms after the fire", rep.BreakerOpenMs)
	}
	if rep.SwitchBackMs < 0 {
		t.Error("traffic never returned to kakao")
	}
}
