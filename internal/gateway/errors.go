package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// errorBody is the native API's error answer.
type errorBody struct {
	Error errorJSON `json:"error"`
}

// errorJSON names the error's kind (geo.KindName's words, plus
// "all_failed", "overloaded", "too_large", "internal"), repeats the HTTP
// status, and lists what each provider did.
type errorJSON struct {
	Kind     string        `json:"kind"`
	Status   int           `json:"status"`
	Message  string        `json:"message"`
	Attempts []attemptJSON `json:"attempts,omitempty"`
}

type attemptJSON struct {
	Provider string  `json:"provider"`
	Skipped  bool    `json:"skipped,omitempty"`
	Kind     string  `json:"kind"`
	Message  string  `json:"message"`
	Elapsed  float64 `json:"elapsed_s"`
}

// badRequest is an error in the request itself, found by the gateway.
func badRequest(field, format string, args ...any) error {
	return &geo.RequestError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// classify returns the HTTP status and the JSON of err.
func classify(err error) (int, errorJSON) {
	j := errorJSON{Kind: geo.KindName(err), Message: err.Error()}
	var fe *fallback.Error
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		j.Kind, j.Status = "too_large", http.StatusRequestEntityTooLarge
		j.Message = fmt.Sprintf("request body over %d bytes", mbe.Limit)
	case errors.Is(err, geo.ErrInvalidRequest):
		j.Status = http.StatusBadRequest
	case errors.As(err, &fe):
		j.Status = http.StatusServiceUnavailable
		j.Kind = "all_failed"
		if fe.NotFound() {
			j.Status, j.Kind = http.StatusNotFound, "not_found"
		}
		for _, a := range fe.Attempts {
			aj := attemptJSON{Provider: a.Provider, Skipped: a.Skipped, Kind: geo.KindName(a.Err), Elapsed: a.Elapsed.Seconds()}
			if a.Err != nil {
				aj.Message = a.Err.Error()
			}
			j.Attempts = append(j.Attempts, aj)
		}
	case errors.Is(err, geo.ErrNotFound):
		j.Status = http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		j.Status = http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		j.Status = 499 // the client went away; nobody reads this
	default:
		j.Status = http.StatusServiceUnavailable
	}
	return j.Status, j
}

// writeError answers err on the native API.
func writeError(w http.ResponseWriter, err error) {
	status, j := classify(err)
	writeJSON(w, status, errorBody{Error: j})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
