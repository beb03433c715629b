// Package redisfleet lets the instances of an application behind a load
// balancer share, over a Redis they already run, what each would otherwise
// learn alone: that a provider is down, an answer it gave, and how much of
// its rate limit is left.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
//	fleet, err := redisfleet.New(rdb, redisfleet.WithNamespace("dispatch-prod"), redisfleet.WithFleetSize(8))
//	lim, err := fleet.Limiter("kakao", 40, 10)
//	k, err := kakao.New(key, kakao.WithLimiter(lim))
//	client, err := fallback.New([]geo.Provider{k, n, o},
//		fallback.WithFleet(fleet), fallback.WithCacheStore(fleet.Cache(), time.Hour, 24*time.Hour))
//	defer fleet.Close() // after client.Close()
//
// # Evidence and decisions, never calls
//
// Each instance's breakers report every counted outcome (failure or
// success) of a (provider, operation) to a fleet-wide rolling window in
// Redis, in the background: outcomes queue on a buffered channel and a
// writer sends them in one pipeline, successes every few milliseconds
// (DefaultFlush), a failure or a publication at once with whatever is
// queued, since the opening it may complete is what the fleet is waiting
// for. One Lua script
// adds a batch, applies the breaker policy's thresholds (the same
// MinRequests, FailureRatio and ConsecutiveFailures as the local breaker)
// to the whole fleet's counts and, when they are crossed, writes the
// opening to a key that expires with it and publishes it. So a fleet of 8
// opens after about as many failures as one instance needs, and every
// instance adopts the opening as soon as the message arrives ("fleet:
// fleet-wide: 5 consecutive failures" in Status). What still reaches a
// dead provider is what the fleet sent while the opening verdicts were
// pending: the fleet's request rate × the attempt timeout (8 instances at
// 5 requests a second, 100 ms: 4 more than one instance's 5). A local breaker still
// opens on its own evidence, but that opening stays local: one CPU-starved
// instance does not take a provider away from the others.
//
// Openings by the provider's own answer (quota spent, throttled, key
// revoked) and the operator's ForceOpen, Disable, Enable and Prefer are
// published too, and adopted by every instance. When a fleet-wide opening
// ends, one instance at a time holds the probe lease (SET NX PX, for the
// probe's time limit and a second) and calls the provider; its verdict —
// answered, or failed and out for longer — is published, and the others
// stay out until it arrives or the lease expires. No lock is ever held
// across a provider call. An instance that starts late, or reconnects,
// reads the openings and overrides in force from their keys.
//
// # Redis is optional
//
// Nothing on a request's path waits for Redis longer than WithTimeout
// (DefaultTimeout, 5 ms): breaker decisions are taken from local state
// (evidence and publications are queued, never awaited); a probe lease,
// a cache lookup or a rate-limit token that Redis does not grant in time
// is decided locally — the probe goes ahead, the lookup misses, the call is
// paced at this instance's share of the limit. After such a miss Redis is
// left alone until the next health check (WithResync, 2 s) finds it back;
// then the instance resynchronises and retries the publications it could
// not send. Messages that fail to decode or check — foreign publishers,
// other versions, garbage — are counted (Stats) and ignored.
//
// # Shared cache
//
// Cache returns a fallback.CacheStore: geocode and route answers keyed by
// the normalised request, reverse-geocode answers by the S2 cell of the
// point (ReverseCellLevel, about 4 m), each stored with the provider that
// answered and when. Freshness, stale serving and per-provider policy are
// the fallback client's (WithCacheStore, WithCachePolicy). What the
// providers' terms allow differs: OpenStreetMap data (Nominatim, OSRM) may
// be stored under the ODbL, with its attribution; the public Nominatim
// service asks clients to cache repeated queries. Kakao's and NAVER's
// terms restrict storing their results beyond the use at hand; check your
// contract and set WithCachePolicy accordingly (0 keeps a provider's
// answers out of the cache altogether).
//
// # Fleet-wide limits and usage
//
// Limiter is a token bucket in Redis (one atomic script per HTTP call)
// that every instance's provider consults, so the fleet together stays
// within a provider's per-second limit; an empty bucket waits at most
// limit.DefaultMaxWait and then refuses, and the request fails over. Each
// call let through is added to a daily counter (the day of WithQuotaZone,
// KST by default) that Status shows as FleetCallsToday.
//
// # Keys
//
// Everything lives under the namespace (WithNamespace): ns:events (the
// channel), ns:{provider/op}:open|ev|consec|lease (one breaker's keys
// share a hash slot, for Redis Cluster), ns:disabled:provider,
// ns:prefer, ns:bucket:{name}, ns:usage:name:YYYYMMDD, ns:cache:….
package redisfleet
