package fallback

import (
	"context"

	"github.com/mapswitch/mapswitch/geo"
)

// Route implements geo.Router. A "no route" answer that the provider marks
// final (origin and destination the same point, say) is returned at once;
// any other "not found" tries the next provider.
func (c *Client) Route(ctx context.Context, req geo.RouteRequest) (route *geo.Route, err error) {
	ctx, end := c.begin(ctx, geo.OpRoute)
	defer func() { p, stale := routeAnswer(route); end(p, stale, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return cached(ctx, c, CacheKey{Op: geo.OpRoute, Key: routeKey(req)}, func(ctx context.Context) (*geo.Route, error) {
		r, _, err := run(ctx, c, geo.OpRoute, nil, func(ctx context.Context, p geo.Provider) (*geo.Route, error) {
			return p.(geo.Router).Route(ctx, req)
		})
		return r, err
	}, routeCodec)
}
