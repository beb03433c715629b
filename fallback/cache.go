package fallback

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// cache is a small LRU of recent answers, for WithCache: fresh entries are
// served without a provider call; entries up to maxStale old are served,
// flagged Stale, when every provider fails.
type cache struct {
	mu       sync.Mutex
	max      int
	ttl      time.Duration
	maxStale time.Duration
	ll       *list.List // front = most recent
	m        map[string]*list.Element
}

type cacheEntry struct {
	key string
	val any
	at  time.Time
}

func newCache(max int, ttl, maxStale time.Duration) *cache {
	return &cache{max: max, ttl: ttl, maxStale: maxStale, ll: list.New(), m: map[string]*list.Element{}}
}

// get returns the entry for key and whether it is still fresh.
func (c *cache) get(key string, now time.Time) (val any, fresh, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[key]
	if !ok {
		return nil, false, false
	}
	e := el.Value.(*cacheEntry)
	age := now.Sub(e.at)
	if age > c.maxStale {
		c.ll.Remove(el)
		delete(c.m, key)
		return nil, false, false
	}
	c.ll.MoveToFront(el)
	return e.val, age <= c.ttl, true
}

func (c *cache) put(key string, val any, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		el.Value = &cacheEntry{key, val, now}
		c.ll.MoveToFront(el)
		return
	}
	c.m[key] = c.ll.PushFront(&cacheEntry{key, val, now})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.m, last.Value.(*cacheEntry).key)
	}
}

// WithCache keeps up to entries recent geocode, reverse-geocode and route
// answers. An answer younger than ttl is served without asking a provider;
// one younger than maxStale is served, with Stale set, when every provider
// fails for a reason other than the request itself (an outage, spent
// quotas) — so a listing page or a repeated delivery route keeps working
// through an outage. Off by default: cached routes do not see new traffic.
func WithCache(entries int, ttl, maxStale time.Duration) Option {
	return func(c *config) error {
		if entries < 1 || ttl < 0 || maxStale < ttl {
			return errors.New("fallback: WithCache needs entries ≥ 1 and 0 ≤ ttl ≤ maxStale")
		}
		c.cache = newCache(entries, ttl, maxStale)
		return nil
	}
}

// cached wraps a coalesced call with the cache, when there is one.
func cached[T any](ctx context.Context, c *Client, key string, fn func(ctx context.Context) (T, error), clone func(T) T, stale func(T) T) (T, error) {
	ch := c.cfg.cache
	if ch == nil {
		return coalesce(ctx, c, key, fn, clone)
	}
	old, fresh, ok := ch.get(key, c.cfg.now())
	if ok && fresh {
		return clone(old.(T)), nil
	}
	v, err := coalesce(ctx, c, key, fn, clone)
	if err == nil {
		ch.put(key, clone(v), c.cfg.now())
		return v, nil
	}
	if ok && ctx.Err() == nil && outage(err) {
		c.logInfo("serving a stale answer: every provider failed", "err", err)
		return stale(clone(old.(T))), nil
	}
	return v, err
}

// outage reports whether err means the providers could not answer, as
// opposed to the request being wrong or the place not existing.
func outage(err error) bool {
	var fe *Error
	if !errors.As(err, &fe) {
		return false
	}
	return !errors.Is(err, geo.ErrInvalidRequest) && !fe.NotFound()
}

func stalePlaces(p []geo.Place) []geo.Place {
	for i := range p {
		p[i].Stale = true
	}
	return p
}

func staleRoute(r *geo.Route) *geo.Route {
	r.Stale = true
	return r
}
