package fallback_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/paulmach/orb"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// TestFaultsOverRealTCP puts toxiproxy (in process, on loopback) between
// the Kakao client and a Kakao simulator, injects real TCP faults, and
// checks that every caller request is still answered — by NAVER.
func TestFaultsOverRealTCP(t *testing.T) {
	for _, tc := range []struct {
		name  string
		toxic string
	}{
		{"connection reset", `{"type":"reset_peer","attributes":{"timeout":0}}`},
		{"black hole", `{"type":"timeout","attributes":{"timeout":0}}`},
		{"added latency", `{"type":"latency","attributes":{"latency":3000}}`},
		{"truncated body", `{"type":"limit_data","attributes":{"bytes":120}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			upstream, err := sim.NewKakao(sim.WithLatency(0, 0))
			if err != nil {
				t.Fatal(err)
			}
			defer upstream.Close()
			secondary, err := sim.NewNaver(sim.WithLatency(0, 0))
			if err != nil {
				t.Fatal(err)
			}
			defer secondary.Close()

			server := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
			u, _ := url.Parse(upstream.URL())
			proxy := toxiproxy.NewProxy(server, "kakao", "127.0.0.1:0", u.Host)
			if err := proxy.Start(); err != nil {
				t.Fatal(err)
			}
			// Own transports, so that the test can close their idle
			// connections and leave no goroutine behind.
			kt, nt := &http.Transport{}, &http.Transport{}
			defer func() {
				kt.CloseIdleConnections()
				nt.CloseIdleConnections()
				proxy.Toxics.ResetToxics(context.Background())
				proxy.Stop()
			}()

			k, _ := kakao.New("FAKE-KAKAO-KEY-0000", kakao.WithBaseURL("http://"+proxy.Listen), kakao.WithMobilityBaseURL("http://"+proxy.Listen),
				kakao.WithHTTPClient(&http.Client{Transport: kt}))
			n, _ := naver.New("FAKE-ID", "FAKE-SECRET", naver.WithBaseURL(secondary.URL()), naver.WithHTTPClient(&http.Client{Transport: nt}))
			c, err := fallback.New([]geo.Provider{k, n}, fallback.WithHedge(100*time.Millisecond), fallback.WithAttemptTimeout(500*time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			req := geo.RouteRequest{Origin: orb.Point{127.1112, 37.3948}, Destination: orb.Point{126.9779, 37.5663}}
			if r, err := c.Route(context.Background(), req); err != nil || r.Provider != "kakao" {
				t.Fatalf("before the fault: %v, %v", r, err)
			}
			if _, err := proxy.Toxics.AddToxicJson(strings.NewReader(tc.toxic)); err != nil {
				t.Fatal(err)
			}
			var last string
			for i := 0; i < 12; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				r, err := c.Route(ctx, req)
				cancel()
				if err != nil {
					t.Fatalf("request %d failed under %s: %v", i, tc.name, err)
				}
				last = r.Provider
			}
			if last != "naver" {
				t.Errorf("last answer from %s, want naver", last)
			}
		})
	}
}
