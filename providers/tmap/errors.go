package tmap

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

// errorBody is the gateway's and the TMAP services' error body:
// {"error":{"id":"403","category":"gw","code":"INVALID_API_KEY","message":…}}.
// code is a string ("1007", "QUOTA_EXCEEDED"); a number is taken too.
// The matrix service may answer with its meta block instead.
type errorBody struct {
	Error *struct {
		ID       json.RawMessage `json:"id"`
		Category string          `json:"category"`
		Code     json.RawMessage `json:"code"`
		Message  string          `json:"message"`
	} `json:"error"`
	Meta *struct {
		Status  string `json:"status"`
		Message string `json:"message"`
	} `json:"meta"`
}

// rawString returns a JSON string's value or a number's text.
func rawString(r json.RawMessage) string {
	var s string
	if json.Unmarshal(r, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(r))
}

// classify returns nil for a 2xx JSON answer or a 204 (no hits), otherwise
// a *geo.ProviderError following the table in the package documentation.
func classify(op geo.Op, r *httpx.Response) error {
	body := strings.TrimSpace(string(r.Body))
	isJSON := strings.HasPrefix(body, "{")
	switch {
	case r.StatusCode == http.StatusNoContent:
		return nil
	case r.StatusCode >= 200 && r.StatusCode < 300 && isJSON:
		return nil
	}
	e := &geo.ProviderError{Provider: "tmap", Op: op, StatusCode: r.StatusCode}
	var eb errorBody
	switch {
	case isJSON && json.Unmarshal(r.Body, &eb) == nil && eb.Error != nil:
		e.Code, e.Message = rawString(eb.Error.Code), eb.Error.Message
	case isJSON && eb.Meta != nil:
		e.Code, e.Message = eb.Meta.Status, eb.Meta.Message
	default:
		e.Message = "unexpected body: " + httpx.Snippet(r.Body)
	}
	now := time.Now()
	switch {
	case e.Code == "QUOTA_EXCEEDED":
		// The plan's daily call quota for this product; it renews at
		// midnight Korean time.
		e.Kind, e.ResetAt = geo.ErrQuotaExceeded, geo.NextMidnightKST(now)
		e.RetryAfter = httpx.RetryAfter(r.Header, now)
	case r.StatusCode == http.StatusTooManyRequests:
		// THROTTLED (the per-second class) or a body we do not know:
		// a burst limit, over in seconds.
		e.Kind, e.RetryAfter = geo.ErrRateLimited, httpx.RetryAfter(r.Header, now)
	case e.Code == "INVALID_API_KEY", e.Code == "ACCESS_DENIED",
		r.StatusCode == http.StatusUnauthorized, r.StatusCode == http.StatusForbidden:
		e.Kind = geo.ErrUnauthorized
	case e.Code == "1007":
		// Start and end too close to route: nobody will route it.
		e.Kind, e.Final = geo.ErrNotFound, true
	case e.Code == "3102", e.Code == "NoServiceArea", e.Code == "NoSegment", e.Code == "ZeroResults", e.Code == "NoRoute":
		// Off the road network or outside the service area: another
		// provider's map may cover it.
		e.Kind = geo.ErrNotFound
	case r.StatusCode >= 500, e.Code == "Failure":
		e.Kind = geo.ErrUnavailable
	case r.StatusCode >= 400 && isJSON && e.Code != "":
		// 9401 missing parameter, 1100 bad value, BadRequest and the rest.
		e.Kind = geo.ErrInvalidRequest
	default:
		// HTML from a proxy, an unknown body, an error body on a 2xx.
		e.Kind = geo.ErrUnavailable
	}
	return e
}
