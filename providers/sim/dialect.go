package sim

import (
	"encoding/json"
	"net/http"
	"strings"
)

// dialect is how a provider speaks when things go wrong: each body below is
// the provider's documented one.
type dialect struct {
	authorized   func(r *http.Request, o options) bool
	unauthorized func(w http.ResponseWriter)
	serverError  func(w http.ResponseWriter)
	throttle     func(w http.ResponseWriter)
	quota        func(w http.ResponseWriter)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	if s, ok := v.(string); ok {
		w.Write([]byte(s))
		return
	}
	json.NewEncoder(w).Encode(v)
}

func body(status int, s string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { writeJSON(w, status, s) }
}

func dialectOf(name string) dialect {
	switch name {
	case "kakao":
		return dialect{
			authorized: func(r *http.Request, o options) bool {
				return o.key == "" || r.Header.Get("Authorization") == "KakaoAK "+o.key
			},
			unauthorized: body(401, `{"errorType":"AccessDeniedError","message":"wrong appKey format"}`),
			serverError:  body(503, `{"code":-9798,"msg":"service temporarily unavailable"}`),
			throttle:     body(429, `{"errorType":"RequestThrottled","message":"API limit has been exceeded."}`),
			quota:        body(400, `{"code":-10,"msg":"exceeded daily request limit"}`),
		}
	case "naver":
		return dialect{
			authorized: func(r *http.Request, o options) bool {
				return o.key == "" || (r.Header.Get("x-ncp-apigw-api-key-id") == o.key && r.Header.Get("x-ncp-apigw-api-key") == o.secret)
			},
			unauthorized: body(401, `{"error":{"errorCode":"200","message":"Authentication Failed"}}`),
			serverError:  body(503, `{"error":{"errorCode":"500","message":"Endpoint Error"}}`),
			throttle:     body(429, `{"error":{"errorCode":"420","message":"Rate Limited"}}`),
			quota:        body(429, `{"error":{"errorCode":"400","message":"Quota Exceeded"}}`),
		}
	case "tmap":
		return dialect{
			authorized: func(r *http.Request, o options) bool {
				return o.key == "" || r.Header.Get("appKey") == o.key
			},
			unauthorized: body(403, `{"error":{"id":"403","category":"gw","code":"INVALID_API_KEY","message":"Forbidden"}}`),
			serverError:  body(500, `{"error":{"id":"500","category":"tmap","code":"9999","message":"Internal Server Error"}}`),
			throttle:     body(429, `{"error":{"id":"429","category":"gw","code":"THROTTLED","message":"Too Many Requests"}}`),
			quota:        body(429, `{"error":{"id":"429","category":"gw","code":"QUOTA_EXCEEDED","message":"Limit Exceeded"}}`),
		}
	case "nominatim":
		return dialect{
			authorized: func(r *http.Request, o options) bool {
				ua := strings.ToLower(r.Header.Get("User-Agent"))
				return ua != "" && !strings.HasPrefix(ua, "go-http-client")
			},
			unauthorized: func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(403)
				w.Write([]byte("<html><head><title>Access blocked</title></head><body>You have been blocked because you have violated the usage policy.</body></html>"))
			},
			serverError: func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(503)
				w.Write([]byte("Query took too long to process."))
			},
			throttle: func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(429)
				w.Write([]byte("<html><body><h1>Error 429 Too many requests</h1></body></html>"))
			},
			quota: func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(429)
				w.Write([]byte("<html><body><h1>Error 429 Too many requests</h1></body></html>"))
			},
		}
	default: // osrm
		return dialect{
			authorized:   func(*http.Request, options) bool { return true },
			unauthorized: body(403, `{"message":"Forbidden"}`),
			serverError:  body(503, `{"code":"InternalError","message":"Service unavailable"}`),
			throttle:     body(429, `{"message":"Too Many Requests"}`),
			quota:        body(429, `{"message":"Too Many Requests"}`),
		}
	}
}
