package redisfleet

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/golang/geo/s2"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// ReverseCellLevel is the S2 level of the cells reverse-geocode answers are
// shared by: about 4 m across (3–5 m in Korea's latitudes). A phone's GPS
// fix wanders by about that much, so a courier standing still, or two
// drivers at the same door, share one answer; a Korean address parcel or
// building entrance is rarely narrower, so two cells' answers rarely
// differ, and a point is never given an address more than a cell's
// diagonal (at most about 7 m) from where a lookup for it would have
// landed.
const ReverseCellLevel = 21

// Cache returns a fallback.CacheStore in Redis that every instance of the
// fleet shares (pass it to fallback.WithCacheStore): an answer fetched by
// one instance is served by the others without a provider call, and in an
// outage served stale by all.
//
// Geocode and route answers are keyed by the normalised request (hashed);
// reverse-geocode answers by the S2 cell of the point at
// ReverseCellLevel and the language, so nearby lookups share an answer.
// Values are the geo package's JSON with the answering provider (the
// attribution) and the time it answered. Get waits at most the
// request-path bound (WithTimeout) and reports a miss past it; Put writes
// in the background. Safe for concurrent use.
func (f *Fleet) Cache() fallback.CacheStore { return &cacheStore{f: f} }

type cacheStore struct{ f *Fleet }

// cached is an entry as stored.
type cached struct {
	Provider string      `json:"provider"`
	AtMs     int64       `json:"at_ms"`
	Places   []geo.Place `json:"places,omitempty"`
	Route    *geo.Route  `json:"route,omitempty"`
}

// cacheKey is the Redis key of k.
func (s *cacheStore) cacheKey(k fallback.CacheKey) string {
	if k.Op == geo.OpReverse {
		ll := s2.LatLngFromDegrees(k.Point[1], k.Point[0])
		cell := s2.CellIDFromLatLng(ll).Parent(ReverseCellLevel)
		return s.f.o.ns + ":cache:reverse:" + k.Language + ":" + cell.ToToken()
	}
	h := sha256.Sum256([]byte(k.Key))
	return s.f.o.ns + ":cache:" + string(k.Op) + ":" + hex.EncodeToString(h[:16])
}

func (s *cacheStore) Get(ctx context.Context, k fallback.CacheKey) (fallback.CacheEntry, bool) {
	var b []byte
	key := s.cacheKey(k)
	err := s.f.bounded(func(c context.Context) error {
		var err error
		b, err = s.f.rdb.Get(c, key).Bytes()
		return err
	})
	if err != nil {
		return fallback.CacheEntry{}, false
	}
	var v cached
	if json.Unmarshal(b, &v) != nil {
		return fallback.CacheEntry{}, false
	}
	return fallback.CacheEntry{Places: v.Places, Route: v.Route, Provider: v.Provider, At: time.UnixMilli(v.AtMs)}, true
}

func (s *cacheStore) Put(_ context.Context, k fallback.CacheKey, e fallback.CacheEntry, keep time.Duration) {
	b, err := json.Marshal(cached{Provider: e.Provider, AtMs: e.At.UnixMilli(), Places: e.Places, Route: e.Route})
	if err != nil || keep <= 0 {
		return
	}
	s.f.enqueue(job{kind: jobCachePut, key: s.cacheKey(k), val: b, keep: keep})
}
