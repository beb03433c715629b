package tmap

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/cells"
	"github.com/mapswitch/mapswitch/internal/fanout"
	"github.com/mapswitch/mapswitch/internal/named"
)

// MaxMatrixSide is the most origins and the most destinations one
// /tmap/matrix request takes; larger matrices are cut into tiles.
const MaxMatrixSide = 30

// tile is the block of the matrix one request answers.
type tile struct{ o0, o1, d0, d1 int }

// Matrix implements geo.Matrixer with POST /tmap/matrix, a true N×M API:
// the matrix is cut into tiles of at most MaxMatrixSide × MaxMatrixSide,
// sent at most WithMatrixConcurrency at a time (60 × 60 is four requests).
// Each element's status becomes its cell's error. When ctx ends, the
// answered cells are returned with ctx's error in the others, together
// with ctx's error.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (m *geo.Matrix, err error) {
	defer func() { m, err = named.Matrix(c.b.Name(), m, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var tiles []tile
	for o := 0; o < len(req.Origins); o += MaxMatrixSide {
		for d := 0; d < len(req.Destinations); d += MaxMatrixSide {
			tiles = append(tiles, tile{o, min(o+MaxMatrixSide, len(req.Origins)), d, min(d+MaxMatrixSide, len(req.Destinations))})
		}
	}
	m = cells.New(len(req.Origins), len(req.Destinations))
	fanout.Each(ctx, len(tiles), c.b.Concurrency, func(ctx context.Context, k int) {
		c.fillTile(ctx, req, tiles[k], m)
	}, func(k int) { cells.Fail(m, tiles[k].o0, tiles[k].o1, tiles[k].d0, tiles[k].d1, ctx.Err()) })
	return cells.Finish(ctx, m)
}

// fillTile asks for one tile; tiles own disjoint cells.
func (c *Client) fillTile(ctx context.Context, req geo.MatrixRequest, t tile, m *geo.Matrix) {
	body := map[string]any{"origins": lonLats(req.Origins[t.o0:t.o1]), "destinations": lonLats(req.Destinations[t.d0:t.d1]), "transportMode": "car", "metric": "Recommendation"}
	var mr matrixResp
	if _, err := c.do(ctx, geo.OpMatrix, "/tmap/matrix", nil, body, &mr); err != nil {
		cells.Fail(m, t.o0, t.o1, t.d0, t.d1, err)
		return
	}
	mr.fill(t, m)
}

// fill copies a tile's elements into m by their indexes; an element with a
// status other than Ok fails its cell, and a cell the answer left out is
// the provider's fault.
func (mr *matrixResp) fill(t tile, m *geo.Matrix) {
	nO, nD := t.o1-t.o0, t.d1-t.d0
	seen := make([]bool, nO*nD)
	for _, e := range mr.MatrixRoutes {
		if e.OriginIndex == nil || e.DestinationIndex == nil {
			continue
		}
		i, j := *e.OriginIndex, *e.DestinationIndex
		if i < 0 || i >= nO || j < 0 || j >= nD || seen[i*nD+j] {
			continue
		}
		seen[i*nD+j] = true
		cell := &m.Cells[t.o0+i][t.d0+j]
		if e.Status != "Ok" {
			*cell = geo.Cell{Err: cellError(e.Status)}
			continue
		}
		*cell = geo.Cell{DistanceMeters: e.Distance.Float(), Duration: seconds(e.Duration.Float()), Provider: "tmap"}
	}
	for k, ok := range seen {
		if !ok {
			m.Cells[t.o0+k/nD][t.d0+k%nD] = geo.Cell{Err: &geo.ProviderError{Provider: "tmap", Op: geo.OpMatrix,
				Kind: geo.ErrUnavailable, Message: fmt.Sprintf("pair missing from the answer (meta status %q)", mr.Meta.Status)}}
		}
	}
}

// cellError maps an element's status: no road between the pair or a point
// off the map is geo.ErrNotFound, anything else a fault.
func cellError(status string) error {
	e := &geo.ProviderError{Provider: "tmap", Op: geo.OpMatrix, Code: status, Kind: geo.ErrUnavailable, Message: "element status " + status}
	switch status {
	case "ZeroResults", "NoSegment", "NoServiceArea", "NoRoute":
		e.Kind = geo.ErrNotFound
	}
	return e
}

// lonLats renders points as the matrix body wants them: numbers as strings.
func lonLats(ps []orb.Point) []lonLat {
	out := make([]lonLat, len(ps))
	for i, p := range ps {
		out[i] = lonLat{Lon: coord(p[0]), Lat: coord(p[1])}
	}
	return out
}
