package osm

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/cells"
	"github.com/mapswitch/mapswitch/internal/fanout"
	"github.com/mapswitch/mapswitch/internal/named"
)

// tile is a block of the matrix answered by one table request.
type tile struct{ o0, o1, d0, d1 int }

// Matrix implements geo.Matrixer with OSRM's /table/v1/driving, tiled into
// as few requests as the max table size allows; a TooBig answer splits the
// tile further. Unreachable pairs (null cells) get geo.ErrNotFound, and so
// does the row of an origin or the column of a destination that the server
// moved farther than the max snap distance onto its roads.
//
// When ctx ends before every tile is answered, Matrix returns the matrix
// with the answered cells kept and every other cell's Err set to
// ctx.Err(), together with ctx.Err().
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (m *geo.Matrix, err error) {
	defer func() { m, err = named.Matrix(c.b.Name(), m, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	m = cells.New(len(req.Origins), len(req.Destinations))
	tiles := c.tiles(len(req.Origins), len(req.Destinations))
	fanout.Each(ctx, len(tiles), c.b.Concurrency, func(ctx context.Context, k int) {
		c.fillTile(ctx, req, tiles[k], m)
	}, func(k int) { cells.Fail(m, tiles[k].o0, tiles[k].o1, tiles[k].d0, tiles[k].d1, ctx.Err()) })
	if err := ctx.Err(); err != nil && unfinished(m, err) {
		return m, err
	}
	if err := cells.CommonFailure(m); err != nil {
		return nil, err
	}
	return m, nil
}

// unfinished gives every cell left without an answer because ctx ended
// the error ctxErr, and reports whether there was any. Such cells hold a
// bare context error: the tiles never started, or their request was cut
// off (httpx returns the context's own error then).
func unfinished(m *geo.Matrix, ctxErr error) bool {
	found := false
	for _, row := range m.Cells {
		for j := range row {
			if e := row[j].Err; e == context.Canceled || e == context.DeadlineExceeded {
				row[j].Err, found = ctxErr, true
			}
		}
	}
	return found
}

// urlCoords bounds the coordinates of one table request so that its GET
// line stays under 8 KB (at most about 30 bytes a coordinate with its
// index): 8 KB is nginx's default limit for a request line and the floor
// of osrm-routed's own header limit, and servers answer longer URLs with
// 414 or 400 rather than TooBig.
const urlCoords = 250

// tiles cuts an o × d matrix into the fewest requests the server accepts.
// osrm-routed refuses a table only when sources × destinations exceeds
// max-table-size squared (the table plugin counts cells, not coordinates),
// so a tile may have any shape within that many cells: 120 × 120 with the
// default 100 is two requests of 60 × 120. The URL bounds the shape too: a
// tile holds at most urlCoords coordinates, or max-table-size when that is
// larger (osrm-routed sizes its header limit from it). Among the shapes
// needing the fewest requests, the one with the fewest rows per tile
// wins, and rows and columns are then spread evenly over the tiles.
func (c *Client) tiles(o, d int) []tile {
	side := min(c.maxTable, 1<<16) // no overflow; far above any real matrix
	limit, coords := side*side, max(urlCoords, side)
	bestN, bestR, bestC := 0, 0, 0
	for r := 1; r <= o && r <= limit && r < coords; r++ {
		cols := min(d, limit/r, coords-r)
		if n := ceilDiv(o, r) * ceilDiv(d, cols); bestN == 0 || n < bestN {
			bestN, bestR, bestC = n, r, cols
		}
	}
	nr, nc := ceilDiv(o, bestR), ceilDiv(d, bestC)
	ts := make([]tile, 0, nr*nc)
	for i := 0; i < nr; i++ {
		for j := 0; j < nc; j++ {
			// Even blocks are no larger than bestR × bestC.
			ts = append(ts, tile{i * o / nr, (i + 1) * o / nr, j * d / nc, (j + 1) * d / nc})
		}
	}
	return ts
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// fillTile asks for one tile, halving it on TooBig (the server's limit is
// lower than configured). Tiles write disjoint cells, so no lock is needed.
func (c *Client) fillTile(ctx context.Context, req geo.MatrixRequest, t tile, m *geo.Matrix) {
	pts := append(append([]orb.Point{}, req.Origins[t.o0:t.o1]...), req.Destinations[t.d0:t.d1]...)
	nO, nD := t.o1-t.o0, t.d1-t.d0
	src, dst := indexList(0, nO), indexList(nO, len(pts))
	// No radiuses: with them OSRM refuses the whole table (NoSegment) for
	// one far point; the snap distances below refuse only its cells.
	u := c.osrm + "/table/v1/driving/" + coordPath(pts) + "?sources=" + src + "&destinations=" + dst + "&annotations=duration,distance"
	resp, err := c.get(ctx, geo.OpMatrix, u, false)
	var pe *geo.ProviderError
	if err != nil && errors.As(err, &pe) && pe.Code == "TooBig" && (nO > 1 || nD > 1) {
		for _, sub := range split(t) {
			c.fillTile(ctx, req, sub, m)
		}
		return
	}
	if err != nil {
		cells.Fail(m, t.o0, t.o1, t.d0, t.d1, err)
		return
	}
	var w osrmTable
	if err := c.b.Decode(geo.OpMatrix, resp, &w); err != nil {
		cells.Fail(m, t.o0, t.o1, t.d0, t.d1, err)
		return
	}
	if len(w.Durations) != nO || len(w.Distances) != nO {
		cells.Fail(m, t.o0, t.o1, t.d0, t.d1, &geo.ProviderError{Provider: "osm", Op: geo.OpMatrix, Kind: geo.ErrUnavailable, Message: "table of the wrong shape"})
		return
	}
	farRow := c.farPoints(resp.StatusCode, w.Sources, nO, "Origins", t.o0)
	farCol := c.farPoints(resp.StatusCode, w.Destinations, nD, "Destinations", t.d0)
	for i := 0; i < nO; i++ {
		for j := 0; j < nD; j++ {
			m.Cells[t.o0+i][t.d0+j] = tableCell(w, i, j, farRow[i], farCol[j])
		}
	}
}

// tableCell reads cell [i][j] of an answer. A point moved too far (its
// error in far) fails the cell whatever the server computed for it.
func tableCell(w osrmTable, i, j int, far ...error) geo.Cell {
	for _, err := range far {
		if err != nil {
			return geo.Cell{Err: err}
		}
	}
	if j >= len(w.Durations[i]) || j >= len(w.Distances[i]) {
		return geo.Cell{Err: &geo.ProviderError{Provider: "osm", Op: geo.OpMatrix, Kind: geo.ErrUnavailable, Message: "short table row"}}
	}
	du, di := w.Durations[i][j], w.Distances[i][j]
	if du == nil || di == nil {
		return geo.Cell{Err: &geo.ProviderError{Provider: "osm", Op: geo.OpMatrix, Kind: geo.ErrNotFound, Message: "no route between the pair"}}
	}
	return geo.Cell{DistanceMeters: *di, Duration: seconds(*du), Provider: "osm"}
}

// farPoints returns, for each of the n requested points, the error of a
// point moved too far onto the roads, or nil. Points the server did not
// report are taken as answered. field and first name the points as the
// request does, e.g. "Origins[120]".
func (c *Client) farPoints(status int, wps []osrmWaypoint, n int, field string, first int) []error {
	out := make([]error, n)
	for i := 0; i < n && i < len(wps); i++ {
		out[i] = c.tooFar(geo.OpMatrix, status, fmt.Sprintf("%s[%d]", field, first+i), wps[i])
	}
	return out
}

func split(t tile) []tile {
	if t.o1-t.o0 >= t.d1-t.d0 {
		mid := (t.o0 + t.o1) / 2
		return []tile{{t.o0, mid, t.d0, t.d1}, {mid, t.o1, t.d0, t.d1}}
	}
	mid := (t.d0 + t.d1) / 2
	return []tile{{t.o0, t.o1, t.d0, mid}, {t.o0, t.o1, mid, t.d1}}
}

func indexList(from, to int) string {
	parts := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		parts = append(parts, strconv.Itoa(i))
	}
	// %3B, not a bare ";": OSRM percent-decodes the URL, and Go servers
	// (self-hosted proxies, the simulators) drop queries with bare semicolons.
	return strings.Join(parts, "%3B")
}
