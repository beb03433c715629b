package naver

import (
	"encoding/json"
	"testing"

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
	f.Fuzz(func(t *testing.T, body string) {
		var g geocodeResp
		_ = json.Unmarshal([]byte(body), &g)
		var r reverseResp
		_ = json.Unmarshal([]byte(body), &r)
		var d directionsResp
		_ = json.Unmarshal([]byte(body), &d)
	})
}
