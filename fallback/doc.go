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
//	ErrNotFound         no       yes (coverage differs); not if the provider marked it Final
//	ErrUnsupported      no       yes
//	ErrUnauthorized     own clock yes; kept out DefaultAuthOpen (10 min), then probed
//	ErrRateLimited      own clock yes; kept out for Retry-After (capped), then probed
//	ErrQuotaExceeded    own clock yes; kept out, probed from Retry-After on (see below)
//	ErrUnavailable      yes      yes
//	caller's ctx done   no       no: ctx.Err() is returned
//
// "Own clock": these answers say how long to stay away, so they keep the
// provider out by an instant instead of counting in the ratio. When the
// instant passes one probe goes through; one answered probe restores the
// provider. After a failed probe the next waits the answer's Retry-After,
// or half as long as the provider has been out so far, up to a cap
// (WithRetryAfterCap, WithQuotaProbe; never past a known quota reset): a
// throttle burst misread as a quota heals within seconds of its end, a
// spent quota costs one call per interval, and a quota raised in the
// console is noticed.
//
// # Time, and the provider's own normal
//
// Timing is per operation (DefaultTiming; WithTiming per provider and
// operation): a geocode, a route and a matrix are different amounts of
// work. Each attempt gets its own timeout, capped by the caller's deadline,
// and an attempt that is not the last gets at most half of the time
// remaining, so a hanging provider never uses up the time a fallback
// needs. An attempt timeout is the provider's failure; the caller's
// deadline is not.
//
// A call is slow when it runs past its provider's own normal: a multiple
// of that provider's rolling p99 for the operation, with a floor and a
// cold-start value; never relative to a rival. A slow call counts as a
// failure even when it answered.
//
// With WithHedge (or WithAdaptiveHedge, from the provider's observed p95)
// the next provider is called in parallel once the current one has kept
// the caller waiting for the hedge delay; the first success wins. Losing
// the race is not a failure: the slower call runs on in the background
// (its answer discarded) until it answers or passes its own slow-call
// threshold, and only then is it judged. So a black-holed provider still
// trips its breaker within a few hundred milliseconds of warm traffic,
// while a healthy provider with a long tail never does. OnAttempt reports
// a lost race as ErrLostRace. Close waits for such calls.
//
// Matrices are work, not one call: WithHedge does not hedge them (only a
// Timing for geo.OpMatrix does); an attempt is cut only when no tile (one
// provider request) arrives within the matrix Timing's AttemptTimeout, or
// past a budget that follows the matrix's size; it gets three quarters of
// the caller's remaining time. Cells finished before a cut or a deadline
// are kept, and only the missing cells go to the next provider.
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
// ran out halfway, a point outside its map) is completed cell by cell from
// the next providers.
//
// Status says why a breaker is open and until when; StateChange carries
// its cause; an attempt skipped because its breaker is open says why and
// until when in its error.
//
// Every result names the provider that answered. When all fail, the error
// is an *Error listing each attempt; errors.Is matches each attempt's kind.
package fallback
