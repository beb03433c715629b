package osm_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// A self-hosted OSRM serves South Korea only; these points are off its map.
var (
	seoul   = orb.Point{126.9779692, 37.5662952}
	busan   = orb.Point{129.0750223, 35.1798160}
	fukuoka = orb.Point{130.4017, 33.5904}
	sea     = orb.Point{125.0, 35.5} // the Yellow Sea
)

// osrmSim starts the OSRM simulator and a client on it.
func osrmSim(t *testing.T) *osm.Client {
	t.Helper()
	srv, err := sim.NewOSRM(sim.WithLatency(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := osm.New(osm.WithUserAgent("mapswitch-test/1.0 (tests@example.invalid)"), osm.WithOSRMURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOutsideRegionRouteNotFound(t *testing.T) {
	c := osrmSim(t)
	rt, err := c.Route(context.Background(), geo.RouteRequest{Origin: seoul, Destination: busan})
	if err != nil {
		t.Fatal(err)
	}
	if rt.OriginSnapMeters <= 0 || rt.OriginSnapMeters > 10 || rt.DestinationSnapMeters <= 0 || rt.DestinationSnapMeters > 10 {
		t.Errorf("inside Korea: snaps %.1f m, %.1f m; want a few metres", rt.OriginSnapMeters, rt.DestinationSnapMeters)
	}
	for _, req := range []geo.RouteRequest{{Origin: seoul, Destination: fukuoka}, {Origin: sea, Destination: busan}} {
		_, err := c.Route(context.Background(), req)
		var pe *geo.ProviderError
		if !errors.Is(err, geo.ErrNotFound) || !errors.As(err, &pe) || !strings.Contains(pe.Message, "from the nearest road the server knows") {
			t.Errorf("%v → %v: %v, want not found", req.Origin, req.Destination, err)
		}
	}
}

func TestOutsideRegionTableRow(t *testing.T) {
	c := osrmSim(t)
	req := geo.MatrixRequest{Origins: []orb.Point{seoul, sea, busan}, Destinations: []orb.Point{busan, seoul}}
	m, err := c.Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range m.Cells {
		for j, cell := range row {
			if i == 1 {
				if !errors.Is(cell.Err, geo.ErrNotFound) || !strings.Contains(cell.Err.Error(), "Origins[1]") {
					t.Errorf("[%d][%d] far source: %+v", i, j, cell)
				}
			} else if cell.Err != nil || cell.Provider != "osm" {
				t.Errorf("[%d][%d] = %+v", i, j, cell)
			}
		}
	}
}

// TestOutsideRegionFailsOver: the failover client takes the OSRM server's
// "not found" for a point off its map and asks the next provider.
func TestOutsideRegionFailsOver(t *testing.T) {
	next := geotest.NewFake("next")
	fc, err := fallback.New([]geo.Provider{osrmSim(t), next})
	if err != nil {
		t.Fatal(err)
	}
	rt, err := fc.Route(context.Background(), geo.RouteRequest{Origin: seoul, Destination: fukuoka})
	if err != nil {
		t.Fatal(err)
	}
	if rt.Provider != "next" || next.Calls(geo.OpRoute) != 1 {
		t.Errorf("answered by %q after %d calls to the next provider", rt.Provider, next.Calls(geo.OpRoute))
	}
	rt, err = fc.Route(context.Background(), geo.RouteRequest{Origin: seoul, Destination: busan})
	if err != nil || rt.Provider != "osm" {
		t.Errorf("inside Korea: %+v, %v; want osm's answer", rt, err)
	}
}

// TestOutsideRegionTableRowFailsOver: through the failover client, the row
// of a far-away source is asked of the next provider; the rest stays OSM's.
func TestOutsideRegionTableRowFailsOver(t *testing.T) {
	c := osrmSim(t)
	next := geotest.NewFake("next")
	fc, err := fallback.New([]geo.Provider{c, next})
	if err != nil {
		t.Fatal(err)
	}
	defer fc.Close()
	m, err := fc.Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{seoul, fukuoka}, Destinations: []orb.Point{busan, seoul}})
	if err != nil {
		t.Fatal(err)
	}
	for j, cell := range m.Cells[0] {
		if cell.Err != nil || cell.Provider != "osm" {
			t.Errorf("Seoul row, cell %d: %+v, want OSM's answer", j, cell)
		}
	}
	for j, cell := range m.Cells[1] {
		if cell.Err != nil || cell.Provider != "next" {
			t.Errorf("Fukuoka row, cell %d: %+v, want the next provider's answer", j, cell)
		}
	}
}
