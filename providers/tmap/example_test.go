package tmap_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/sim"
	"github.com/mapswitch/mapswitch/providers/tmap"
)

// The client against a local TMAP simulator; with a real app key, drop
// WithBaseURL.
func Example() {
	srv, _ := sim.NewTMAP(sim.WithLatency(0, 0))
	defer srv.Close()
	c, err := tmap.New("FAKE-TMAP-APPKEY-0000", tmap.WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	places, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울 중구 세종대로 110"})
	if err != nil {
		panic(err)
	}
	a := places[0].Address
	fmt.Println(a.Road, a.PostalCode, a.Key(), places[0].Provider)
	m, err := c.Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{{127.1112, 37.3948}}, Destinations: []orb.Point{places[0].Point}})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.0f km by %s\n", m.Cells[0][0].DistanceMeters/1000, m.Cells[0][0].Provider)
	// Output:
	// 서울특별시 중구 세종대로 110 04524 R:서울특별시중구세종대로110 tmap
	// 29 km by tmap
}
