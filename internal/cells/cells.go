// Package cells holds the matrix bookkeeping every provider shares: making
// an empty matrix, failing a block of cells, and deciding when a matrix
// whose cells all failed should be reported as the call's error.
package cells

import (
	"context"

	"github.com/mapswitch/mapswitch/geo"
)

// New returns a matrix of rows × cols zero cells.
func New(rows, cols int) *geo.Matrix {
	m := &geo.Matrix{Cells: make([][]geo.Cell, rows)}
	flat := make([]geo.Cell, rows*cols)
	for i := range m.Cells {
		m.Cells[i] = flat[i*cols : (i+1)*cols : (i+1)*cols]
	}
	return m
}

// Fail sets err on the cells [r0, r1) × [c0, c1).
func Fail(m *geo.Matrix, r0, r1, c0, c1 int, err error) {
	for i := r0; i < r1; i++ {
		for j := c0; j < c1; j++ {
			m.Cells[i][j] = geo.Cell{Err: err}
		}
	}
}

// Finish is how a provider's Matrix ends, by geo.Matrixer's contract: when
// ctx ended, the matrix so far with ctx's error (finished cells kept, the
// others carrying ctx's error, as fanout leaves them); when every cell
// failed alike, that failure alone; otherwise m.
func Finish(ctx context.Context, m *geo.Matrix) (*geo.Matrix, error) {
	if err := ctx.Err(); err != nil {
		for _, row := range m.Cells {
			for j := range row {
				if row[j].Err == nil && row[j].Provider == "" {
					row[j].Err = err // never reached: no provider answered it
				}
			}
		}
		return m, err
	}
	if err := CommonFailure(m); err != nil {
		return nil, err
	}
	return m, nil
}

// CommonFailure returns the first cell's error when every cell failed with
// the same kind other than geo.ErrNotFound, so that the failover sees a
// failed call (an outage, a spent quota) rather than a matrix of holes.
// It returns nil when any cell holds a value or the kinds differ.
func CommonFailure(m *geo.Matrix) error {
	var first, kind error
	for _, row := range m.Cells {
		for _, c := range row {
			if c.Err == nil {
				return nil
			}
			k := geo.KindOf(c.Err)
			switch {
			case k == geo.ErrNotFound:
				return nil
			case first == nil:
				first, kind = c.Err, k
			case k != kind:
				return nil
			}
		}
	}
	return first
}
