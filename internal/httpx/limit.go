package httpx

import (
	"context"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/limit"
)

// Acquire asks l (nil: no limit) for a slot before one HTTP call. A refusal
// is the provider's geo.ErrRateLimited, so that the failover asks another
// provider rather than queueing the caller; the caller's own cancellation
// is returned as ctx's error.
func Acquire(ctx context.Context, l limit.Limiter, provider string, op geo.Op) error {
	if l == nil {
		return nil
	}
	err := l.Wait(ctx)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return &geo.ProviderError{Provider: provider, Op: op, Kind: geo.ErrRateLimited,
		Message: "client-side rate limit: " + err.Error()}
}
