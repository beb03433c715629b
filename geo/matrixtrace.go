package geo

import (
	"context"
	"time"
)

// MatrixTrace lets the caller of a Matrixer watch a matrix being computed,
// as net/http/httptrace lets a caller watch a request: a matrix is many
// provider calls (1→N requests, table tiles, single routes), and a caller
// that sees them complete can tell a provider that is working through a
// large matrix from one that has stopped answering. The failover client
// uses it to judge matrix attempts by progress instead of total time.
//
// Either function may be nil. Both may be called from several goroutines
// at once.
type MatrixTrace struct {
	// Planned is called once, before the first provider call, with the
	// number of calls the matrix needs and how many run at once.
	Planned func(calls, concurrency int)
	// CallDone is called after each provider call of the matrix returns,
	// whatever its outcome, with how long that call took: a provider's
	// normal latency per call is what a stalled matrix is judged against.
	CallDone func(elapsed time.Duration)
}

type matrixTraceKey struct{}

// WithMatrixTrace returns a context carrying t, for Matrixer.Matrix.
func WithMatrixTrace(ctx context.Context, t *MatrixTrace) context.Context {
	return context.WithValue(ctx, matrixTraceKey{}, t)
}

// ContextMatrixTrace returns the trace carried by ctx, or nil. Providers
// that make several calls per matrix call it once per Matrix.
func ContextMatrixTrace(ctx context.Context) *MatrixTrace {
	t, _ := ctx.Value(matrixTraceKey{}).(*MatrixTrace)
	return t
}
