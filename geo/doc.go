// Package geo is the core of mapswitch: the capability interfaces every map
// provider implements, the request and result types, the error kinds the
// failover acts on, input validation, and distance functions.
//
// # Capabilities
//
// A provider implements Provider (its name) and any of Geocoder,
// ReverseGeocoder, Router and Matrixer; callers find capabilities by type
// assertion, as with io.Reader and io.Writer. Requests are plain structs
// passed by value, so a failover client can replay them to the next
// provider unchanged.
//
// Points are orb.Point values in [lon, lat] order, WGS84, everywhere. A
// point that is out of range but would lie in Korea read the other way round
// is rejected with a message saying the axes look swapped.
//
// # Errors
//
// Every provider error is a *ProviderError whose Kind is one of
// ErrInvalidRequest, ErrNotFound, ErrUnsupported, ErrUnauthorized,
// ErrRateLimited, ErrQuotaExceeded or ErrUnavailable, matched with
// errors.Is. The kind says whose fault it was and so what a failover does:
// invalid requests are returned at once, "not found" and "unsupported" try
// the next provider without blaming this one, and the rest count against the
// provider's circuit breaker (see package fallback). Validation errors,
// raised before any I/O, are *RequestError and match ErrInvalidRequest.
//
// # Distances
//
// Haversine is the fast great-circle distance on a sphere of the mean Earth
// radius (error up to about 0.3% over Korea). Geodesic is the exact distance
// on the WGS84 ellipsoid by Karney's algorithm, agreeing with GeographicLib
// to far below a millimetre; see BENCHMARKS.md for their cost. Neither
// allocates. EncodePolyline and DecodePolyline handle Google's encoded
// polylines at precision 5 and 6 (OSRM's "polyline6").
package geo
