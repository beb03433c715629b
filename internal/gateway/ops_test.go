package gateway_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/mapswitch/mapswitch/internal/gateway"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func TestStatusAndOperatorControls(t *testing.T) {
	w := newWorld(t, "", nil)
	w.get(t, "/v1/geocode?query=강남역").want(t, 200)
	v := w.get(t, "/v1/status").want(t, 200).json(t)
	if at(v, "providers", 0, "name") != "kakao" || at(v, "providers", 0, "breakers", 0, "state") != "closed" ||
		at(v, "ready", "geocode") != true || at(v, "providers", 0, "usable") != true {
		t.Fatalf("status %s", mustJSON(v))
	}
	if n, _ := at(v, "providers", 0, "load", "per_second").(float64); n <= 0 {
		t.Errorf("kakao's rate is %v after a request", n)
	}

	auth := "Bearer " + adminToken
	// Refused without the token, with a wrong one, and without a configured one.
	w.do(t, "POST", "/v1/admin/kakao/disable", "").want(t, 401)
	w.do(t, "POST", "/v1/admin/kakao/disable", "", "Authorization", "Bearer nope").want(t, 401)
	w.do(t, "POST", "/v1/admin/kakao/disable", "", "Authorization", adminToken).want(t, 401)
	if s := w.get(t, "/v1/status").json(t); at(s, "providers", 0, "breakers", 0, "state") != "closed" {
		t.Fatal("a refused control changed the state")
	}

	w.do(t, "POST", "/v1/admin/kakao/force-open?for=1m", "", "Authorization", auth).want(t, 200)
	s := w.get(t, "/v1/status").json(t)
	if at(s, "providers", 0, "breakers", 0, "state") != "open" ||
		!strings.Contains(at(s, "providers", 0, "breakers", 0, "reason").(string), "operator") {
		t.Errorf("after force-open: %s", mustJSON(at(s, "providers", 0)))
	}
	if p := w.get(t, "/v1/geocode?query=강남역").json(t)["provider"]; p != "naver" {
		t.Errorf("with kakao forced open the answer came from %v", p)
	}
	w.do(t, "POST", "/v1/admin/kakao/enable", "", "Authorization", auth).want(t, 200)
	w.do(t, "POST", "/v1/admin/naver/disable", "", "Authorization", auth).want(t, 200)
	w.do(t, "POST", "/v1/admin/osm/prefer", "", "Authorization", auth).want(t, 200)
	s = w.get(t, "/v1/status").json(t)
	if at(s, "providers", 0, "name") != "osm" || at(s, "providers", 2, "name") != "naver" ||
		at(s, "providers", 2, "breakers", 0, "state") != "disabled" {
		t.Errorf("after prefer osm, disable naver: %s", mustJSON(s["providers"]))
	}
	w.do(t, "POST", "/v1/admin/tmap/disable", "", "Authorization", auth).want(t, 404)
	w.do(t, "POST", "/v1/admin/kakao/explode", "", "Authorization", auth).want(t, 400)

	logs := w.logs.String()
	for _, want := range []string{`"action":"force-open"`, `"action":"prefer"`, "operator control refused", "operator control applied"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, adminToken) {
		t.Error("the admin token reached the log")
	}

	// No token configured: every control is refused.
	off := newWorld(t, "", func(c *gateway.Config) { c.AdminToken = "" })
	off.do(t, "POST", "/v1/admin/kakao/disable", "", "Authorization", auth).want(t, 403)
}

func TestHealthAndReadiness(t *testing.T) {
	w := newWorld(t, "kakao", nil)
	w.get(t, "/healthz").want(t, 200)
	w.get(t, "/readyz").want(t, 200)
	w.do(t, "POST", "/v1/admin/kakao/disable", "", "Authorization", "Bearer "+adminToken).want(t, 200)
	v := w.get(t, "/readyz").want(t, 503).json(t)
	if at(v, "ops", "route") != false {
		t.Errorf("readyz %s", mustJSON(v))
	}
	w.get(t, "/healthz").want(t, 200)
}

// TestMetricsScrape fails a request over and parses /metrics with the
// Prometheus text parser.
func TestMetricsScrape(t *testing.T) {
	w := newWorld(t, "kakao,naver", nil)
	w.kakao.SetFault(sim.Fault{Kind: sim.Errors})
	w.get(t, "/v1/route?origin=127.0276,37.4979&destination=126.9779692,37.5662952").want(t, 200)
	r := w.get(t, "/metrics").want(t, 200)
	p := expfmt.NewTextParser(model.LegacyValidation)
	families, err := p.TextToMetricFamilies(bytes.NewReader(r.body))
	if err != nil {
		t.Fatalf("parsing /metrics: %v", err)
	}
	value := func(name string, labels map[string]string) float64 {
		f := families[name]
		if f == nil {
			t.Fatalf("no family %s", name)
		}
	next:
		for _, m := range f.Metric {
			for k, v := range labels {
				found := false
				for _, l := range m.Label {
					if l.GetName() == k && l.GetValue() == v {
						found = true
					}
				}
				if !found {
					continue next
				}
			}
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue()
			case m.Gauge != nil:
				return m.Gauge.GetValue()
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount())
			}
		}
		t.Errorf("%s%v not found", name, labels)
		return -1
	}
	if v := value("mapswitch_failovers_total", map[string]string{"mapswitch_from": "kakao", "mapswitch_to": "naver", "mapswitch_op": "route"}); v != 1 {
		t.Errorf("failovers %v", v)
	}
	if v := value("mapswitch_attempts_total", map[string]string{"mapswitch_provider": "kakao", "mapswitch_outcome": "unavailable"}); v < 1 {
		t.Errorf("kakao's failed attempts %v", v)
	}
	if v := value("mapswitch_requests_total", map[string]string{"mapswitch_op": "route", "mapswitch_outcome": "ok", "mapswitch_provider": "naver"}); v != 1 {
		t.Errorf("requests %v", v)
	}
	if v := value("mapswitch_attempt_duration_seconds", map[string]string{"mapswitch_provider": "naver", "mapswitch_op": "route"}); v != 1 {
		t.Errorf("naver's latency samples %v", v)
	}
	if v := value("mapswitch_breaker_state", map[string]string{"mapswitch_provider": "kakao", "mapswitch_op": "route"}); v != 0 {
		t.Errorf("kakao's breaker %v", v)
	}
}

func TestCORS(t *testing.T) {
	w := newWorld(t, "kakao", func(c *gateway.Config) { c.CORSOrigins = []string{"https://app.example"} })
	r := w.do(t, "OPTIONS", "/v1/geocode", "", "Origin", "https://app.example", "Access-Control-Request-Method", "POST").want(t, 204)
	if r.header.Get("Access-Control-Allow-Origin") != "https://app.example" || !strings.Contains(r.header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight headers %v", r.header)
	}
	r = w.do(t, "GET", "/v1/status", "", "Origin", "https://evil.example").want(t, 200)
	if r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Error("an unlisted origin was allowed")
	}
}

func TestServeRefusesExposedBind(t *testing.T) {
	w := newWorld(t, "kakao", func(c *gateway.Config) { c.AdminToken = "" })
	err := w.gw.Serve(context.Background(), gateway.ServerConfig{Addr: "0.0.0.0:0"})
	if !errors.Is(err, gateway.ErrExposed) {
		t.Fatalf("Serve on 0.0.0.0 without token or TLS: %v", err)
	}
	// Explicitly allowed, it serves; cancelling the context shuts it down.
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- w.gw.Serve(ctx, gateway.ServerConfig{Addr: "127.0.0.1:0", Grace: time.Second, Listening: func(a net.Addr) { addr <- a }})
	}()
	a := <-addr
	resp, err := http.Get("http://" + a.String() + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
}
