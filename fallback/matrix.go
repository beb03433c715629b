package fallback

import (
	"context"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// Matrix implements geo.Matrixer. A provider may answer part of a matrix
// and fail the rest (a tile that timed out, a quota spent halfway): the
// failed cells — those whose error is a provider fault, not "no route" —
// are asked of the next providers as a smaller matrix, and only those cells
// are filled in. Every cell says which provider answered it.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (*geo.Matrix, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	tried := map[string]bool{}
	ask := func(ctx context.Context, sub geo.MatrixRequest) (*geo.Matrix, string, error) {
		return run(ctx, c, geo.OpMatrix, tried, func(ctx context.Context, p geo.Provider) (*geo.Matrix, error) {
			m, err := p.(geo.Matrixer).Matrix(ctx, sub)
			if err == nil && !shapeOK(m, sub) {
				err = &geo.ProviderError{Provider: p.Name(), Op: geo.OpMatrix, Kind: geo.ErrUnavailable,
					Message: "matrix of the wrong shape"}
			}
			return m, err
		})
	}
	m, who, err := ask(ctx, req)
	if err != nil {
		return nil, err
	}
	tried[who] = true
	for {
		rows, cols := holes(m)
		if len(rows) == 0 || len(c.candidates(geo.OpMatrix, tried)) == 0 {
			return m, nil
		}
		sub := geo.MatrixRequest{Priority: req.Priority, Origins: pick(req.Origins, rows), Destinations: pick(req.Destinations, cols)}
		fill, who, err := ask(ctx, sub)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return m, nil // keep the cells' own errors
		}
		tried[who] = true
		for i, r := range rows {
			for j, col := range cols {
				if retryable(m.Cells[r][col].Err) && !retryable(fill.Cells[i][j].Err) {
					m.Cells[r][col] = fill.Cells[i][j]
				}
			}
		}
	}
}

func shapeOK(m *geo.Matrix, req geo.MatrixRequest) bool {
	if m == nil || len(m.Cells) != len(req.Origins) {
		return false
	}
	for _, row := range m.Cells {
		if len(row) != len(req.Destinations) {
			return false
		}
	}
	return true
}

// retryable reports whether a cell failed for a reason another provider
// might not share.
func retryable(err error) bool {
	if err == nil {
		return false
	}
	switch geo.KindOf(err) {
	case geo.ErrNotFound, geo.ErrInvalidRequest:
		return false
	}
	return true
}

// holes returns the rows and columns holding retryable cells.
func holes(m *geo.Matrix) (rows, cols []int) {
	colSet := map[int]bool{}
	for i, row := range m.Cells {
		bad := false
		for j, cell := range row {
			if retryable(cell.Err) {
				bad = true
				colSet[j] = true
			}
		}
		if bad {
			rows = append(rows, i)
		}
	}
	for j := range len(m.Cells[0]) {
		if colSet[j] {
			cols = append(cols, j)
		}
	}
	return rows, cols
}

func pick(pts []orb.Point, idx []int) []orb.Point {
	out := make([]orb.Point, len(idx))
	for i, k := range idx {
		out[i] = pts[k]
	}
	return out
}
