package gateway_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/gateway"
	"github.com/mapswitch/mapswitch/providers/sim"
)

const gangnamToCityHall = "127.0276,37.4979;126.9779692,37.5662952"

func TestOSRMRoute(t *testing.T) {
	w := newWorld(t, "", nil)
	for _, tc := range []struct {
		query string
		check func(t *testing.T, route map[string]any)
	}{
		{"", func(t *testing.T, r map[string]any) {
			ls, err := geo.DecodePolyline(r["geometry"].(string), 5)
			if err != nil || len(ls) < 2 {
				t.Errorf("polyline geometry: %v %v", err, r["geometry"])
			}
		}},
		{"?geometries=polyline6&overview=full", func(t *testing.T, r map[string]any) {
			ls, err := geo.DecodePolyline(r["geometry"].(string), 6)
			if err != nil || len(ls) < 2 || ls[0][0] < 126 || ls[0][0] > 128 {
				t.Errorf("polyline6 geometry: %v %v", err, ls)
			}
		}},
		{"?geometries=geojson", func(t *testing.T, r map[string]any) {
			if at(r, "geometry", "type") != "LineString" || at(r, "geometry", "coordinates", 0, 0) == nil {
				t.Errorf("geojson geometry %v", r["geometry"])
			}
		}},
		{"?overview=false", func(t *testing.T, r map[string]any) {
			if _, ok := r["geometry"]; ok {
				t.Errorf("overview=false still has a geometry")
			}
		}},
		{"?annotations=duration,distance", func(t *testing.T, r map[string]any) {
			d, _ := at(r, "legs", 0, "annotation", "distance").([]any)
			u, _ := at(r, "legs", 0, "annotation", "duration").([]any)
			if len(d) == 0 || len(d) != len(u) {
				t.Errorf("annotation %v", at(r, "legs", 0, "annotation"))
			}
		}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			v := w.get(t, "/route/v1/driving/"+gangnamToCityHall+tc.query).want(t, 200).json(t)
			if v["code"] != "Ok" || !strings.Contains(fmt.Sprint(v["attribution"]), "Kakao") || len(v["waypoints"].([]any)) != 2 {
				t.Fatalf("answer %s", mustJSON(v))
			}
			r := at(v, "routes", 0).(map[string]any)
			if r["distance"].(float64) < 5000 || r["duration"].(float64) <= 0 || len(r["legs"].([]any)) != 1 {
				t.Errorf("route %s", mustJSON(r))
			}
			tc.check(t, r)
		})
	}
	// Through a waypoint: two legs, each with its own annotation.
	v := w.get(t, "/route/v1/driving/127.0276,37.4979;127.0,37.52;126.9779692,37.5662952.json?annotations=true").want(t, 200).json(t)
	if len(at(v, "routes", 0, "legs").([]any)) != 2 || at(v, "routes", 0, "legs", 1, "annotation", "distance") == nil {
		t.Errorf("two-leg route %s", mustJSON(v))
	}
	// OSRM's own coordinates encoding.
	poly := geo.EncodePolyline(orb.LineString{{127.0276, 37.4979}, {126.9779692, 37.5662952}}, 5)
	w.get(t, "/route/v1/driving/polyline("+poly+")").want(t, 200)
}

func TestOSRMErrors(t *testing.T) {
	w := newWorld(t, "kakao,osm", func(c *gateway.Config) { c.MaxMatrix = 4 })
	for _, tc := range []struct {
		path   string
		status int
		code   string
	}{
		{"/route/v1/driving/127.0276,37.4979", 400, "InvalidOptions"},
		{"/route/v1/driving/abc;def", 400, "InvalidQuery"},
		{"/route/v1/driving/127,137;127,37", 400, "InvalidValue"},
		{"/route/v1/bicycle/" + gangnamToCityHall, 400, "InvalidService"},
		{"/route/v1/driving/" + gangnamToCityHall + "?geometries=wkt", 400, "InvalidOptions"},
		{"/table/v1/driving/127,37;127.1,37;127.2,37", 400, "TooBig"},
		{"/table/v1/driving/127,37;127.1,37?sources=5", 400, "InvalidOptions"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			v := w.get(t, tc.path).want(t, tc.status).json(t)
			if v["code"] != tc.code || v["message"] == "" {
				t.Errorf("body %s, want code %s", mustJSON(v), tc.code)
			}
		})
	}
	w.kakao.SetFault(sim.Fault{Kind: sim.Down})
	w.osrm.SetFault(sim.Fault{Kind: sim.Errors})
	v := w.get(t, "/route/v1/driving/"+gangnamToCityHall).want(t, 503).json(t)
	if v["code"] != "ProviderError" || len(v["attempts"].([]any)) != 2 {
		t.Errorf("all failed: %s", mustJSON(v))
	}
}

func TestOSRMTable(t *testing.T) {
	w := newWorld(t, "", nil)
	coords := "127.0276,37.4979;126.9779692,37.5662952;126.9706,37.5547"
	v := w.get(t, "/table/v1/driving/"+coords).want(t, 200).json(t)
	durs, _ := v["durations"].([]any)
	if v["code"] != "Ok" || len(durs) != 3 || len(durs[0].([]any)) != 3 || v["distances"] != nil {
		t.Fatalf("table %s", mustJSON(v))
	}
	v = w.get(t, "/table/v1/driving/"+coords+"?sources=0&destinations=1;2&annotations=duration,distance").want(t, 200).json(t)
	if len(v["durations"].([]any)) != 1 || len(at(v, "distances", 0).([]any)) != 2 || len(v["sources"].([]any)) != 1 ||
		len(v["destinations"].([]any)) != 2 || at(v, "providers", 0) != "kakao" {
		t.Errorf("sources/destinations table %s", mustJSON(v))
	}
	if d, _ := at(v, "distances", 0, 0).(float64); d < 5000 {
		t.Errorf("distance %v", d)
	}
}

func TestNominatim(t *testing.T) {
	w := newWorld(t, "", nil)
	q := "/search?q=" + escape("서울특별시 중구 세종대로 110")
	for _, format := range []string{"json", "jsonv2"} {
		t.Run(format, func(t *testing.T) {
			r := w.get(t, q+"&format="+format+"&addressdetails=1&limit=1").want(t, 200)
			var list []map[string]any
			mustUnmarshal(t, r.body, &list)
			if len(list) != 1 {
				t.Fatalf("want one result: %s", r.body)
			}
			p := list[0]
			if !strings.HasPrefix(p["lat"].(string), "37.56") || !strings.HasPrefix(p["lon"].(string), "126.97") {
				t.Errorf("lat/lon %v %v", p["lat"], p["lon"])
			}
			lic := p["licence"].(string)
			if !strings.Contains(lic, "Kakao") || strings.Contains(lic, "OpenStreetMap") {
				t.Errorf("licence %q for Kakao's data", lic)
			}
			if at(p, "address", "city") != "서울특별시" || at(p, "address", "country_code") != "kr" || at(p, "address", "road") == nil {
				t.Errorf("address %v", p["address"])
			}
			key := map[string]string{"json": "class", "jsonv2": "category"}[format]
			if p[key] != "place" {
				t.Errorf("%s = %v", key, p[key])
			}
		})
	}
	t.Run("geojson", func(t *testing.T) {
		v := w.get(t, q+"&format=geojson").want(t, 200).json(t)
		if v["type"] != "FeatureCollection" || at(v, "features", 0, "geometry", "type") != "Point" ||
			!strings.Contains(fmt.Sprint(v["licence"]), "Kakao") {
			t.Errorf("geojson %s", mustJSON(v))
		}
		if at(v, "features", 0, "properties", "address") != nil {
			t.Errorf("search gave an address without addressdetails")
		}
	})
	t.Run("english", func(t *testing.T) {
		r := w.get(t, q+"&format=json&accept-language=en&addressdetails=1").want(t, 200)
		if !strings.Contains(string(r.body), "South Korea") {
			t.Errorf("accept-language=en: %s", r.body)
		}
	})
	t.Run("nothing found", func(t *testing.T) {
		r := w.get(t, "/search?q=nowhere-at-all-zzz&format=json").want(t, 200)
		if strings.TrimSpace(string(r.body)) != "[]" {
			t.Errorf("empty search: %s", r.body)
		}
	})
	t.Run("reverse", func(t *testing.T) {
		v := w.get(t, "/reverse?lat=37.5662952&lon=126.9779692&format=jsonv2").want(t, 200).json(t)
		if at(v, "address", "road") == nil || !strings.Contains(fmt.Sprint(v["licence"]), "Kakao") {
			t.Errorf("reverse %s", mustJSON(v))
		}
		v = w.get(t, "/reverse?lat=0&lon=0&format=json").want(t, 200).json(t)
		if v["error"] != "Unable to geocode" {
			t.Errorf("reverse at sea %s", mustJSON(v))
		}
		v = w.get(t, "/reverse?lat=abc&lon=0&format=json").want(t, 400).json(t)
		if at(v, "error", "code") != float64(400) {
			t.Errorf("bad lat %s", mustJSON(v))
		}
	})
	t.Run("structured", func(t *testing.T) {
		r := w.get(t, "/search?city="+escape("서울특별시 중구")+"&street="+escape("세종대로 110")+"&format=json").want(t, 200)
		if !strings.Contains(string(r.body), "세종대로") {
			t.Errorf("structured search: %s", r.body)
		}
	})
	t.Run("xml refused", func(t *testing.T) {
		w.get(t, q+"&format=xml").want(t, 400)
	})
	t.Run("osm answers with OSM's licence", func(t *testing.T) {
		w.kakao.SetFault(sim.Fault{Kind: sim.Down})
		w.naver.SetFault(sim.Fault{Kind: sim.Down})
		defer w.kakao.SetFault(sim.Fault{})
		defer w.naver.SetFault(sim.Fault{})
		v := w.get(t, "/reverse?lat=37.5662952&lon=126.9779692&format=json").want(t, 200).json(t)
		if v["provider"] != "osm" || !strings.Contains(fmt.Sprint(v["licence"]), "OpenStreetMap") {
			t.Errorf("osm's answer %s", mustJSON(v))
		}
	})
}
