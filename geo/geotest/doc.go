// Package geotest helps test code built on the geo interfaces, in the spirit
// of testing/fstest.
//
// Fake is a scripted in-memory provider: queue answers, kinds of failure and
// delays per operation with Push, and count calls with Calls. It honours
// context cancellation during a delay, as a real HTTP provider does, so
// timeouts, hedging and failover can be tested without a network. Only
// wraps a Fake to expose a subset of the capabilities.
//
// TestGeocoder, TestReverseGeocoder, TestRouter and TestMatrixer form a
// conformance suite that every provider package runs against a local server
// speaking its wire format: besides the caller's cases they check that
// invalid input is rejected with geo.ErrInvalidRequest, that a cancelled
// context is honoured, that empty answers are geo.ErrNotFound rather than an
// empty slice, and that every result names the provider that answered.
package geotest
