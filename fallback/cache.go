package fallback

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// CacheStore keeps geocode, reverse-geocode and route answers for
// WithCache and WithCacheStore. LRU is the in-process one;
// fallback/redisfleet has one a fleet shares.
//
// Get is on the request path: it must answer within a few milliseconds,
// reporting a miss when its backing store is slow or gone. Put must not
// block (a shared store writes in the background). The Client decides
// freshness and staleness from CacheEntry.At; a store keeps an entry at
// least keep long and may drop it any time after. Implementations must be
// safe for concurrent use.
type CacheStore interface {
	Get(ctx context.Context, k CacheKey) (CacheEntry, bool)
	Put(ctx context.Context, k CacheKey, e CacheEntry, keep time.Duration)
}

// CacheKey identifies a request. Key is the normalised request (the one
// the coalescer merges identical requests by). For a reverse geocode,
// Point and Language are given too, so that a store may key by an area
// around the point rather than by its exact coordinates.
type CacheKey struct {
	Op       geo.Op
	Key      string
	Point    orb.Point
	Language string
}

// CacheEntry is one cached answer: Places for a geocode or reverse
// geocode, Route for a route. Provider is the attribution: the provider
// that answered (its terms, and its policy under WithCachePolicy, govern
// the entry). At is when it answered.
type CacheEntry struct {
	Places   []geo.Place
	Route    *geo.Route
	Provider string
	At       time.Time
}

// cacheConfig is WithCache's or WithCacheStore's settings.
type cacheConfig struct {
	store         CacheStore
	ttl, maxStale time.Duration
}

// WithCache keeps up to entries recent geocode, reverse-geocode and route
// answers in process (an LRU). An answer younger than ttl is served without
// asking a provider; one younger than maxStale is served, with Stale set,
// when every provider fails for a reason other than the request itself (an
// outage, spent quotas) — so a listing page or a repeated delivery route
// keeps working through an outage. Off by default: cached routes do not
// see new traffic. WithCachePolicy sets ttl per provider, or keeps a
// provider's answers out of the cache.
func WithCache(entries int, ttl, maxStale time.Duration) Option {
	return func(c *config) error {
		if entries < 1 {
			return errors.New("fallback: WithCache needs entries ≥ 1 and 0 ≤ ttl ≤ maxStale")
		}
		return withCacheStore(c, nil, entries, ttl, maxStale)
	}
}

// WithCacheStore is WithCache over a store of one's own, such as
// fallback/redisfleet's, which a fleet shares: an answer fetched on one
// instance is served by the others without a provider call, fresh or, in
// an outage, stale.
func WithCacheStore(s CacheStore, ttl, maxStale time.Duration) Option {
	return func(c *config) error {
		if s == nil {
			return errors.New("fallback: nil CacheStore")
		}
		return withCacheStore(c, s, 0, ttl, maxStale)
	}
}

func withCacheStore(c *config, s CacheStore, entries int, ttl, maxStale time.Duration) error {
	if ttl < 0 || maxStale < ttl {
		return errors.New("fallback: WithCache needs entries ≥ 1 and 0 ≤ ttl ≤ maxStale")
	}
	if s == nil {
		s = newLRU(entries, func() time.Time { return c.now() })
	}
	c.cache = &cacheConfig{store: s, ttl: ttl, maxStale: maxStale}
	return nil
}

// WithCachePolicy sets how long provider's answers are served from the
// cache without asking again (ttl > 0), or keeps them out of the cache
// entirely (ttl 0), as that provider's terms require: some forbid storing
// results, some allow it for a while. Stale serving in an outage applies to
// what is cached, up to the cache's maxStale. Without it every provider's
// answers follow the cache's ttl. See the package documentation for what
// Kakao's, NAVER's and OpenStreetMap's terms say.
func WithCachePolicy(provider string, ttl time.Duration) Option {
	return func(c *config) error {
		if provider == "" || ttl < 0 {
			return fmt.Errorf("fallback: WithCachePolicy(%q, %v): need a provider name and ttl ≥ 0", provider, ttl)
		}
		if c.cachePolicy == nil {
			c.cachePolicy = map[string]time.Duration{}
		}
		c.cachePolicy[provider] = ttl
		c.named = append(c.named, policyKey{provider: provider})
		return nil
	}
}

// cacheTTL is how long provider's answers are fresh, and whether they may
// be cached at all.
func (c *Client) cacheTTL(provider string) (time.Duration, bool) {
	if ttl, ok := c.cfg.cachePolicy[provider]; ok {
		return ttl, ttl > 0
	}
	return c.cfg.cache.ttl, true
}

// codec converts one operation's answers to and from cache entries.
type codec[T any] struct {
	to    func(T) CacheEntry
	from  func(CacheEntry) (T, bool)
	clone func(T) T
	stale func(T) T
}

var placesCodec = codec[[]geo.Place]{
	to: func(p []geo.Place) CacheEntry {
		e := CacheEntry{Places: p}
		if len(p) > 0 {
			e.Provider = p[0].Provider
		}
		return e
	},
	from:  func(e CacheEntry) ([]geo.Place, bool) { return e.Places, len(e.Places) > 0 },
	clone: clonePlaces,
	stale: stalePlaces,
}

var routeCodec = codec[*geo.Route]{
	to:    func(r *geo.Route) CacheEntry { return CacheEntry{Route: r, Provider: r.Provider} },
	from:  func(e CacheEntry) (*geo.Route, bool) { return e.Route, e.Route != nil },
	clone: cloneRoute,
	stale: staleRoute,
}

// cached wraps a coalesced call with the cache, when there is one.
func cached[T any](ctx context.Context, c *Client, key CacheKey, fn func(ctx context.Context) (T, error), cd codec[T]) (T, error) {
	ch := c.cfg.cache
	if ch == nil {
		return coalesce(ctx, c, key.Key, fn, cd.clone)
	}
	e, ok := ch.store.Get(ctx, key)
	var old T
	if ok {
		old, ok = cd.from(e)
	}
	if ok {
		age := c.cfg.now().Sub(e.At)
		ttl, _ := c.cacheTTL(e.Provider)
		switch {
		case age > ch.maxStale:
			ok = false
		case age <= ttl:
			return cd.clone(old), nil
		}
	}
	v, err := coalesce(ctx, c, key.Key, fn, cd.clone)
	if err == nil {
		ne := cd.to(cd.clone(v))
		if _, allowed := c.cacheTTL(ne.Provider); allowed {
			ne.At = c.cfg.now()
			ch.store.Put(ctx, key, ne, ch.maxStale)
		}
		return v, nil
	}
	if ok && ctx.Err() == nil && outage(err) {
		c.logInfo("serving a stale answer: every provider failed", "err", err)
		return cd.stale(cd.clone(old)), nil
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
