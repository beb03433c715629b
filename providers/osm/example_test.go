package osm_test

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// The client against local Nominatim and OSRM simulators, as it would be
// pointed at self-hosted servers in production.
func Example() {
	nom, _ := sim.NewNominatim(sim.WithLatency(0, 0))
	defer nom.Close()
	osrm, _ := sim.NewOSRM(sim.WithLatency(0, 0))
	defer osrm.Close()
	c, err := osm.New(osm.WithUserAgent("acme-dispatch/2.1 (ops@acme.example)"),
		osm.WithNominatimURL(nom.URL()), osm.WithOSRMURL(osrm.URL()))
	if err != nil {
		panic(err)
	}
	m, err := c.Matrix(context.Background(), geo.MatrixRequest{
		Origins:      []orb.Point{{126.9779692, 37.5662952}},
		Destinations: []orb.Point{{127.0276, 37.4979}, {127.1112, 37.3948}},
	})
	if err != nil {
		panic(err)
	}
	for _, cell := range m.Cells[0] {
		fmt.Printf("%.1f km by %s\n", cell.DistanceMeters/1000, cell.Provider)
	}
	// Output:
	// 11.4 km by osm
	// 29.1 km by osm
}
