package naver

import (
	"context"
	"errors"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/cells"
	"github.com/mapswitch/mapswitch/internal/fanout"
)

// Matrix implements geo.Matrixer. NAVER has no matrix API, so each pair is
// a Directions 5 call, at most WithMatrixConcurrency at a time. Each cell
// carries its own error; when ctx ends, calls in flight are cancelled and
// cells not yet asked carry ctx's error. Every pair costs one Directions
// call against the monthly quota.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (*geo.Matrix, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	nd := len(req.Destinations)
	m := cells.New(len(req.Origins), nd)
	fanout.Each(ctx, len(req.Origins)*nd, c.concurrency, func(ctx context.Context, k int) {
		i, j := k/nd, k%nd
		r, err := c.route(ctx, geo.OpMatrix, geo.RouteRequest{Origin: req.Origins[i], Destination: req.Destinations[j], Priority: req.Priority})
		if err != nil {
			var pe *geo.ProviderError
			if errors.As(err, &pe) && pe.Final {
				// Same point: a zero-length trip, not a failure.
				m.Cells[i][j] = geo.Cell{Provider: "naver"}
				return
			}
			m.Cells[i][j] = geo.Cell{Err: err}
			return
		}
		m.Cells[i][j] = geo.Cell{DistanceMeters: r.DistanceMeters, Duration: r.Duration, Provider: "naver"}
	}, func(k int) { m.Cells[k/nd][k%nd] = geo.Cell{Err: ctx.Err()} })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := cells.CommonFailure(m); err != nil {
		return nil, err
	}
	return m, nil
}
