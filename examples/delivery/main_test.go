package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/mapswitch/mapswitch/providers/sim"
)

func TestFee(t *testing.T) {
	for m, want := range map[float64]int{800: 3000, 1500: 3000, 1501: 3500, 2000: 3500, 4200: 6000} {
		if got := fee(m); got != want {
			t.Errorf("fee(%v) = %d, want %d", m, got, want)
		}
	}
}

func TestDispatchNeverStops(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, sim.WithLatency(0, 0)); err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(out.String(), "== ")
	if len(sections) != 4 {
		t.Fatalf("output:\n%s", out.String())
	}
	if !strings.Contains(sections[1], "by kakao") || strings.Contains(sections[1], "estimated") {
		t.Errorf("all up:\n%s", sections[1])
	}
	if strings.Contains(sections[2], "by kakao") || !strings.Contains(sections[2], "by naver") {
		t.Errorf("kakao down:\n%s", sections[2])
	}
	if strings.Count(sections[3], "(estimated)") != 4 {
		t.Errorf("everything down: want 4 estimated assignments:\n%s", sections[3])
	}
}
