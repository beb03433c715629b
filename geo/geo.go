package geo

import "context"

// Provider is implemented by every map provider. Name identifies the provider
// in results, errors, logs and breaker status ("kakao", "naver", "osm", ...).
// The operations a provider supports are found by type assertion against the
// one-method capability interfaces below, as io.Reader and io.Writer are.
type Provider interface {
	Name() string
}

// Geocoder turns an address or place name into candidate places, best first.
type Geocoder interface {
	Geocode(ctx context.Context, req GeocodeRequest) ([]Place, error)
}

// ReverseGeocoder turns a point into the addresses found there, best first.
type ReverseGeocoder interface {
	ReverseGeocode(ctx context.Context, req ReverseRequest) ([]Place, error)
}

// Router computes a driving route through the request's points.
type Router interface {
	Route(ctx context.Context, req RouteRequest) (*Route, error)
}

// Matrixer computes driving distance and duration for every origin ×
// destination pair.
//
// Each cell stands on its own: a provider may answer some cells and fail
// others, each failed cell carrying its error. Partial work is never thrown
// away: when ctx ends before the matrix is complete, Matrix returns the
// matrix so far (the request's shape, finished cells kept, every other
// cell's Err the context's error) together with the context's error. Only
// a provider that had made no call yet may return a nil matrix then. A
// provider that makes many calls per matrix reports them to the
// MatrixTrace in ctx, if any.
type Matrixer interface {
	Matrix(ctx context.Context, req MatrixRequest) (*Matrix, error)
}

// Op names an operation in errors, breaker keys and status snapshots.
type Op string

// The operations of the capability interfaces.
const (
	OpGeocode Op = "geocode"
	OpReverse Op = "reverse"
	OpRoute   Op = "route"
	OpMatrix  Op = "matrix"
)
