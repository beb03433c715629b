package fallback_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

func Example() {
	kakao := geotest.NewFake("kakao")
	naver := geotest.NewFake("naver")
	kakao.SetDefault(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable}) // the data centre is on fire

	c, err := fallback.New([]geo.Provider{kakao, naver},
		fallback.OnFailover(func(f fallback.Failover) { fmt.Println("failover:", f.From, "→", f.To) }))
	if err != nil {
		panic(err)
	}
	r, err := c.Route(context.Background(), geo.RouteRequest{
		Origin:      orb.Point{127.1112, 37.3948}, // Pangyo
		Destination: orb.Point{126.9779, 37.5663}, // Seoul City Hall
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("answered by", r.Provider)
	// Output:
	// failover: kakao → naver
	// answered by naver
}
