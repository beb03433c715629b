package tmap

import (
	"encoding/json"
	"testing"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/cells"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

// Every answer must become a value or a typed error, never a panic.
func FuzzClassify(f *testing.F) {
	f.Add(403, `{"error":{"id":"403","category":"gw","code":"INVALID_API_KEY","message":"Forbidden"}}`)
	f.Add(429, `{"error":{"code":"QUOTA_EXCEEDED"}}`)
	f.Add(400, `{"error":{"code":3102}}`)
	f.Add(400, `{"meta":{"status":"NoSegment"}}`)
	f.Add(200, `<html>`)
	f.Add(204, ``)
	f.Fuzz(func(t *testing.T, status int, body string) {
		err := classify(geo.OpRoute, &httpx.Response{StatusCode: status, Body: []byte(body)})
		if err != nil && geo.KindOf(err) == nil {
			t.Fatalf("untyped %v", err)
		}
	})
}

// FuzzDecoders feeds any body to every decoder and its conversion.
func FuzzDecoders(f *testing.F) {
	for _, s := range []string{roadJSON, jibunJSON, loggedRoadJSON, poiJSON, reverseJSON, routeJSON,
		`{"matrixRoutes":[{"status":"Ok","originIndex":0,"destinationIndex":1,"distance":"1","duration":2}]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		b := []byte(body)
		var fa fullAddrGeo
		if json.Unmarshal(b, &fa) == nil {
			for _, p := range fa.places() {
				if geo.ValidatePoint("p", p.Point) != nil {
					t.Fatalf("invalid point %v", p.Point)
				}
			}
		}
		var ps poiSearch
		if json.Unmarshal(b, &ps) == nil {
			for _, p := range ps.SearchPoiInfo.Pois.Poi {
				_ = p.address()
			}
		}
		var rg reverseGeo
		if json.Unmarshal(b, &rg) == nil {
			_ = rg.places(geo.ReverseRequest{})
		}
		var rr routeResp
		if json.Unmarshal(b, &rr) == nil {
			if _, err := rr.route(1); err != nil && geo.KindOf(err) == nil {
				t.Fatalf("untyped %v", err)
			}
		}
		var mr matrixResp
		if json.Unmarshal(b, &mr) == nil {
			m := cells.New(2, 2)
			mr.fill(tile{0, 2, 0, 2}, m)
			for _, row := range m.Cells {
				for _, c := range row {
					if c.Err != nil && geo.KindOf(c.Err) == nil {
						t.Fatalf("untyped cell %v", c.Err)
					}
				}
			}
		}
	})
}
