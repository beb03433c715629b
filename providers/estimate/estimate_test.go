package estimate

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

var (
	cityHall = orb.Point{126.9779, 37.5663}
	gangnam  = orb.Point{127.0276, 37.4979}
)

func TestRouteScalesGeodesic(t *testing.T) {
	c, err := New(WithDetourFactor(1.5), WithSpeed(36))
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Route(context.Background(), geo.RouteRequest{Origin: cityHall, Destination: gangnam})
	if err != nil {
		t.Fatal(err)
	}
	want := geo.Geodesic(cityHall, gangnam) * 1.5
	if math.Abs(r.DistanceMeters-want) > 1e-6 || !r.Estimated || r.Provider != "estimate" {
		t.Errorf("route %+v, want %.1f m", r, want)
	}
	if got := r.Duration.Seconds(); math.Abs(got-want/10) > 1e-3 { // 36 km/h = 10 m/s
		t.Errorf("duration %v s, want %v", got, want/10)
	}
}

func TestOptionsValidated(t *testing.T) {
	for _, o := range []Option{WithDetourFactor(0.5), WithDetourFactor(math.NaN()), WithSpeed(0), WithSpeed(1000)} {
		if _, err := New(o); err == nil {
			t.Error("bad option accepted")
		}
	}
}

func TestConformance(t *testing.T) {
	c, _ := New()
	geotest.TestRouter(t, c, []geotest.RouteCase{{Name: "seoul", Req: geo.RouteRequest{Origin: cityHall, Destination: gangnam}, MinMeters: 10000, MaxMeters: 15000}})
	geotest.TestMatrixer(t, c, []geotest.MatrixCase{{Name: "2x2", Req: geo.MatrixRequest{Origins: []orb.Point{cityHall, gangnam}, Destinations: []orb.Point{gangnam, cityHall}}}})
}

func Example() {
	c, _ := New()
	r, _ := c.Route(context.Background(), geo.RouteRequest{Origin: cityHall, Destination: gangnam})
	fmt.Printf("%.1f km, %v, estimated=%v\n", r.DistanceMeters/1000, r.Duration.Round(time.Minute), r.Estimated)
	// Output: 11.4 km, 27m0s, estimated=true
}
