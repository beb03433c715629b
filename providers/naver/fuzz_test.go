package naver

import (
	"encoding/json"
	"testing"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

func FuzzClassify(f *testing.F) {
	f.Add(429, `{"error":{"errorCode":"400","message":"Quota Exceeded"}}`, true)
	f.Add(200, `<html>`, false)
	f.Fuzz(func(t *testing.T, status int, body string, answered bool) {
		if err := classify(geo.OpRoute, &httpx.Response{StatusCode: status, Body: []byte(body)}, answered); err != nil && geo.KindOf(err) == nil {
			t.Fatalf("untyped %v", err)
		}
	})
}

func FuzzDecoders(f *testing.F) {
	f.Add(geocodeJSON)
	f.Add(reverseJSON)
	f.Add(directionsJSON)
	f.Add(`{"code":0,"route":{"traoptimal":[{"summary":{"waypoints":[{}]},"path":[[1],[200,100]]}]}}`)
	f.Fuzz(func(t *testing.T, body string) {
		typed := func(err error) {
			if err != nil && geo.KindOf(err) == nil {
				t.Fatalf("untyped error %v", err)
			}
		}
		var g geocodeResp
		if json.Unmarshal([]byte(body), &g) == nil {
			_, err := g.places(3)
			typed(err)
		}
		var r reverseResp
		if json.Unmarshal([]byte(body), &r) == nil {
			_, err := r.place(orb.Point{127, 37.5})
			typed(err)
		}
		var d directionsResp
		if json.Unmarshal([]byte(body), &d) == nil {
			_, err := d.route(geo.OpRoute, "traoptimal", 1)
			typed(err)
		}
	})
}
