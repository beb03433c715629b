package osm

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

// nominatimError classifies a Nominatim answer; nil for a 2xx JSON body.
// Empty answers are left to the caller (they are 200s).
func nominatimError(op geo.Op, r *httpx.Response) error {
	if r.StatusCode == http.StatusOK {
		if !looksJSON(r.Body) {
			return &geo.ProviderError{Provider: "osm", Op: op, StatusCode: r.StatusCode, Kind: geo.ErrUnavailable,
				Message: "non-JSON body: " + httpx.Snippet(r.Body)}
		}
		return nil
	}
	e := &geo.ProviderError{Provider: "osm", Op: op, StatusCode: r.StatusCode, Kind: httpx.KindForStatus(r.StatusCode)}
	if e.Kind == nil {
		e.Kind = geo.ErrUnavailable // a 2xx other than 200: not what Nominatim sends
	}
	var env nominatimEnvelope
	if json.Unmarshal(r.Body, &env) == nil && env.Error.Message != "" {
		e.Message = env.Error.Message
	} else {
		e.Message = httpx.Snippet(r.Body)
	}
	switch r.StatusCode {
	case http.StatusForbidden:
		// "Access blocked": a policy block of this application, not a
		// caller error; it lifts after hours.
		e.Kind = geo.ErrUnauthorized
	case http.StatusTooManyRequests:
		e.RetryAfter = httpx.RetryAfter(r.Header, time.Now())
	case http.StatusNotFound:
		// Search on a reverse-only install: this server cannot do it.
		e.Kind = geo.ErrUnsupported
	}
	return e
}

// osrmError classifies an OSRM answer by HTTP status and body code; nil for
// code "Ok".
func osrmError(op geo.Op, r *httpx.Response) error {
	var body struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	if !looksJSON(r.Body) || json.Unmarshal(r.Body, &body) != nil {
		kind := httpx.KindForStatus(r.StatusCode)
		if kind == nil || kind == geo.ErrInvalidRequest || kind == geo.ErrNotFound {
			kind = geo.ErrUnavailable // HTML from a proxy, truncated JSON
		}
		return &geo.ProviderError{Provider: "osm", Op: op, StatusCode: r.StatusCode, Kind: kind,
			Message: "unexpected body: " + httpx.Snippet(r.Body)}
	}
	if r.StatusCode == http.StatusOK && body.Code == "Ok" {
		return nil
	}
	e := &geo.ProviderError{Provider: "osm", Op: op, StatusCode: r.StatusCode, Code: body.Code, Message: body.Message}
	switch body.Code {
	case "NoRoute", "NoSegment", "NoTable", "NoMatch", "NoTrips":
		e.Kind = geo.ErrNotFound
	case "InvalidUrl", "InvalidQuery", "InvalidValue", "InvalidOptions":
		e.Kind = geo.ErrInvalidRequest
	case "InvalidService", "InvalidVersion", "NotImplemented", "DisabledDataset", "InvalidMethod", "InvalidContentType":
		// The server cannot do this at all: not the caller's fault.
		e.Kind = geo.ErrUnsupported
	case "TooBig":
		e.Kind = geo.ErrInvalidRequest
	default:
		e.Kind = httpx.KindForStatus(r.StatusCode)
		if e.Kind == nil || e.Kind == geo.ErrNotFound {
			e.Kind = geo.ErrUnavailable
		}
		if r.StatusCode == http.StatusTooManyRequests {
			e.RetryAfter = httpx.RetryAfter(r.Header, time.Now())
		}
	}
	return e
}

func looksJSON(b []byte) bool {
	s := strings.TrimSpace(string(b))
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")
}
