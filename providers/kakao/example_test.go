package kakao_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// The client against a local Kakao simulator; with a real key, drop the
// base-URL options.
func Example() {
	srv, _ := sim.NewKakao(sim.WithLatency(0, 0))
	defer srv.Close()
	c, err := kakao.New("FAKE-KAKAO-KEY-0000", kakao.WithBaseURL(srv.URL()), kakao.WithMobilityBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	places, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울특별시 중구 세종대로 110"})
	if err != nil {
		panic(err)
	}
	fmt.Println(places[0].Address.Road, places[0].Address.PostalCode, places[0].Provider)

	r, err := c.Route(context.Background(), geo.RouteRequest{Origin: orb.Point{127.1112, 37.3948}, Destination: places[0].Point})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.0f km by %s\n", r.DistanceMeters/1000, r.Provider)
	// Output:
	// 서울특별시 중구 세종대로 110 04524 kakao
	// 29 km by kakao
}
