package kakao

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
)

// errorBody covers both Kakao error shapes: Local's {"errorType","message"}
// and the platform's and Mobility's {"code":-N,"msg"}.
type errorBody struct {
	ErrorType string        `json:"errorType"`
	Message   string        `json:"message"`
	Code      *httpx.Number `json:"code"`
	Msg       string        `json:"msg"`
}

// classify returns nil for a 200 JSON answer, otherwise a *geo.ProviderError
// whose kind follows the body first and the status second: Kakao reports a
// spent quota as code -10 on HTTP 400, which by status alone would look
// like the caller's fault.
func classify(op geo.Op, r *httpx.Response, mobility bool) error {
	body := strings.TrimSpace(string(r.Body))
	isJSON := strings.HasPrefix(body, "{")
	if r.StatusCode == http.StatusOK && isJSON {
		return nil
	}
	e := &geo.ProviderError{Provider: "kakao", Op: op, StatusCode: r.StatusCode}
	var eb errorBody
	if !isJSON || json.Unmarshal(r.Body, &eb) != nil {
		e.Kind, e.Message = geo.ErrUnavailable, "unexpected body: "+httpx.Snippet(r.Body)
		if k := httpx.KindForStatus(r.StatusCode); k == geo.ErrUnauthorized || k == geo.ErrRateLimited {
			e.Kind = k
		}
		return e
	}
	e.Message = eb.Message + eb.Msg
	now := time.Now()
	if eb.Code != nil {
		e.Code = strconv.Itoa(int(eb.Code.Float()))
	} else {
		e.Code = eb.ErrorType
	}
	switch {
	case e.Code == "-10" || e.Code == "-11":
		// Daily quota (-10) or the paid-API spending cap (-11).
		e.Kind, e.ResetAt = geo.ErrQuotaExceeded, geo.NextMidnightKST(now)
	case e.Code == "RequestThrottled" || (r.StatusCode == http.StatusTooManyRequests && !mobility):
		// Local answers a spent daily quota with 429 RequestThrottled.
		e.Kind, e.ResetAt = geo.ErrQuotaExceeded, geo.NextMidnightKST(now)
		e.RetryAfter = httpx.RetryAfter(r.Header, now)
	case r.StatusCode == http.StatusTooManyRequests:
		// Mobility's 429 is a per-second limit or the daily quota; the
		// body does not say which, so treat it as throttling.
		e.Kind, e.RetryAfter = geo.ErrRateLimited, httpx.RetryAfter(r.Header, now)
	case r.StatusCode == http.StatusUnauthorized || r.StatusCode == http.StatusForbidden,
		e.Code == "-401", e.Code == "-3", e.Code == "-4", e.Code == "-5", e.Code == "-8", e.Code == "-12":
		e.Kind = geo.ErrUnauthorized
	case e.Code == "-9":
		e.Kind = geo.ErrUnsupported // API retired
	case e.Code == "-1", e.Code == "-7", e.Code == "-602", e.Code == "-603", e.Code == "-9798":
		e.Kind = geo.ErrUnavailable // internal error, maintenance, timeout
	case r.StatusCode >= 500:
		e.Kind = geo.ErrUnavailable
	case r.StatusCode < 400:
		e.Kind = geo.ErrUnavailable // an error body on 2xx/3xx is not documented
	default:
		// 400 MissingParameter, InvalidArgument, -2 and the rest.
		e.Kind = geo.ErrInvalidRequest
	}
	return e
}

// routeError maps a Kakao Mobility result_code ≠ 0.
func routeError(op geo.Op, code int, msg string) error {
	e := &geo.ProviderError{Provider: "kakao", Op: op, StatusCode: http.StatusOK, Code: strconv.Itoa(code), Message: msg,
		Kind: geo.ErrNotFound}
	switch code {
	case 104:
		// Origin and destination within 5 m: no provider will route it.
		e.Final = true
	case 202, 303:
		e.Kind = geo.ErrInvalidRequest // too many origins / destinations
	}
	return e
}
