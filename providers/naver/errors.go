package naver

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

// gatewayError is the API gateway's error body; errorCode is a string.
type gatewayError struct {
	Error struct {
		ErrorCode string `json:"errorCode"`
		Message   string `json:"message"`
	} `json:"error"`
}

// classify returns nil for a 200 JSON answer, otherwise a *geo.ProviderError
// following the gateway table. answeredBefore tells a spent quota from an
// API that was never enabled for the key, which NAVER reports identically.
func classify(op geo.Op, r *httpx.Response, answeredBefore bool) error {
	body := strings.TrimSpace(string(r.Body))
	isJSON := strings.HasPrefix(body, "{")
	if r.StatusCode == http.StatusOK && isJSON {
		return nil
	}
	e := &geo.ProviderError{Provider: "naver", Op: op, StatusCode: r.StatusCode}
	var g gatewayError
	if isJSON && json.Unmarshal(r.Body, &g) == nil && g.Error.ErrorCode != "" {
		e.Code, e.Message = g.Error.ErrorCode, g.Error.Message
	} else {
		e.Message = "unexpected body: " + httpx.Snippet(r.Body)
	}
	now := time.Now()
	switch e.Code {
	case "100":
		e.Kind = geo.ErrInvalidRequest
	case "200", "210":
		e.Kind = geo.ErrUnauthorized
	case "300":
		e.Kind = geo.ErrUnsupported // no such API path on this host
	case "400":
		if !answeredBefore {
			// Never answered this client: most likely the API is not
			// enabled for the application, which NAVER also reports as
			// "Quota Exceeded". Waiting for a reset would not help.
			e.Kind = geo.ErrUnauthorized
			e.Message += " (this API never answered this key: is it enabled for the application in the console?)"
		} else {
			// Monthly free quota or a console usage limit; the reset
			// instant is not published, so re-check at the next KST
			// midnight.
			e.Kind, e.ResetAt = geo.ErrQuotaExceeded, geo.NextMidnightKST(now)
		}
	case "410", "420":
		e.Kind, e.RetryAfter = geo.ErrRateLimited, httpx.RetryAfter(r.Header, now)
	case "430":
		e.Kind = geo.ErrInvalidRequest
	case "500", "510", "900":
		e.Kind = geo.ErrUnavailable
	default:
		e.Kind = httpx.KindForStatus(r.StatusCode)
		if e.Kind == nil || e.Kind == geo.ErrNotFound || (!isJSON && e.Kind == geo.ErrInvalidRequest) {
			e.Kind = geo.ErrUnavailable
		}
		if e.Kind == geo.ErrRateLimited {
			e.RetryAfter = httpx.RetryAfter(r.Header, now)
		}
	}
	return e
}

// routeError maps a Directions body code ≠ 0.
func routeError(op geo.Op, code int, msg string) error {
	e := &geo.ProviderError{Provider: "naver", Op: op, StatusCode: http.StatusOK, Code: itoa(code), Message: msg, Kind: geo.ErrNotFound}
	switch code {
	case 1:
		e.Final = true // start and goal are the same point
	case 5:
		e.Kind = geo.ErrInvalidRequest // over 1,500 km in straight-line sum
	case 2, 3, 4:
	default:
		e.Kind = geo.ErrUnavailable
	}
	return e
}
