package naver_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// The client against a local NAVER simulator; with real credentials, drop
// WithBaseURL (or pass naver.LegacyBaseURL for keys of the older console).
func Example() {
	srv, _ := sim.NewNaver(sim.WithLatency(0, 0))
	defer srv.Close()
	c, err := naver.New("FAKE-NAVER-ID", "FAKE-NAVER-SECRET", naver.WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	places, err := c.ReverseGeocode(context.Background(), geo.ReverseRequest{Point: orb.Point{127.1054, 37.3596}})
	if err != nil {
		panic(err)
	}
	fmt.Println(places[0].Address.Road, places[0].Address.LegalCode)
	// Output: 경기도 성남시 분당구 불정로 6 4113510300
}
