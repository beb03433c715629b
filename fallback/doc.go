// Package fallback is the health-aware failover client: one geo.Geocoder,
// geo.ReverseGeocoder, geo.Router and geo.Matrixer over an ordered list of
// providers (say kakao → naver → osm → estimate), switching between them
// automatically when one fails.
//
// # Breakers
//
// Each (provider, operation) has its own circuit breaker
// (github.com/sony/gobreaker/v2): Kakao Local can be up while Kakao Mobility
// is down. Outcomes are counted over a rolling window (default 10 s in 1 s
// buckets); the breaker opens once at least MinRequests (5) were counted and
// at least FailureRatio (50%) of them failed, or on ConsecutiveFailures (5)
// failures in a row, stays open OpenFor (5 s), then
// lets Probes (2) half-open probe requests through before closing. See
// DefaultPolicy; WithPolicy tunes it per provider and operation. Open
// providers are skipped, never waited on.
//
// # What counts
//
// Errors are classified by their geo kind:
//
//	kind                counts   next provider
//	ErrInvalidRequest   no       no: returned at once
//	ErrNotFound         no       yes (coverage differs); route: not if the provider marked it Final
//	ErrUnsupported      no       yes
//	ErrUnauthorized     yes      yes; the provider is kept out for DefaultAuthOpen (10 min)
//	ErrRateLimited      yes      yes; kept out for Retry-After, capped at DefaultRetryAfterCap (1 min)
//	ErrQuotaExceeded    yes      yes; kept out until ResetAt (KST midnight for Kakao and NAVER)
//	ErrUnavailable      yes      yes
//	caller's ctx done   no       no: ctx.Err() is returned
//
// A provider kept out until an instant is probed by one request when the
// instant passes, and takes traffic again only if the probe succeeds.
//
// # Time
//
// Each attempt gets its own timeout (DefaultAttemptTimeout, 1.5 s), capped
// by the caller's deadline, and an attempt that is not the last gets at most
// half of the time remaining, so a hanging provider never uses up the time
// a fallback needs. An attempt timeout is the provider's failure; the
// caller's deadline is not.
//
// With WithHedge (or WithAdaptiveHedge, from the observed p95) the next
// provider is called in parallel once the current one has kept the caller
// waiting for the hedge delay; the first success wins and the other call is
// cancelled. A call abandoned after the slow-call threshold (by default the
// hedge delay) counts as a failure, so a provider that accepts connections
// but never answers still trips its breaker and soon stops costing every
// request the hedge delay.
//
// # Operators
//
// ForceOpen, Disable, Enable and Prefer are the manual switch of October
// 2022 as one call each; Status reports every breaker; OnStateChange,
// OnAttempt and OnFailover hooks and WithLogger report what happens. Hooks
// run after the breaker's lock is released and may call Status.
//
// Identical geocode, reverse-geocode and route requests in flight at the
// same time are merged into one provider call (WithoutCoalescing turns it
// off); each caller gets its own copy of the result.
//
// WithCache keeps recent geocode, reverse-geocode and route answers: fresh
// ones are served without a provider call, and older ones (up to a limit)
// are served flagged Stale when every provider is down.
//
// A matrix that a provider answered only in part (a tile timed out, a quota
// ran out halfway) is completed cell by cell from the next providers.
//
// Every result names the provider that answered. When all fail, the error
// is an *Error listing each attempt; errors.Is matches each attempt's kind.
package fallback
