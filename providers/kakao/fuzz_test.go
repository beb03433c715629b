package kakao

import (
	"encoding/json"
	"testing"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

// Every body must become a value or a typed error, never a panic.

func FuzzClassify(f *testing.F) {
	f.Add(400, `{"code":-10,"msg":"x"}`, true)
	f.Add(429, `{"errorType":"RequestThrottled","message":"x"}`, false)
	f.Add(200, `<html>`, false)
	f.Fuzz(func(t *testing.T, status int, body string, mobility bool) {
		err := classify(geo.OpGeocode, &httpx.Response{StatusCode: status, Body: []byte(body)}, mobility)
		if err != nil && geo.KindOf(err) == nil {
			t.Fatalf("untyped %v", err)
		}
	})
}

func FuzzDecoders(f *testing.F) {
	for _, s := range []string{addressJSON, regionOnlyJSON, keywordJSON, coord2addressJSON, regionJSON, directionsJSON} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var as addressSearch
		if json.Unmarshal([]byte(body), &as) == nil {
			for _, d := range as.Documents {
				_ = toAddress(d.Address, d.RoadAddress)
			}
		}
		var d directions
		if json.Unmarshal([]byte(body), &d) == nil {
			if _, err := d.route(geo.OpRoute); err != nil && geo.KindOf(err) == nil {
				t.Fatalf("untyped %v", err)
			}
		}
	})
}
