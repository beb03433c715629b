package tmap_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
	"github.com/mapswitch/mapswitch/providers/tmap"
)

// TestOnlyTMAPHealthy: in the chain kakao → naver → tmap → osm, with every
// other provider's server gone, TMAP answers every operation.
func TestOnlyTMAPHealthy(t *testing.T) {
	fast := sim.WithLatency(0, 0)
	start := func(f func(...sim.Option) (*sim.Server, error), down bool) *sim.Server {
		t.Helper()
		s, err := f(fast)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if down {
			if err := s.SetFault(sim.Fault{Kind: sim.Down}); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}
	ks, ns, nom, osrm := start(sim.NewKakao, true), start(sim.NewNaver, true), start(sim.NewNominatim, true), start(sim.NewOSRM, true)
	ts := start(sim.NewTMAP, false)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 2 * time.Second}
	k, _ := kakao.New("FAKE-KAKAO-KEY-0000", kakao.WithBaseURL(ks.URL()), kakao.WithMobilityBaseURL(ks.URL()), kakao.WithHTTPClient(hc))
	n, _ := naver.New("FAKE-NAVER-ID", "FAKE-NAVER-SECRET", naver.WithBaseURL(ns.URL()), naver.WithHTTPClient(hc))
	tm, err := tmap.New("FAKE-TMAP-APPKEY-0000", tmap.WithBaseURL(ts.URL()), tmap.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	o, _ := osm.New(osm.WithUserAgent("mapswitch-tmap-test/1.0"), osm.WithNominatimURL(nom.URL()), osm.WithOSRMURL(osrm.URL()), osm.WithHTTPClient(hc))
	c, err := fallback.New([]geo.Provider{k, n, tm, o})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	cityHall, pangyo := orb.Point{126.9779692, 37.5662952}, orb.Point{127.1112, 37.3948}
	for i := 0; i < 3; i++ { // again once the dead providers' breakers have opened
		places, err := c.Geocode(ctx, geo.GeocodeRequest{Query: "서울 중구 세종대로 110"})
		if err != nil || places[0].Provider != "tmap" {
			t.Fatalf("geocode: %v, %v", places, err)
		}
		places, err = c.Geocode(ctx, geo.GeocodeRequest{Query: "판교역"})
		if err != nil || places[0].Provider != "tmap" {
			t.Fatalf("geocode a place name: %v, %v", places, err)
		}
		places, err = c.ReverseGeocode(ctx, geo.ReverseRequest{Point: cityHall})
		if err != nil || places[0].Provider != "tmap" || places[0].Address.Road != "서울특별시 중구 세종대로 110" {
			t.Fatalf("reverse: %v, %v", places, err)
		}
		r, err := c.Route(ctx, geo.RouteRequest{Origin: pangyo, Destination: cityHall, Waypoints: []orb.Point{{127.05, 37.48}}})
		if err != nil || r.Provider != "tmap" || len(r.Legs) != 2 {
			t.Fatalf("route: %+v, %v", r, err)
		}
		m, err := c.Matrix(ctx, geo.MatrixRequest{Origins: []orb.Point{pangyo, cityHall}, Destinations: []orb.Point{cityHall, pangyo}})
		if err != nil {
			t.Fatalf("matrix: %v", err)
		}
		for _, row := range m.Cells {
			for _, cell := range row {
				if cell.Err != nil || cell.Provider != "tmap" {
					t.Fatalf("matrix cell %+v", cell)
				}
			}
		}
	}
}
