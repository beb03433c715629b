package httpx

import (
	"fmt"
	"net/url"
	"strings"
)

// BaseURL checks that raw is an absolute http(s) URL and returns it without
// a trailing slash, for providers' WithBaseURL options. provider prefixes
// the error ("kakao: base URL …").
func BaseURL(provider, what, raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%s: %s %q is not an http(s) URL", provider, what, raw)
	}
	return strings.TrimRight(raw, "/"), nil
}
