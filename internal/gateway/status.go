package gateway

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Status is /v1/status: what the status page shows, for front-ends that
// choose which map SDK to load while a provider is down.
type Status struct {
	Time time.Time `json:"time"`
	// Providers in the current preference order.
	Providers []ProviderStatus `json:"providers"`
	// Ready says, per operation, whether at least one provider can take it.
	Ready     map[geo.Op]bool `json:"ready"`
	Failovers []FailoverEvent `json:"recent_failovers"`
	Changes   []ChangeEvent   `json:"recent_changes"`
	Fleet     any             `json:"fleet,omitempty"`
}

// ProviderStatus is one provider: its traffic and its breakers.
type ProviderStatus struct {
	Name        string `json:"name"`
	Attribution string `json:"attribution"`
	// Usable is true when at least one of its breakers lets calls through.
	Usable   bool            `json:"usable"`
	Load     ProviderLoad    `json:"load"`
	Breakers []BreakerStatus `json:"breakers"`
}

// BreakerStatus is one provider × operation breaker.
type BreakerStatus struct {
	Op geo.Op `json:"op"`
	// State is closed, open, half-open or disabled.
	State           string     `json:"state"`
	Reason          string     `json:"reason,omitempty"`
	OpenUntil       *time.Time `json:"open_until,omitempty"`
	Requests        uint32     `json:"requests"`
	Failures        uint32     `json:"failures"`
	LastErrorKind   string     `json:"last_error_kind,omitempty"`
	LastError       string     `json:"last_error,omitempty"`
	SlowThresholdMs float64    `json:"slow_threshold_ms"`
}

// Snapshot returns the current status.
func (g *Gateway) Snapshot() Status {
	now := time.Now()
	st := Status{Time: now, Ready: map[geo.Op]bool{}}
	load := g.cfg.Stats.load(now)
	index := map[string]int{}
	for _, b := range g.cfg.Client.Status() {
		i, ok := index[b.Provider]
		if !ok {
			i = len(st.Providers)
			index[b.Provider] = i
			l := load[b.Provider]
			l.Provider = b.Provider
			st.Providers = append(st.Providers, ProviderStatus{Name: b.Provider, Attribution: g.attribution(b.Provider), Load: l})
		}
		bs := BreakerStatus{Op: b.Op, State: b.State, Reason: b.OpenReason, Requests: b.Requests, Failures: b.Failures,
			LastErrorKind: geo.KindName(b.LastErrorKind), LastError: b.LastError, SlowThresholdMs: ms(b.SlowThreshold)}
		if !b.OpenUntil.IsZero() {
			u := b.OpenUntil
			bs.OpenUntil = &u
		}
		usable := b.State == "closed" || b.State == "half-open"
		st.Providers[i].Usable = st.Providers[i].Usable || usable
		st.Ready[b.Op] = st.Ready[b.Op] || usable
		st.Providers[i].Breakers = append(st.Providers[i].Breakers, bs)
	}
	st.Failovers, st.Changes = g.cfg.Stats.recent()
	if g.cfg.Fleet != nil {
		st.Fleet = g.cfg.Fleet()
	}
	return st
}

func (g *Gateway) status(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, g.Snapshot())
}

// eventsTick is how often the event stream repeats the status when no
// breaker changes: rates and percentiles move on their own.
const eventsTick = time.Second

// events streams the status as server-sent events: at once, on every
// breaker change, and every eventsTick.
func (g *Gateway) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(eventsTick)
	defer tick.Stop()
	for {
		changed := g.cfg.Stats.Changed()
		// The server's write timeout is meant for answers, not for a
		// stream: each event gets its own.
		_ = rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
		b, _ := json.Marshal(g.Snapshot())
		if _, err := fmt.Fprintf(w, "event: status\ndata: %s\n\n", b); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-g.stopped():
			return
		case <-changed:
		case <-tick.C:
		}
	}
}

// stopped is closed by Stop; streams end then, so that a graceful
// shutdown does not wait for browsers to leave.
func (g *Gateway) stopped() <-chan struct{} { return g.stopCh }

// Stop ends the event streams; call it when the server shuts down
// (http.Server.RegisterOnShutdown).
func (g *Gateway) Stop() { g.stopOnce.Do(func() { close(g.stopCh) }) }

func (g *Gateway) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is 200 when every operation some provider supports has at least
// one provider whose breaker lets calls through.
func (g *Gateway) readyz(w http.ResponseWriter, _ *http.Request) {
	st := g.Snapshot()
	ready := true
	for _, ok := range st.Ready {
		ready = ready && ok
	}
	code := http.StatusOK
	if !ready || len(st.Ready) == 0 {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]any{"ready": code == http.StatusOK, "ops": st.Ready})
}
