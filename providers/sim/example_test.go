package sim_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// Testing your own failover settings: real provider clients pointed at the
// simulators, then a fault.
func Example() {
	ks, _ := sim.NewKakao(sim.WithLatency(0, 0))
	defer ks.Close()
	ns, _ := sim.NewNaver(sim.WithLatency(0, 0))
	defer ns.Close()
	k, _ := kakao.New("FAKE-KAKAO-KEY", kakao.WithBaseURL(ks.URL()), kakao.WithMobilityBaseURL(ks.URL()))
	n, _ := naver.New("FAKE-ID", "FAKE-SECRET", naver.WithBaseURL(ns.URL()))
	c, _ := fallback.New([]geo.Provider{k, n})

	req := geo.RouteRequest{Origin: orb.Point{127.1112, 37.3948}, Destination: orb.Point{126.9779, 37.5663}}
	r, _ := c.Route(context.Background(), req)
	fmt.Println("before:", r.Provider)

	ks.SetFault(sim.Fault{Kind: sim.Quota}) // Kakao's daily quota is spent
	r, _ = c.Route(context.Background(), req)
	fmt.Println("after:", r.Provider)
	for _, s := range c.Status() {
		if s.Provider == "kakao" && s.Op == geo.OpRoute {
			reason, _, _ := strings.Cut(s.OpenReason, ",")
			fmt.Println("kakao route:", s.State, reason)
		}
	}
	// Output:
	// before: kakao
	// after: naver
	// kakao route: open quota exceeded
}
