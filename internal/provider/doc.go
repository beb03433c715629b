// Package provider is what every provider client is built on, so that a
// provider package holds only its wire format and its error table: the
// plumbing behind the common options (name, HTTP client, logger, limiter,
// matrix concurrency, base URLs), Close, and one HTTP exchange — limiter,
// request, classification of the answer, JSON decoding.
//
// A client keeps a Base in an unexported field and writes its public
// options as one-line calls to Base's setters, so that the options keep
// their package's names and documentation.
package provider
