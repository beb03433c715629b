package gateway

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"
)

// defaultForceOpen is how long force-open keeps a provider out when the
// request says nothing: long enough for an incident call, short enough
// that a forgotten switch heals by itself.
const defaultForceOpen = 15 * time.Minute

// admin runs an operator control: POST /v1/admin/{provider}/{action}
// with action force-open (?for=10m), disable, enable or prefer. Only with
// the configured bearer token; every attempt, allowed or not, is logged.
func (g *Gateway) admin(w http.ResponseWriter, r *http.Request) {
	provider, action := r.PathValue("provider"), r.PathValue("action")
	log := g.log.With("action", action, "provider", provider, "remote", r.RemoteAddr)
	if g.cfg.AdminToken == "" {
		log.Warn("operator control refused: no admin token configured")
		writeJSON(w, http.StatusForbidden, errorBody{Error: errorJSON{Kind: "forbidden", Status: 403,
			Message: "operator controls are off: start the gateway with an admin token"}})
		return
	}
	if !g.authorized(r) {
		log.Warn("operator control refused: bad or missing bearer token")
		w.Header().Set("WWW-Authenticate", `Bearer realm="mapswitch"`)
		writeJSON(w, http.StatusUnauthorized, errorBody{Error: errorJSON{Kind: "unauthorized", Status: 401,
			Message: "a valid bearer token is required"}})
		return
	}
	c := g.cfg.Client
	var err error
	switch action {
	case "force-open":
		d := defaultForceOpen
		if s := r.URL.Query().Get("for"); s != "" {
			if d, err = time.ParseDuration(s); err != nil || d <= 0 {
				writeError(w, badRequest("for", "%q is not a positive duration such as 10m", s))
				return
			}
		}
		err = c.ForceOpen(provider, time.Now().Add(d))
	case "disable":
		err = c.Disable(provider)
	case "enable":
		err = c.Enable(provider)
	case "prefer":
		err = c.Prefer(provider)
	default:
		writeError(w, badRequest("action", "unknown action %q; use force-open, disable, enable or prefer", action))
		return
	}
	if err != nil {
		log.Warn("operator control failed", "err", err)
		writeJSON(w, http.StatusNotFound, errorBody{Error: errorJSON{Kind: "not_found", Status: 404, Message: err.Error()}})
		return
	}
	log.Info("operator control applied")
	writeJSON(w, http.StatusOK, g.Snapshot())
}

// authorized compares the bearer token in constant time; hashing both
// sides first hides the token's length as well.
func (g *Gateway) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	a, b := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(g.cfg.AdminToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
