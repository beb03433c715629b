// Package observe turns the failover client's hooks into OpenTelemetry
// traces and metrics.
//
// Traces: a span per request ("mapswitch.geocode", "mapswitch.route", …)
// with the answering provider and, on failure, the error kind; a child span
// per provider attempt ("mapswitch.attempt") with provider, operation,
// outcome and error kind; an event "failover" on the request span.
//
// Metrics (OpenTelemetry names; Prometheus adds _total and unit suffixes):
//
//	mapswitch.requests           counter    op, outcome, provider
//	mapswitch.request.duration   histogram  op, outcome (seconds)
//	mapswitch.attempts           counter    provider, op, outcome
//	mapswitch.attempt.duration   histogram  provider, op (seconds)
//	mapswitch.failovers          counter    op, from, to
//	mapswitch.breaker.changes    counter    provider, op, to
//	mapswitch.breaker.state      gauge      provider, op (0 closed, 1 half-open, 2 open, 3 disabled)
//
// An outcome is "ok", "lost_race" (a hedge loser, not a failure), "slow"
// (answered past its slow-call threshold) or the error's kind name
// (geo.KindName: "unavailable", "not_found", …).
//
// Use:
//
//	o, _ := observe.New(tracerProvider, meterProvider)
//	c, _ := fallback.New(providers, o.Options()...)
//	o.Watch(c) // the breaker-state gauge
//
// FromEnv builds the providers from the standard OTEL_* environment
// variables and a Prometheus registry for a /metrics endpoint.
package observe
