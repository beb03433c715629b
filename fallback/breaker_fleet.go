package fallback

import (
	"time"
)

// adopt keeps the breaker out as a fleet-wide decision says. A later
// instant already in force (a local quota answer) wins. The gobreaker is
// replaced by a fresh one, so that once the instant passes the fleet's
// single probe, not this instance's own half-open state, decides.
func (b *breaker) adopt(d Decision) {
	now := b.now()
	if !d.Until.After(now) {
		return
	}
	b.mu.Lock()
	if b.fleetOpen && !d.Until.After(b.openUntil.Add(adoptSlack)) {
		b.mu.Unlock()
		return // nothing new (a resynchronisation, an echo)
	}
	was := !b.openUntil.IsZero()
	if d.Until.After(b.openUntil) {
		b.openUntil, b.keptKind, b.reason = d.Until, d.Kind, "fleet: "+d.Reason
	}
	if b.keptSince.IsZero() {
		b.keptSince = now
	}
	b.fleetOpen = true
	b.cbp.Store(b.newCB())
	reason := b.reason
	b.mu.Unlock()
	if !was {
		b.emit(StateChange{Provider: b.provider, Op: b.op, From: "closed", To: "open", At: now, Cause: reason})
	}
}

// adoptClose ends a fleet-wide opening because another instance's probe
// was answered. A purely local state (an opening this instance reached on
// its own evidence) is left alone.
func (b *breaker) adoptClose(d Decision) {
	now := b.now()
	b.mu.Lock()
	if !b.fleetOpen {
		b.mu.Unlock()
		return
	}
	was := !b.openUntil.IsZero()
	b.openUntil, b.keptKind, b.reason, b.keptSince, b.fleetOpen = time.Time{}, nil, "", time.Time{}, false
	b.cbp.Store(b.newCB())
	b.mu.Unlock()
	if was {
		b.emit(StateChange{Provider: b.provider, Op: b.op, From: "open", To: "closed", At: now, Cause: "fleet: " + d.Reason})
	}
}

// adoptSlack is how much later than the opening in force a fleet's
// opening must end to be news: a resynchronisation reads the same opening
// back, a few milliseconds off.
const adoptSlack = 100 * time.Millisecond
