package tmap

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

type matrixBody struct {
	Origins       []map[string]any `json:"origins"`
	Destinations  []map[string]any `json:"destinations"`
	TransportMode string           `json:"transportMode"`
	Metric        string           `json:"metric"`
}

// matrixAnswer answers a tile with distance 1000·(row+1)+col of the tile's
// own indexes, in reverse order, so that cells must be placed by index,
// never by position.
func matrixAnswer(b matrixBody) string {
	var els []string
	for i := len(b.Origins) - 1; i >= 0; i-- {
		for j := len(b.Destinations) - 1; j >= 0; j-- {
			els = append(els, fmt.Sprintf(`{"status":"Ok","originIndex":%d,"destinationIndex":%d,"cost":0,"duration":%d,"distance":%d.5,"toll":false}`,
				i, j, 60*(i+1), 1000*(i+1)+j))
		}
	}
	return fmt.Sprintf(`{"meta":{"status":"Ok","message":"OK"},"matrixRoutes":[%s]}`, strings.Join(els, ","))
}

func decodeMatrix(t *testing.T, raw []byte) matrixBody {
	var b matrixBody
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Errorf("body %s: %v", raw, err)
	}
	return b
}

// matrixServer answers every tile with matrixAnswer after calling hook.
func matrixServer(t *testing.T, hook func(b matrixBody)) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, raw []byte) {
		b := decodeMatrix(t, raw)
		if hook != nil {
			hook(b)
		}
		fmt.Fprint(w, matrixAnswer(b))
	})
}

func grid(n int, lon0 float64) []orb.Point {
	ps := make([]orb.Point, n)
	for i := range ps {
		ps[i] = orb.Point{lon0 + float64(i)/1000, 37.5}
	}
	return ps
}

func TestMatrixWire(t *testing.T) {
	s := matrixServer(t, nil)
	m, err := client(t, s).Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{pangyo, cityHall}, Destinations: []orb.Point{busan}})
	if err != nil {
		t.Fatal(err)
	}
	rq := s.req(0)
	var b map[string]any
	json.Unmarshal(rq.body, &b)
	o0 := b["origins"].([]any)[0].(map[string]any)
	// lon and lat go as strings: the matrix refuses numbers.
	if rq.method != "POST" || rq.path != "/tmap/matrix" || rq.query["version"][0] != "1" || o0["lon"] != "127.111203" || o0["lat"] != "37.394776" ||
		b["transportMode"] != "car" || b["metric"] != "Recommendation" {
		t.Errorf("request %s %s %v", rq.method, rq.path, b)
	}
	if c := m.Cells[1][0]; c.DistanceMeters != 2000.5 || c.Duration != 120*time.Second || c.Provider != "tmap" || c.Err != nil {
		t.Errorf("cell [1][0] = %+v", c)
	}
}

func TestMatrixElementStatuses(t *testing.T) {
	s := newServer(t, serve(`{"meta":{"status":"Ok"},"matrixRoutes":[
	 {"status":"Ok","originIndex":0,"destinationIndex":1,"duration":"600","distance":"5000"},
	 {"status":"NoSegment","originIndex":0,"destinationIndex":0},
	 {"status":"Failure","originIndex":1,"destinationIndex":0},
	 {"status":"Ok","originIndex":7,"destinationIndex":0,"duration":1,"distance":1}]}`))
	m, err := client(t, s).Matrix(context.Background(), geo.MatrixRequest{Origins: []orb.Point{pangyo, cityHall}, Destinations: []orb.Point{busan, pangyo}})
	if err != nil {
		t.Fatal(err)
	}
	if c := m.Cells[0][1]; c.DistanceMeters != 5000 || c.Duration != 10*time.Minute {
		t.Errorf("[0][1] = %+v", c)
	}
	for _, tc := range []struct {
		i, j int
		want error
	}{{0, 0, geo.ErrNotFound}, {1, 0, geo.ErrUnavailable}, {1, 1, geo.ErrUnavailable}} {
		if err := m.Cells[tc.i][tc.j].Err; !errors.Is(err, tc.want) {
			t.Errorf("[%d][%d] err %v, want %v", tc.i, tc.j, err, tc.want)
		}
	}
}

// TestMatrix60x60InFourTiles: a 60 × 60 matrix is answered in four 30 × 30
// requests, reported to the MatrixTrace, every cell from its own tile.
func TestMatrix60x60InFourTiles(t *testing.T) {
	var calls, done atomic.Int32
	s := matrixServer(t, func(b matrixBody) {
		calls.Add(1)
		if len(b.Origins) != 30 || len(b.Destinations) != 30 {
			t.Errorf("tile of %d × %d", len(b.Origins), len(b.Destinations))
		}
	})
	planned := 0
	ctx := geo.WithMatrixTrace(context.Background(), &geo.MatrixTrace{
		Planned:  func(n, _ int) { planned = n },
		CallDone: func(time.Duration) { done.Add(1) },
	})
	os, ds := grid(60, 126.9), grid(60, 127.0)
	m, err := client(t, s).Matrix(ctx, geo.MatrixRequest{Origins: os, Destinations: ds})
	if err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 4 || planned != 4 || done.Load() != 4 {
		t.Errorf("%d requests, %d planned, %d reported; want 4", calls.Load(), planned, done.Load())
	}
	for i := range 60 {
		for j := range 60 {
			want := float64(1000*(i%30+1)+j%30) + 0.5
			if c := m.Cells[i][j]; c.Err != nil || c.DistanceMeters != want || c.Provider != "tmap" {
				t.Fatalf("[%d][%d] = %+v, want %v m", i, j, c, want)
			}
		}
	}
}

// TestMatrixPartialWhenContextEnds: the contract of geo.Matrixer — the
// finished tile is kept, every other cell carries ctx's error, and so does
// the call.
func TestMatrixPartialWhenContextEnds(t *testing.T) {
	var n atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request, raw []byte) {
		if n.Add(1) > 1 {
			<-r.Context().Done()
			return
		}
		fmt.Fprint(w, matrixAnswer(decodeMatrix(t, raw)))
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx = geo.WithMatrixTrace(ctx, &geo.MatrixTrace{CallDone: func(time.Duration) { cancel() }}) // the first tile ends the caller's patience
	c := client(t, s, WithMatrixConcurrency(1))
	m, err := c.Matrix(ctx, geo.MatrixRequest{Origins: grid(60, 126.9), Destinations: grid(30, 127.0)})
	if !errors.Is(err, context.Canceled) || m == nil {
		t.Fatalf("m %v, err %v", m != nil, err)
	}
	answered, cut := 0, 0
	for _, row := range m.Cells {
		for _, c := range row {
			switch {
			case c.Err == nil && c.Provider == "tmap":
				answered++
			case errors.Is(c.Err, context.Canceled):
				cut++
			}
		}
	}
	if answered != 900 || cut != 900 {
		t.Errorf("%d answered, %d cut; want 900 and 900", answered, cut)
	}
}
