package osm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

func TestMaxSnapDistanceOption(t *testing.T) {
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(-1)} {
		if _, err := New(WithUserAgent(ua), WithMaxSnapDistance(bad)); err == nil {
			t.Errorf("max snap distance %v accepted", bad)
		}
	}
	c, err := New(WithUserAgent(ua))
	if err != nil || c.maxSnap != DefaultMaxSnapDistance {
		t.Errorf("default: %v, %v", c.maxSnap, err)
	}
	if c, err := New(WithUserAgent(ua), WithMaxSnapDistance(math.Inf(1))); err != nil || !math.IsInf(c.maxSnap, 1) {
		t.Errorf("Inf (off): %v", err)
	}
}

// TestRouteSnapDistances: each waypoint's reported snap distance is
// checked; a far one makes the route geo.ErrNotFound naming the point.
func TestRouteSnapDistances(t *testing.T) {
	line := geo.EncodePolyline(orb.LineString{cityHall, busan}, 6)
	for _, tc := range []struct {
		name      string
		waypoints string // JSON array
		opts      []Option
		wantMsg   string // "" = answered
		from, to  float64
	}{
		{"close", `[{"distance":3.2},{"distance":4.5},{"distance":0.4}]`, nil, "", 3.2, 0.4},
		{"far destination", `[{"distance":3.2},{"distance":4.5},{"distance":10432123.4}]`, nil,
			"destination is 10432 km from the nearest road the server knows", 0, 0},
		{"far origin", `[{"distance":501},{"distance":4.5},{"distance":1}]`, nil,
			"origin is 501 m from the nearest road the server knows", 0, 0},
		{"far waypoint", `[{"distance":1},{"distance":750},{"distance":1}]`, nil,
			"waypoint 1 of 1 is 750 m from", 0, 0},
		{"raised limit", `[{"distance":1},{"distance":750},{"distance":2}]`, []Option{WithMaxSnapDistance(1000)}, "", 1, 2},
		{"old server", `[{"name":"a"},{"name":"b"},{"name":"c"}]`, nil, "", 0, 0},
		{"no waypoints", `[]`, nil, "", 0, 0},
		{"miscounted", `[{"distance":1},{"distance":20000}]`, nil, "point 1 is 20 km", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprintf(w, `{"code":"Ok","routes":[{"geometry":%q,"legs":[{"distance":1,"duration":1},{"distance":1,"duration":1}],"distance":2,"duration":2}],"waypoints":%s}`,
					line, tc.waypoints)
			})
			rt, err := client(t, s, tc.opts...).Route(context.Background(), geo.RouteRequest{Origin: cityHall, Destination: busan,
				Waypoints: []orb.Point{{127.5, 36.5}}})
			if tc.wantMsg == "" {
				if err != nil {
					t.Fatal(err)
				}
				if rt.OriginSnapMeters != tc.from || rt.DestinationSnapMeters != tc.to {
					t.Errorf("snaps %v, %v; want %v, %v", rt.OriginSnapMeters, rt.DestinationSnapMeters, tc.from, tc.to)
				}
				return
			}
			var pe *geo.ProviderError
			if !errors.Is(err, geo.ErrNotFound) || !errors.As(err, &pe) || pe.Provider != "osm" || pe.Final ||
				!strings.Contains(pe.Message, tc.wantMsg) {
				t.Errorf("error %v, want not found containing %q", err, tc.wantMsg)
			}
		})
	}
}
