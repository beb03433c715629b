package redisfleet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// message is a decision on the wire: JSON on the namespace's channel and
// in the opening keys. The evidence script writes the same shape.
type message struct {
	V        int    `json:"v"`
	Origin   string `json:"origin,omitempty"`
	Instance string `json:"instance,omitempty"`
	Action   string `json:"action"`
	Provider string `json:"provider"`
	Op       string `json:"op,omitempty"`
	ForMs    int64  `json:"for_ms,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Kind     string `json:"kind,omitempty"`
}

// Bounds of a message a fleet accepts.
const (
	maxMessage = 4096
	maxFor     = 7 * 24 * time.Hour
)

// encode writes d as this instance's message.
func encode(d fallback.Decision, instance string, now time.Time) []byte {
	m := message{V: 1, Origin: d.Origin, Instance: instance, Action: string(d.Action), Provider: d.Provider,
		Op: string(d.Op), Reason: d.Reason, Kind: geo.KindName(d.Kind)}
	if d.Action == fallback.ActionOpen {
		m.ForMs = max(d.Until.Sub(now).Milliseconds(), 1)
	}
	b, _ := json.Marshal(m) // strings and numbers only: cannot fail
	return b
}

// decode parses and checks a message: anything else on the channel (a
// foreign publisher, another version, garbage) is an error wrapping
// ErrMalformed, and is never applied.
func decode(b []byte) (message, error) {
	var m message
	if len(b) > maxMessage {
		return m, fmt.Errorf("%w: %d bytes", ErrMalformed, len(b))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return m, fmt.Errorf("%w: trailing data", ErrMalformed)
	}
	switch {
	case m.V != 1:
		return m, fmt.Errorf("%w: version %d", ErrMalformed, m.V)
	case !text(m.Provider, 1, 100) || !text(m.Origin, 0, 200) || !text(m.Instance, 0, 200) || !text(m.Reason, 0, 1000):
		return m, fmt.Errorf("%w: a field is empty, too long or not text", ErrMalformed)
	case m.Kind != "" && geo.KindByName(m.Kind) == nil:
		return m, fmt.Errorf("%w: kind %q", ErrMalformed, m.Kind)
	}
	switch geo.Op(m.Op) {
	case "", geo.OpGeocode, geo.OpReverse, geo.OpRoute, geo.OpMatrix:
	default:
		return m, fmt.Errorf("%w: operation %q", ErrMalformed, m.Op)
	}
	switch fallback.Action(m.Action) {
	case fallback.ActionOpen:
		if m.ForMs < 1 || m.ForMs > maxFor.Milliseconds() {
			return m, fmt.Errorf("%w: open for %d ms", ErrMalformed, m.ForMs)
		}
	case fallback.ActionClose, fallback.ActionDisable, fallback.ActionEnable, fallback.ActionPrefer:
		if m.ForMs != 0 {
			return m, fmt.Errorf("%w: %s with a duration", ErrMalformed, m.Action)
		}
	default:
		return m, fmt.Errorf("%w: action %q", ErrMalformed, m.Action)
	}
	return m, nil
}

// text reports whether s is valid UTF-8 without control characters, of
// length within [lo, hi] bytes.
func text(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// decision turns a checked message into the Decision a Client adopts; an
// opening ends for at most its remaining time from now (remaining, when
// positive, is what Redis says is left of the opening's key).
func (m message) decision(now time.Time, remaining time.Duration) fallback.Decision {
	d := fallback.Decision{Action: fallback.Action(m.Action), Provider: m.Provider, Op: geo.Op(m.Op),
		Reason: m.Reason, Kind: geo.KindByName(m.Kind), Origin: m.Origin}
	if d.Action == fallback.ActionOpen {
		left := time.Duration(m.ForMs) * time.Millisecond
		if remaining > 0 {
			left = min(left, remaining)
		}
		d.Until = now.Add(left)
		if m.Instance != "" {
			d.Reason += " (from " + m.Instance + ")"
		}
	}
	return d
}
