package fallback

import (
	"context"
	"errors"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// Matrix implements geo.Matrixer. A matrix is work, not one call: each
// attempt is judged by its progress (see Timing), and nothing a provider
// finished is thrown away. Cells a provider failed or could not finish — a
// tile that timed out, a quota spent halfway, a provider that stalled, a
// point outside its map ("not found" that the provider did not mark final)
// — are asked of the next providers as a smaller matrix, and only those
// cells are filled in. Every cell says which provider answered it. When the
// caller's context ends, the cells finished so far are returned with the
// context's error, as geo.Matrixer requires.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (m *geo.Matrix, err error) {
	ctx, end := c.begin(ctx, geo.OpMatrix)
	defer func() { end(matrixAnswer(m), false, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	tried := map[string]bool{}
	rows, cols := upTo(len(req.Origins)), upTo(len(req.Destinations))
	for {
		sub := geo.MatrixRequest{Priority: req.Priority, Origins: pick(req.Origins, rows), Destinations: pick(req.Destinations, cols)}
		fill, who, err := run(ctx, c, geo.OpMatrix, tried, matrixCall(sub))
		var part *partialError
		if err != nil && !errors.As(err, &part) {
			switch {
			case m == nil:
				return nil, err
			case ctx.Err() != nil:
				return m, ctx.Err()
			}
			return m, nil // the remaining cells keep their own errors
		}
		tried[who] = true
		if part != nil && ctx.Err() == nil {
			explainCut(fill, part.err)
		}
		if m == nil {
			m = fill
		} else {
			merge(m, fill, rows, cols)
		}
		if err := ctx.Err(); err != nil {
			return m, err
		}
		rows, cols = holes(m)
		if len(rows) == 0 || len(c.candidates(geo.OpMatrix, tried)) == 0 {
			return m, nil
		}
	}
}

// partialError marks a matrix attempt that was cut short after finishing
// some cells: run returns it with the cells, as an answer to complete
// rather than a failure to replace. err is the attempt's own verdict (a
// stall, the caller's deadline).
type partialError struct{ err error }

func (e *partialError) Error() string { return e.err.Error() }
func (e *partialError) Unwrap() error { return e.err }

// matrixCall asks one provider for sub and checks what comes back.
func matrixCall(sub geo.MatrixRequest) call[*geo.Matrix] {
	return func(ctx context.Context, p geo.Provider) (*geo.Matrix, error) {
		m, err := p.(geo.Matrixer).Matrix(ctx, sub)
		if m != nil && !shapeOK(m, sub) {
			return nil, &geo.ProviderError{Provider: p.Name(), Op: geo.OpMatrix, Kind: geo.ErrUnavailable,
				Message: "matrix of the wrong shape"}
		}
		if err == nil && m == nil {
			return nil, &geo.ProviderError{Provider: p.Name(), Op: geo.OpMatrix, Kind: geo.ErrUnavailable,
				Message: "no matrix and no error"}
		}
		if err != nil && ctx.Err() != nil && answered(m) > 0 {
			return m, &partialError{err: err}
		}
		return m, err
	}
}

// explainCut gives the cells a cut-short attempt left unfinished the
// attempt's verdict ("no tile delivered for 3s") instead of a bare
// context error, so that a cell nobody else could fill says why.
func explainCut(m *geo.Matrix, verdict error) {
	var pe *geo.ProviderError
	if !errors.As(verdict, &pe) {
		return
	}
	for _, row := range m.Cells {
		for j := range row {
			if err := row[j].Err; err != nil && geo.KindOf(err) == nil {
				row[j].Err = pe
			}
		}
	}
}

// merge copies fill, the answer for rows × cols, into m where it improves
// a cell.
func merge(m, fill *geo.Matrix, rows, cols []int) {
	for i, r := range rows {
		for j, col := range cols {
			if better(m.Cells[r][col], fill.Cells[i][j]) {
				m.Cells[r][col] = fill.Cells[i][j]
			}
		}
	}
}

// better reports whether cell n should replace o: a value beats any error,
// and a "not found" beats a fault (it is an answer).
func better(o, n geo.Cell) bool {
	if o.Err == nil {
		return false
	}
	return n.Err == nil || geo.KindOf(o.Err) != geo.ErrNotFound && geo.KindOf(n.Err) == geo.ErrNotFound
}

func shapeOK(m *geo.Matrix, req geo.MatrixRequest) bool {
	if len(m.Cells) != len(req.Origins) {
		return false
	}
	for _, row := range m.Cells {
		if len(row) != len(req.Destinations) {
			return false
		}
	}
	return true
}

func answered(m *geo.Matrix) int {
	n := 0
	if m != nil {
		for _, row := range m.Cells {
			for _, c := range row {
				if c.Err == nil {
					n++
				}
			}
		}
	}
	return n
}

// askAgain reports whether a cell's error is one another provider might
// not share: any fault, and "not found" unless the provider marked it
// final (coverage differs between providers).
func askAgain(err error) bool {
	if err == nil {
		return false
	}
	switch geo.KindOf(err) {
	case geo.ErrInvalidRequest:
		return false
	case geo.ErrNotFound:
		var pe *geo.ProviderError
		return !(errors.As(err, &pe) && pe.Final)
	}
	return true
}

// holes returns the rows and columns holding cells worth asking again.
func holes(m *geo.Matrix) (rows, cols []int) {
	colSet := map[int]bool{}
	for i, row := range m.Cells {
		bad := false
		for j, cell := range row {
			if askAgain(cell.Err) {
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

func upTo(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func pick(pts []orb.Point, idx []int) []orb.Point {
	out := make([]orb.Point, len(idx))
	for i, k := range idx {
		out[i] = pts[k]
	}
	return out
}
