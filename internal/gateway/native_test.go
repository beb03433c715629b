package gateway_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/internal/gateway"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func TestNativeAnswers(t *testing.T) {
	w := newWorld(t, "", nil)
	for _, tc := range []struct {
		name, method, path, body string
		check                    func(t *testing.T, v map[string]any)
	}{
		{"geocode GET", "GET", "/v1/geocode?query=" + escape("서울특별시 중구 세종대로 110") + "&limit=1", "", func(t *testing.T, v map[string]any) {
			if at(v, "places", 0, "point", 0) == nil || at(v, "places", 0, "provider") != "kakao" {
				t.Errorf("no kakao place: %v", v)
			}
		}},
		{"geocode POST", "POST", "/v1/geocode", `{"query":"강남역","limit":2}`, func(t *testing.T, v map[string]any) {
			if len(at(v, "places").([]any)) == 0 {
				t.Errorf("no places: %v", v)
			}
		}},
		{"reverse GET", "GET", "/v1/reverse?point=126.9779692,37.5662952", "", func(t *testing.T, v map[string]any) {
			if !strings.Contains(fmt.Sprint(at(v, "places", 0, "address", "road")), "세종대로") {
				t.Errorf("reverse: %v", v)
			}
		}},
		{"reverse POST", "POST", "/v1/reverse", `{"point":[126.9779692,37.5662952]}`, nil},
		{"route GET", "GET", "/v1/route?origin=127.0276,37.4979&destination=126.9779692,37.5662952&waypoints=127.0,37.52", "", func(t *testing.T, v map[string]any) {
			if d, _ := at(v, "route", "distance_m").(float64); d < 5000 {
				t.Errorf("route distance %v", at(v, "route", "distance_m"))
			}
		}},
		{"route POST", "POST", "/v1/route", `{"origin":[127.0276,37.4979],"destination":[126.9779692,37.5662952],"priority":"time"}`, nil},
		{"matrix GET", "GET", "/v1/matrix?origins=127.0276,37.4979|126.9706,37.5547&destinations=126.9779692,37.5662952", "", func(t *testing.T, v map[string]any) {
			if len(at(v, "matrix", "cells").([]any)) != 2 || at(v, "matrix", "cells", 1, 0, "provider") != "kakao" {
				t.Errorf("matrix: %v", v)
			}
		}},
		{"matrix POST", "POST", "/v1/matrix", `{"origins":[[127.0276,37.4979]],"destinations":[[126.9706,37.5547],[126.9779692,37.5662952]]}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.do(t, tc.method, tc.path, tc.body).want(t, http.StatusOK)
			v := r.json(t)
			if v["provider"] != "kakao" || r.header.Get("X-Mapswitch-Provider") != "kakao" {
				t.Errorf("provider %v (header %q), want kakao", v["provider"], r.header.Get("X-Mapswitch-Provider"))
			}
			if _, ok := v["stale"]; !ok {
				t.Error("no stale flag")
			}
			if _, ok := v["estimated"]; !ok {
				t.Error("no estimated flag")
			}
			if !strings.Contains(fmt.Sprint(v["attribution"]), "Kakao") {
				t.Errorf("attribution %v", v["attribution"])
			}
			if tc.check != nil {
				tc.check(t, v)
			}
		})
	}
}

func escape(s string) string { return strings.ReplaceAll(urlQuery(s), "+", "%20") }

func TestNativeErrors(t *testing.T) {
	w := newWorld(t, "", func(c *gateway.Config) { c.MaxMatrix = 4; c.MaxBody = 256 })
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		kind                     string
	}{
		{"bad point", "GET", "/v1/reverse?point=abc", "", 400, "invalid_request"},
		{"latitude out of range", "GET", "/v1/route?origin=127,137&destination=127,37", "", 400, "invalid_request"},
		{"malformed JSON", "POST", "/v1/geocode", `{"query":`, 400, "invalid_request"},
		{"empty query", "GET", "/v1/geocode?query=", "", 400, "invalid_request"},
		{"matrix too big", "GET", "/v1/matrix?origins=127,37|127.1,37|127.2,37&destinations=127,37.1&destinations=127,37.2", "", 400, "invalid_request"},
		{"body too big", "POST", "/v1/geocode", `{"query":"` + strings.Repeat("가", 200) + `"}`, 413, "too_large"},
		{"not found", "GET", "/v1/geocode?query=nowhere-at-all-zzz", "", 404, "not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := w.do(t, tc.method, tc.path, tc.body).want(t, tc.status).json(t)
			if at(v, "error", "kind") != tc.kind || at(v, "error", "status") != float64(tc.status) {
				t.Errorf("error %v, want kind %s", v, tc.kind)
			}
			if tc.status == 404 && len(at(v, "error", "attempts").([]any)) != 3 {
				t.Errorf("want the three providers' attempts: %v", v)
			}
		})
	}
}

// TestEveryProviderDown checks the 503 and its per-provider attempts, and
// the failover to the next provider before that.
func TestEveryProviderDown(t *testing.T) {
	w := newWorld(t, "kakao,naver", nil)
	w.kakao.SetFault(sim.Fault{Kind: sim.Down})
	v := w.get(t, "/v1/reverse?point=126.9779692,37.5662952").want(t, 200).json(t)
	if v["provider"] != "naver" {
		t.Fatalf("with kakao down the answer came from %v", v["provider"])
	}
	w.naver.SetFault(sim.Fault{Kind: sim.Errors})
	v = w.get(t, "/v1/reverse?point=126.9779692,37.5662952").want(t, 503).json(t)
	atts, _ := at(v, "error", "attempts").([]any)
	if at(v, "error", "kind") != "all_failed" || len(atts) != 2 || at(atts[0], "provider") != "kakao" ||
		at(atts[0], "kind") != "unavailable" || at(atts[1], "provider") != "naver" {
		t.Errorf("503 body %s", mustJSON(v))
	}
}

// TestShedsLoad fills the gateway's one request slot with a slow request
// and checks that the next is refused with 429 at once.
func TestShedsLoad(t *testing.T) {
	w := newWorld(t, "kakao", func(c *gateway.Config) { c.MaxInFlight = 1 })
	w.kakao.SetFault(sim.Fault{Kind: sim.Slow, Latency: 700 * time.Millisecond})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.get(t, "/v1/geocode?query=강남역")
	}()
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	r := w.get(t, "/v1/geocode?query=서울역").want(t, 429)
	if time.Since(start) > 500*time.Millisecond || r.header.Get("Retry-After") == "" {
		t.Errorf("429 took %v, Retry-After %q", time.Since(start), r.header.Get("Retry-After"))
	}
	if at(r.json(t), "error", "kind") != "overloaded" {
		t.Errorf("429 body %s", r.body)
	}
	r = w.get(t, "/route/v1/driving/127,37;127.1,37.1").want(t, 429)
	if at(r.json(t), "code") != "TooManyRequests" {
		t.Errorf("OSRM 429 body %s", r.body)
	}
	wg.Wait()
	w.get(t, "/route/v1/driving/127,37;127.1,37.1").want(t, 200)
}
