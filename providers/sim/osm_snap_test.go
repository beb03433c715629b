package sim

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/paulmach/orb"
)

// Points off the simulated OSRM's map, and how far at least each is from
// its roads.
var offMap = []struct {
	name string
	p    orb.Point
	min  float64 // metres
}{
	{"Yellow Sea", orb.Point{125.0, 35.5}, 50e3},
	{"Pyongyang", orb.Point{125.7625, 39.0392}, 80e3},
	{"Kaesong", orb.Point{126.5544, 37.9708}, 5e3},
	{"Fukuoka", orb.Point{130.4017, 33.5904}, 100e3},
	{"Tsushima", orb.Point{129.2874, 34.4166}, 20e3},
	{"New York", orb.Point{-74.006, 40.7128}, 9000e3},
}

func TestOSRMSnapRegion(t *testing.T) {
	for _, p := range Gazetteer() {
		q, d, inside := osrmSnap(p.Point)
		if !inside || d < 1 || d > 10 || q == p.Point {
			t.Errorf("%s %v: snapped to %v, %.1f m, inside %v; want a few metres inside", p.Name, p.Point, q, d, inside)
		}
	}
	for _, tc := range offMap {
		q, d, inside := osrmSnap(tc.p)
		if inside || d < tc.min {
			t.Errorf("%s: snapped %.0f m to %v, inside %v; want at least %.0f m outside", tc.name, d, q, inside, tc.min)
		}
		if _, d2, in2 := osrmSnap(q); !in2 && d2 > 1 {
			t.Errorf("%s: snap point %v is %.0f m off the region", tc.name, q, d2)
		}
	}
}

func TestOSRMReportsSnapDistances(t *testing.T) {
	s, err := NewOSRM(WithLatency(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	get := func(path string, v any) {
		t.Helper()
		resp, err := http.Get(s.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: HTTP %d", path, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	type wp struct {
		Distance float64   `json:"distance"`
		Location []float64 `json:"location"`
	}
	// Seoul City Hall → Fukuoka: 200 Ok, the second point moved far.
	var rt struct {
		Code      string `json:"code"`
		Waypoints []wp   `json:"waypoints"`
		Routes    []struct {
			Distance float64 `json:"distance"`
		} `json:"routes"`
	}
	get("/route/v1/driving/126.977969,37.566295;130.401700,33.590400", &rt)
	if rt.Code != "Ok" || len(rt.Waypoints) != 2 || len(rt.Routes) != 1 {
		t.Fatalf("route answer %+v", rt)
	}
	if d := rt.Waypoints[0].Distance; d < 1 || d > 10 {
		t.Errorf("Seoul moved %.1f m", d)
	}
	if d := rt.Waypoints[1].Distance; d < 100e3 {
		t.Errorf("Fukuoka moved only %.0f m", d)
	}
	// Table: the far source and destination are reported in order.
	var tb struct {
		Code         string      `json:"code"`
		Durations    [][]float64 `json:"durations"`
		Sources      []wp        `json:"sources"`
		Destinations []wp        `json:"destinations"`
	}
	get("/table/v1/driving/126.977969,37.566295;125.0,35.5;129.075022,35.179816?sources=0%3B1&destinations=2%3B1", &tb)
	if tb.Code != "Ok" || len(tb.Sources) != 2 || len(tb.Destinations) != 2 || len(tb.Durations) != 2 {
		t.Fatalf("table answer %+v", tb)
	}
	if tb.Sources[0].Distance > 10 || tb.Sources[1].Distance < 50e3 || tb.Destinations[0].Distance > 10 || tb.Destinations[1].Distance < 50e3 {
		t.Errorf("snap distances: sources %+v destinations %+v", tb.Sources, tb.Destinations)
	}
}
