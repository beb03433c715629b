package naver

import (
	"context"
	"errors"
	"fmt"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/cells"
	"github.com/mapswitch/mapswitch/internal/fanout"
	"github.com/mapswitch/mapswitch/internal/named"
)

// Matrix implements geo.Matrixer. NAVER has no matrix API, so each pair is
// a Directions 5 call, at most WithMatrixConcurrency at a time. A matrix of
// more than WithMaxMatrixCells cells (default DefaultMaxMatrixCells) is
// declined with geo.ErrUnsupported before any call, so that a failover
// never spends thousands of paid calls on one request. Each cell
// carries its own error; when ctx ends, calls in flight are cancelled and
// cells not yet asked carry ctx's error. Every pair costs one Directions
// call against the monthly quota.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (m *geo.Matrix, err error) {
	defer func() { m, err = named.Matrix(c.b.Name(), m, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if n := len(req.Origins) * len(req.Destinations); n > c.maxMatrix {
		return nil, &geo.ProviderError{Provider: "naver", Op: geo.OpMatrix, Kind: geo.ErrUnsupported,
			Message: fmt.Sprintf("a %d × %d matrix would take %d paid Directions calls; this client allows %d (WithMaxMatrixCells)",
				len(req.Origins), len(req.Destinations), n, c.maxMatrix)}
	}
	nd := len(req.Destinations)
	m = cells.New(len(req.Origins), nd)
	fanout.Each(ctx, len(req.Origins)*nd, c.b.Concurrency, func(ctx context.Context, k int) {
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
	return cells.Finish(ctx, m)
}
