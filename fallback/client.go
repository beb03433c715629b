package fallback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Client is the failover client. It implements geo.Geocoder,
// geo.ReverseGeocoder, geo.Router and geo.Matrixer over an ordered list of
// providers, each guarded by one circuit breaker per operation. Safe for
// concurrent use.
type Client struct {
	cfg     config
	members []*member // in the order given to New

	mu       sync.Mutex
	order    []*member // current preference order (Prefer changes it)
	disabled map[string]bool
	// byOp is the candidates of each operation in order, disabled ones
	// left out, rebuilt under mu whenever order or disabled change, so
	// that a request reads it without locking or allocating.
	byOp atomic.Pointer[[len(allOps)][]*member]

	flight coalescer

	pendMu  sync.Mutex
	pending []StateChange
	hookMu  sync.Mutex // serialises hook delivery, preserving order

	bg sync.WaitGroup // hedge losers running on after their request

	id        string // signs the decisions published to the fleet
	detach    func() // leaves the fleet, or nil
	closeOnce sync.Once
}

// member is one provider with its breakers.
type member struct {
	p        geo.Provider
	name     string
	breakers map[geo.Op]*breaker
}

var allOps = [...]geo.Op{geo.OpGeocode, geo.OpReverse, geo.OpRoute, geo.OpMatrix}

// supports reports whether p implements op's capability interface.
func supports(p geo.Provider, op geo.Op) bool {
	switch op {
	case geo.OpGeocode:
		_, ok := p.(geo.Geocoder)
		return ok
	case geo.OpReverse:
		_, ok := p.(geo.ReverseGeocoder)
		return ok
	case geo.OpRoute:
		_, ok := p.(geo.Router)
		return ok
	case geo.OpMatrix:
		_, ok := p.(geo.Matrixer)
		return ok
	}
	return false
}

// New returns a Client trying providers in the given order of preference.
// Providers must be non-nil (a typed nil such as a (*kakao.Client)(nil) is
// rejected too) and have distinct, non-empty names; give two accounts of one
// provider different names with the provider's WithName option.
func New(providers []geo.Provider, opts ...Option) (*Client, error) {
	if len(providers) == 0 {
		return nil, errors.New("fallback: no providers")
	}
	cfg := config{
		timings:       map[policyKey]Timing{},
		retryAfterCap: DefaultRetryAfterCap,
		authOpen:      DefaultAuthOpen,
		quotaProbe:    DefaultQuotaProbe,
		quotaProbeCap: DefaultQuotaProbeCap,
		policies:      map[policyKey]Policy{},
		now:           time.Now,
	}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	c := &Client{cfg: cfg, disabled: map[string]bool{}}
	if cfg.fleet != nil {
		c.id = newClientID()
	}
	rules := keepOutRules{retryAfterCap: cfg.retryAfterCap, authOpen: cfg.authOpen,
		quotaProbe: cfg.quotaProbe, quotaProbeCap: cfg.quotaProbeCap}
	seen := map[string]bool{}
	for i, p := range providers {
		if isNil(p) {
			return nil, fmt.Errorf("fallback: provider %d is nil", i)
		}
		name := p.Name()
		if name == "" || seen[name] {
			return nil, fmt.Errorf("fallback: provider %d has an empty or duplicate name %q (see the providers' WithName)", i, name)
		}
		seen[name] = true
		m := &member{p: p, name: name, breakers: map[geo.Op]*breaker{}}
		for _, op := range allOps {
			if supports(p, op) {
				b := newBreaker(name, op, cfg.policy(name, op), cfg.timing(name, op), rules, cfg.now, c.queueChange)
				b.fleet, b.origin = cfg.fleet, c.id
				m.breakers[op] = b
			}
		}
		c.members = append(c.members, m)
	}
	for _, k := range cfg.named {
		if k.provider != "" && !seen[k.provider] {
			return nil, fmt.Errorf("fallback: WithPolicy or WithTiming names provider %q, which is not in the chain", k.provider)
		}
		if k.op != "" && !slices.Contains(allOps[:], k.op) {
			return nil, fmt.Errorf("fallback: WithPolicy or WithTiming names operation %q; want one of geocode, reverse, route, matrix", k.op)
		}
	}
	c.order = slices.Clone(c.members)
	c.rebuild()
	if cfg.fleet != nil {
		c.detach = cfg.fleet.Attach(c.id, c.applyDecision, c.fleetBreakers())
	}
	return c, nil
}

// isNil reports whether p is nil or an interface holding a nil pointer,
// map, slice, func or channel: calling Name on it would panic later.
func isNil(p geo.Provider) bool {
	if p == nil {
		return true
	}
	v := reflect.ValueOf(p)
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// Close waits for hedge losers still running in the background (each is
// bounded by its provider's slow-call threshold), leaves the fleet (see
// WithFleet; the Fleet itself stays open) and then closes the idle
// connections of every provider that has a Close method. It closes nothing
// else the caller passed in: providers stay usable. Safe to call more than
// once.
func (c *Client) Close() error {
	c.bg.Wait()
	c.closeOnce.Do(func() {
		if c.detach != nil {
			c.detach()
		}
	})
	var errs []error
	for _, m := range c.members {
		if cl, ok := m.p.(interface{ Close() error }); ok {
			errs = append(errs, cl.Close())
		}
	}
	return errors.Join(errs...)
}

// rebuild recomputes byOp; callers hold mu (or own c exclusively).
func (c *Client) rebuild() {
	var t [len(allOps)][]*member
	for i, op := range allOps {
		for _, m := range c.order {
			if m.breakers[op] != nil && !c.disabled[m.name] {
				t[i] = append(t[i], m)
			}
		}
	}
	c.byOp.Store(&t)
}

func (c *config) policy(provider string, op geo.Op) Policy {
	for _, k := range []policyKey{{provider, op}, {provider, ""}, {"", op}, {"", ""}} {
		if p, ok := c.policies[k]; ok {
			return p
		}
	}
	return DefaultPolicy()
}

// Name returns "fallback".
func (c *Client) Name() string { return "fallback" }

// candidates returns the providers for op in preference order, skipping
// disabled ones and those in skip.
func (c *Client) candidates(op geo.Op, skip map[string]bool) []*member {
	all := c.byOp.Load()[slices.Index(allOps[:], op)]
	if len(skip) == 0 {
		return all // shared and read-only
	}
	var out []*member
	for _, m := range all {
		if !skip[m.name] {
			out = append(out, m)
		}
	}
	return out
}

func (c *Client) member(name string) (*member, error) {
	for _, m := range c.members {
		if m.name == name {
			return m, nil
		}
	}
	return nil, fmt.Errorf("fallback: no provider named %q", name)
}

// ForceOpen keeps provider out of rotation for every operation until the
// given instant, as an operator would during a known outage; then it is
// probed before it takes traffic again. A zero instant clears it. With
// WithFleet every instance adopts it.
func (c *Client) ForceOpen(provider string, until time.Time) error {
	m, err := c.member(provider)
	if err != nil {
		return err
	}
	reason := "forced open by operator until " + until.Format(time.DateTime)
	for _, b := range m.breakers {
		b.forceOpen(until, reason)
	}
	c.logInfo("provider forced open", "provider", provider, "until", until)
	if until.IsZero() {
		c.publish(Decision{Action: ActionClose, Provider: provider, Reason: "cleared by operator"})
	} else {
		c.publish(Decision{Action: ActionOpen, Provider: provider, Until: until, Reason: reason})
	}
	return nil
}

// Disable takes provider out of rotation until Enable. With WithFleet
// every instance adopts it.
func (c *Client) Disable(provider string) error {
	if _, err := c.member(provider); err != nil {
		return err
	}
	c.disable(provider)
	c.publish(Decision{Action: ActionDisable, Provider: provider, Reason: "disabled by operator"})
	return nil
}

func (c *Client) disable(provider string) {
	c.mu.Lock()
	c.disabled[provider] = true
	c.rebuild()
	c.mu.Unlock()
	c.logInfo("provider disabled", "provider", provider)
}

// Enable undoes Disable and any ForceOpen for provider. With WithFleet
// every instance adopts it.
func (c *Client) Enable(provider string) error {
	m, err := c.member(provider)
	if err != nil {
		return err
	}
	c.enable(m)
	c.publish(Decision{Action: ActionEnable, Provider: provider, Reason: "enabled by operator"})
	return nil
}

func (c *Client) enable(m *member) {
	c.mu.Lock()
	delete(c.disabled, m.name)
	c.rebuild()
	c.mu.Unlock()
	for _, b := range m.breakers {
		b.forceOpen(time.Time{}, "")
	}
	c.logInfo("provider enabled", "provider", m.name)
}

// Prefer moves provider to the front of the preference order; the others
// keep their relative order. With WithFleet every instance adopts it.
func (c *Client) Prefer(provider string) error {
	m, err := c.member(provider)
	if err != nil {
		return err
	}
	c.prefer(m)
	c.publish(Decision{Action: ActionPrefer, Provider: provider, Reason: "preferred by operator"})
	return nil
}

func (c *Client) prefer(m *member) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := slices.Index(c.order, m)
	c.order = append([]*member{m}, slices.Delete(slices.Clone(c.order), i, i+1)...)
	c.rebuild()
}

func (c *Client) queueChange(ev StateChange) {
	c.pendMu.Lock()
	c.pending = append(c.pending, ev)
	c.pendMu.Unlock()
}

// flushChanges delivers queued breaker changes, outside any breaker lock.
func (c *Client) flushChanges() {
	c.pendMu.Lock()
	empty := len(c.pending) == 0
	c.pendMu.Unlock()
	if empty {
		return
	}
	c.hookMu.Lock()
	defer c.hookMu.Unlock()
	c.pendMu.Lock()
	evs := c.pending
	c.pending = nil
	c.pendMu.Unlock()
	for _, ev := range evs {
		if c.cfg.logger != nil {
			c.cfg.logger.Warn("breaker state change", "provider", ev.Provider, "op", string(ev.Op),
				"from", ev.From, "to", ev.To, "cause", ev.Cause)
		}
		for _, fn := range c.cfg.onState {
			fn(ev)
		}
	}
}

func (c *Client) logInfo(msg string, args ...any) {
	if c.cfg.logger != nil {
		c.cfg.logger.Info(msg, args...)
	}
}

func (c *Client) logDebug(msg string, args ...any) {
	if c.cfg.logger != nil && c.cfg.logger.Enabled(context.Background(), slog.LevelDebug) {
		c.cfg.logger.Debug(msg, args...)
	}
}
