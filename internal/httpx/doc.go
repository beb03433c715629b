// Package httpx holds what every provider package shares on the wire side:
// the default HTTP client (go-retryablehttp tuned for failover: at most one
// quick retry, never on throttling or quota answers), a bounded body reader,
// a tolerant JSON number, and the status-to-kind defaults that each provider
// refines with its own error bodies.
//
// It is internal: the public contract is geo's error kinds.
package httpx
