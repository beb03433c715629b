package gateway

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
)

// recover turns a handler's panic into a 500 and a log line, so that one
// bad request never takes the sidecar down.
func (g *Gateway) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			g.log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			writeJSON(w, http.StatusInternalServerError, errorBody{Error: errorJSON{Kind: "internal", Status: 500,
				Message: "internal error; see the gateway's log"}})
		}()
		next.ServeHTTP(w, r)
	})
}

// cors answers preflights and marks responses for the configured origins.
func (g *Gateway) cors(next http.Handler) http.Handler {
	if len(g.cfg.CORSOrigins) == 0 {
		return next
	}
	any := slices.Contains(g.cfg.CORSOrigins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if origin != "" && (any || slices.Contains(g.cfg.CORSOrigins, origin)) {
			h := w.Header()
			if any {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Add("Vary", "Origin")
			}
			h.Set("Access-Control-Expose-Headers", "X-Mapswitch-Provider")
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
				h.Set("Access-Control-Allow-Headers", strings.Join([]string{"Content-Type", "Authorization", "Accept-Language"}, ", "))
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// limit sheds API requests beyond MaxInFlight with 429 at once (queueing
// would only turn an overload into timeouts) and bounds the body size.
func (g *Gateway) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case g.inflight <- struct{}{}:
			defer func() { <-g.inflight }()
		default:
			w.Header().Set("Retry-After", "1")
			g.shed(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, g.cfg.MaxBody)
		next.ServeHTTP(w, r)
	})
}

// shed answers 429 in the dialect of the endpoint asked.
func (g *Gateway) shed(w http.ResponseWriter, r *http.Request) {
	const msg = "the gateway is at its limit of concurrent requests; retry shortly"
	switch {
	case strings.HasPrefix(r.URL.Path, "/route/") || strings.HasPrefix(r.URL.Path, "/table/"):
		writeJSON(w, http.StatusTooManyRequests, osrmError{Code: "TooManyRequests", Message: msg})
	case r.URL.Path == "/search" || r.URL.Path == "/reverse":
		writeJSON(w, http.StatusTooManyRequests, nominatimError(http.StatusTooManyRequests, msg))
	default:
		writeJSON(w, http.StatusTooManyRequests, errorBody{Error: errorJSON{Kind: "overloaded", Status: 429, Message: msg}})
	}
}
