package gateway_test

import (
	"encoding/json"
	"net/url"
	"testing"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func mustUnmarshal(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}
