package fallback

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Fleet shares what one Client learns about its providers with the other
// instances of an application, so that a fleet learns an outage once.
// fallback/redisfleet implements it over Redis.
//
// The contract keeps the fleet off the request path: Report and Publish
// must never block (a non-blocking send, dropping when a buffer is full);
// ProbeLease is called only when a provider kept out fleet-wide is due for
// its probe, and must answer within a few milliseconds, answering true
// when it cannot tell (its store is unreachable): an instance then falls
// back to its local state. Implementations must be safe for concurrent use.
//
// What is shared:
//
//   - evidence: every outcome the local breaker counts (Report). The
//     local breaker still trips on local evidence, but a purely local
//     opening stays local; the fleet decides on the evidence of all
//     instances and announces an opening backed by it.
//   - decisions: openings by the provider's own clock (quota, throttle,
//     auth answers), operator overrides (ForceOpen, Disable, Enable,
//     Prefer), and the verdict of a fleet-wide probe (Publish). Every
//     instance adopts them at once through the apply function given to
//     Attach, and a fleet-wide opening is marked "fleet: …" in Status and
//     StateChange.
//   - the probe: once a fleet-wide opening is due to end, one instance
//     at a time holds the probe lease and calls the provider; the others
//     stay out until its verdict arrives or the lease expires. No lock is
//     ever held across a provider call.
type Fleet interface {
	// Attach connects a Client, which signs the decisions it publishes
	// with origin (unique per Client). The fleet calls apply for every
	// decision published by another Client or reached on fleet-wide
	// evidence, and
	// for the openings in force when Attach is called (an instance that
	// starts late learns the current state). Attach must not block on
	// the fleet's store. breakers lists the Client's (provider,
	// operation) pairs with their policies, whose thresholds the fleet
	// applies to the fleet-wide evidence. detach stops the calls to apply;
	// Client.Close calls it.
	Attach(origin string, apply func(Decision), breakers []FleetBreaker) (detach func())
	// Report records one counted outcome. It must not block.
	Report(e Evidence)
	// Publish announces a decision to every instance. It must not block.
	Publish(d Decision)
	// ProbeLease asks for the right to probe provider's op now, for at
	// most ttl. ok false means another instance holds it. release returns
	// the lease early (without blocking); it may be nil when ok is false.
	ProbeLease(provider string, op geo.Op, ttl time.Duration) (release func(), ok bool)
	// CallsToday returns the HTTP calls the whole fleet made to provider
	// today, as its limiters counted them, and whether that is known. It
	// must not block: Status calls it.
	CallsToday(provider string) (calls int64, ok bool)
}

// FleetBreaker names one breaker of a Client and its policy, for
// Fleet.Attach.
type FleetBreaker struct {
	Provider string
	Op       geo.Op
	Policy   Policy
}

// Evidence is one outcome a breaker counted: a failure (an error, a
// timeout, a slow call) or a success. Neutral outcomes are not reported.
type Evidence struct {
	Provider string
	Op       geo.Op
	Failed   bool
}

// Action is what a Decision does.
type Action string

// The actions of a Decision.
const (
	// ActionOpen keeps the provider out until Until, because Reason.
	ActionOpen Action = "open"
	// ActionClose ends an opening: a probe was answered.
	ActionClose Action = "close"
	// ActionDisable, ActionEnable and ActionPrefer are the operator's
	// Disable, Enable and Prefer.
	ActionDisable Action = "disable"
	ActionEnable  Action = "enable"
	ActionPrefer  Action = "prefer"
)

// Decision is a state change every instance of a fleet adopts.
type Decision struct {
	Action   Action
	Provider string
	// Op is the operation concerned; "" means every operation of the
	// provider (operator overrides).
	Op geo.Op
	// Until is the end of an ActionOpen.
	Until time.Time
	// Reason says why, as Status shows it.
	Reason string
	// Kind is the geo kind of the answer behind an opening
	// (geo.ErrQuotaExceeded, geo.ErrRateLimited, geo.ErrUnauthorized), or
	// nil for an opening on failures or by an operator.
	Kind error
	// Origin identifies the Client that made the decision (set by the
	// Client), or is empty for one reached on fleet-wide evidence.
	Origin string
}

// WithFleet shares breaker evidence, openings, probes and operator
// overrides with the other instances of a fleet (see Fleet and
// fallback/redisfleet). Off by default: each instance learns alone.
func WithFleet(f Fleet) Option {
	return func(c *config) error {
		if f == nil {
			return errors.New("fallback: nil Fleet")
		}
		c.fleet = f
		return nil
	}
}

// fleetBreakers lists c's breakers for Fleet.Attach.
func (c *Client) fleetBreakers() []FleetBreaker {
	var out []FleetBreaker
	for _, m := range c.members {
		for _, op := range allOps {
			if b := m.breakers[op]; b != nil {
				out = append(out, FleetBreaker{Provider: m.name, Op: op, Policy: b.policy})
			}
		}
	}
	return out
}

// applyDecision adopts a decision made elsewhere in the fleet. It
// publishes nothing back.
func (c *Client) applyDecision(d Decision) {
	m, err := c.member(d.Provider)
	if err != nil {
		return // another application's provider, or one this chain lacks
	}
	switch d.Action {
	case ActionOpen, ActionClose:
		for op, b := range m.breakers {
			if d.Op != "" && d.Op != op {
				continue
			}
			if d.Action == ActionOpen {
				b.adopt(d)
			} else {
				b.adoptClose(d)
			}
		}
	case ActionDisable:
		c.disable(d.Provider)
	case ActionEnable:
		c.enable(m)
	case ActionPrefer:
		c.prefer(m)
	}
	c.flushChanges()
}

// publish sends d to the fleet, when there is one.
func (c *Client) publish(d Decision) {
	if c.cfg.fleet != nil {
		d.Origin = c.id
		c.cfg.fleet.Publish(d)
	}
}

// newClientID returns a random identity for a Client's published decisions.
func newClientID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
