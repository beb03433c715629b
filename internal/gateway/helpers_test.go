package gateway_test

import (
	"encoding/json"
	"net/url"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
