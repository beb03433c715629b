package osm

import (
	"encoding/json"
	"testing"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

// The decoders must turn any body into a value or a typed error, never panic.

func FuzzNominatim(f *testing.F) {
	f.Add(200, searchJSON)
	f.Add(200, searchJSONOld)
	f.Add(200, `{"error":"Unable to geocode"}`)
	f.Add(400, `{"error":{"code":400,"message":"x"}}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		r := &httpx.Response{StatusCode: status, Body: []byte(body)}
		if err := nominatimError(geo.OpGeocode, r); err != nil {
			if geo.KindOf(err) == nil {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		var places []nominatimPlace
		if json.Unmarshal(r.Body, &places) == nil {
			for _, p := range places {
				_, _ = p.place(geo.OpGeocode)
			}
		}
	})
}

func FuzzOSRM(f *testing.F) {
	f.Add(200, `{"code":"Ok","durations":[[1,null]],"distances":[[2,null]]}`)
	f.Add(400, `{"code":"NoRoute"}`)
	f.Add(200, `{"code":"Ok","routes":[{"geometry":"_p~iF~ps|U"}]}`)
	f.Add(200, `{"code":"Ok","routes":[],"waypoints":[{"distance":3.5},{"distance":1e7},{}]}`)
	f.Add(200, `{"code":"Ok","durations":[[1]],"distances":[[2]],"sources":[{"distance":900}],"destinations":[{"distance":null}]}`)
	c := &Client{maxSnap: DefaultMaxSnapDistance}
	f.Fuzz(func(t *testing.T, status int, body string) {
		r := &httpx.Response{StatusCode: status, Body: []byte(body)}
		if err := osrmError(geo.OpRoute, r); err != nil && geo.KindOf(err) == nil {
			t.Fatalf("untyped error %v", err)
		}
		var w osrmRoute
		if json.Unmarshal(r.Body, &w) == nil {
			for _, rt := range w.Routes {
				_, _ = geo.DecodePolyline(rt.Geometry, 6)
			}
			if _, _, err := c.routeSnap(status, w, 1); err != nil && geo.KindOf(err) != geo.ErrNotFound {
				t.Fatalf("snap error of kind %v", geo.KindOf(err))
			}
		}
		var tb osrmTable
		if json.Unmarshal(r.Body, &tb) == nil {
			_ = c.farPoints(status, tb.Sources, len(tb.Durations), "Origins", 0)
			_ = c.farPoints(status, tb.Destinations, 3, "Destinations", 0)
		}
	})
}
