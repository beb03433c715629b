package osm

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/cells"
	"github.com/mapswitch/mapswitch/internal/fanout"
)

// tile is a block of the matrix answered by one table request.
type tile struct{ o0, o1, d0, d1 int }

// Matrix implements geo.Matrixer with OSRM's /table/v1/driving, tiled so no
// request holds more than the max table size of coordinates; a TooBig
// answer splits the tile further. Unreachable pairs (null cells) get
// geo.ErrNotFound.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (*geo.Matrix, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	m := cells.New(len(req.Origins), len(req.Destinations))
	half := max(c.maxTable/2, 1)
	var tiles []tile
	for o := 0; o < len(req.Origins); o += half {
		for d := 0; d < len(req.Destinations); d += half {
			tiles = append(tiles, tile{o, min(o+half, len(req.Origins)), d, min(d+half, len(req.Destinations))})
		}
	}
	fanout.Each(ctx, len(tiles), c.concurrency, func(ctx context.Context, k int) {
		c.fillTile(ctx, req, tiles[k], m)
	}, func(k int) { cells.Fail(m, tiles[k].o0, tiles[k].o1, tiles[k].d0, tiles[k].d1, ctx.Err()) })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := cells.CommonFailure(m); err != nil {
		return nil, err
	}
	return m, nil
}

// fillTile asks for one tile, halving it on TooBig. Tiles write disjoint
// cells, so no lock is needed.
func (c *Client) fillTile(ctx context.Context, req geo.MatrixRequest, t tile, m *geo.Matrix) {
	pts := append(append([]orb.Point{}, req.Origins[t.o0:t.o1]...), req.Destinations[t.d0:t.d1]...)
	nO := t.o1 - t.o0
	src, dst := indexList(0, nO), indexList(nO, len(pts))
	u := c.osrm + "/table/v1/driving/" + coordPath(pts) + "?sources=" + src + "&destinations=" + dst + "&annotations=duration,distance"
	resp, err := c.get(ctx, geo.OpMatrix, u, false)
	var pe *geo.ProviderError
	if err != nil && errors.As(err, &pe) && pe.Code == "TooBig" && (nO > 1 || t.d1-t.d0 > 1) {
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
	if err := decode(geo.OpMatrix, resp, &w); err != nil {
		cells.Fail(m, t.o0, t.o1, t.d0, t.d1, err)
		return
	}
	if len(w.Durations) != nO || len(w.Distances) != nO {
		cells.Fail(m, t.o0, t.o1, t.d0, t.d1, &geo.ProviderError{Provider: "osm", Op: geo.OpMatrix, Kind: geo.ErrUnavailable, Message: "table of the wrong shape"})
		return
	}
	for i := 0; i < nO; i++ {
		for j := 0; j < t.d1-t.d0; j++ {
			cell := &m.Cells[t.o0+i][t.d0+j]
			if j >= len(w.Durations[i]) || j >= len(w.Distances[i]) {
				*cell = geo.Cell{Err: &geo.ProviderError{Provider: "osm", Op: geo.OpMatrix, Kind: geo.ErrUnavailable, Message: "short table row"}}
				continue
			}
			du, di := w.Durations[i][j], w.Distances[i][j]
			if du == nil || di == nil {
				*cell = geo.Cell{Err: &geo.ProviderError{Provider: "osm", Op: geo.OpMatrix, Kind: geo.ErrNotFound, Message: "no route between the pair"}}
				continue
			}
			*cell = geo.Cell{DistanceMeters: *di, Duration: seconds(*du), Provider: "osm"}
		}
	}
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
