package osm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// tableServer answers /table/v1 like osrm-routed with --max-table-size
// maxTable (0: no limit): TooBig when sources × destinations exceeds its
// square, else cell values computed from the coordinates alone, so that
// any tiling gives the same matrix. snap, when set, gives each
// coordinate's reported snap distance. hold, when set, is called before
// answering and may block.
type tableServer struct {
	maxTable int
	snap     func(orb.Point) float64
	hold     func(r *http.Request)
}

func (ts tableServer) handle(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ts.hold != nil {
			ts.hold(r)
		}
		if n := len(r.URL.RequestURI()); n > 8192 {
			t.Errorf("request line of %d bytes", n)
		}
		var pts []orb.Point
		for _, c := range strings.Split(strings.TrimPrefix(r.URL.Path, "/table/v1/driving/"), ";") {
			lon, lat, _ := strings.Cut(c, ",")
			x, err1 := strconv.ParseFloat(lon, 64)
			y, err2 := strconv.ParseFloat(lat, 64)
			if err1 != nil || err2 != nil {
				t.Errorf("bad coordinate %q", c)
			}
			pts = append(pts, orb.Point{x, y})
		}
		q := r.URL.Query()
		src, dst := indexes(t, q.Get("sources")), indexes(t, q.Get("destinations"))
		if ts.maxTable > 0 && len(src)*len(dst) > ts.maxTable*ts.maxTable {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"code":"TooBig","message":"Too many table coordinates"}`)
			return
		}
		waypoints := func(idx []int) string {
			var out []string
			for _, i := range idx {
				if ts.snap == nil {
					out = append(out, `{"name":"","location":[0,0]}`) // an old server: no distance
				} else {
					out = append(out, fmt.Sprintf(`{"name":"","location":[0,0],"distance":%g}`, ts.snap(pts[i])))
				}
			}
			return "[" + strings.Join(out, ",") + "]"
		}
		var dur, dist []string
		for _, i := range src {
			var dr, ds []string
			for _, j := range dst {
				d := math.Round(geo.Haversine(pts[i], pts[j])*13) / 10
				dr, ds = append(dr, strconv.FormatFloat(d/10, 'f', 1, 64)), append(ds, strconv.FormatFloat(d, 'f', 1, 64))
			}
			dur, dist = append(dur, "["+strings.Join(dr, ",")+"]"), append(dist, "["+strings.Join(ds, ",")+"]")
		}
		fmt.Fprintf(w, `{"code":"Ok","durations":[%s],"distances":[%s],"sources":%s,"destinations":%s}`,
			strings.Join(dur, ","), strings.Join(dist, ","), waypoints(src), waypoints(dst))
	}
}

func indexes(t *testing.T, s string) []int {
	var out []int
	for _, p := range strings.Split(s, ";") {
		i, err := strconv.Atoi(p)
		if err != nil {
			t.Errorf("bad index list %q", s)
		}
		out = append(out, i)
	}
	return out
}

// grid returns n points around Seoul, none equal.
func grid(n int, lon0 float64) []orb.Point {
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{lon0 + float64(i%11)*0.0137, 37.4 + float64(i/11)*0.0091}
	}
	return pts
}

func TestTilesFewestRequestsWithinLimit(t *testing.T) {
	c := &Client{maxTable: 100}
	for _, tc := range []struct{ o, d, want int }{
		{1, 1, 1}, {100, 100, 1}, {120, 120, 2}, {101, 101, 2}, {150, 150, 3}, {200, 200, 4},
		// Long thin matrices are bound by the URL, not the cell count.
		{3, 3000, 13}, {1, 20000, 81}, {10000, 1, 41},
	} {
		ts := c.tiles(tc.o, tc.d)
		if len(ts) != tc.want {
			t.Errorf("%d × %d: %d tiles, want %d", tc.o, tc.d, len(ts), tc.want)
		}
		covered := make(map[[2]int]int)
		for _, tl := range ts {
			if n := (tl.o1 - tl.o0) * (tl.d1 - tl.d0); n > 100*100 || n == 0 || tl.o1-tl.o0+tl.d1-tl.d0 > urlCoords {
				t.Errorf("%d × %d: tile %+v has %d cells", tc.o, tc.d, tl, n)
			}
			for i := tl.o0; i < tl.o1; i++ {
				for j := tl.d0; j < tl.d1; j++ {
					covered[[2]int{i, j}]++
				}
			}
		}
		if len(covered) != tc.o*tc.d {
			t.Errorf("%d × %d: tiles cover %d cells", tc.o, tc.d, len(covered))
		}
		for k, n := range covered {
			if n != 1 {
				t.Errorf("%d × %d: cell %v in %d tiles", tc.o, tc.d, k, n)
				break
			}
		}
	}
}

// TestMatrix120TwoRequests: osrm-routed accepts up to max-table-size²
// cells in any shape, so 120 × 120 at the default 100 is two requests, and
// tiling does not change any value.
func TestMatrix120TwoRequests(t *testing.T) {
	req := geo.MatrixRequest{Origins: grid(120, 126.9), Destinations: grid(120, 127.0)}
	tiled := newServer(t, tableServer{maxTable: DefaultMaxTableSize}.handle(t))
	got, err := client(t, tiled).Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if n := tiled.hits.Load(); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	whole := newServer(t, tableServer{}.handle(t))
	want, err := client(t, whole, WithMaxTableSize(120)).Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if n := whole.hits.Load(); n != 1 {
		t.Errorf("untiled: %d requests", n)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("tiled matrix differs from the untiled one")
	}
	if c := got.Cells[119][119]; c.Err != nil || c.DistanceMeters <= 0 || c.Provider != "osm" {
		t.Errorf("last cell %+v", c)
	}
}

// TestMatrixTooBigFallback: a server whose real limit is below the
// configured one still gets answered, by splitting on TooBig.
func TestMatrixTooBigFallback(t *testing.T) {
	req := geo.MatrixRequest{Origins: grid(30, 126.9), Destinations: grid(30, 127.0)}
	s := newServer(t, tableServer{maxTable: 10}.handle(t))
	m, err := client(t, s).Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range m.Cells {
		for j, c := range row {
			if c.Err != nil {
				t.Fatalf("[%d][%d] %v", i, j, c.Err)
			}
		}
	}
}

// TestTableWire pins the query: 6 decimals, sources then destinations, no
// radiuses (OSRM would refuse the whole table for one far point).
func TestTableWire(t *testing.T) {
	s := newServer(t, tableServer{}.handle(t))
	_, err := client(t, s).Matrix(context.Background(), geo.MatrixRequest{
		Origins: []orb.Point{cityHall}, Destinations: []orb.Point{busan, {127.12345678, 37.5}}})
	if err != nil {
		t.Fatal(err)
	}
	r := s.last()
	if want := "/table/v1/driving/126.977969,37.566295;129.075022,35.179816;127.123457,37.500000"; r.URL.Path != want {
		t.Errorf("path %s, want %s", r.URL.Path, want)
	}
	q := r.URL.Query()
	if q.Get("sources") != "0" || q.Get("destinations") != "1;2" || q.Get("annotations") != "duration,distance" {
		t.Errorf("query %v", q)
	}
	if q.Has("radiuses") {
		t.Errorf("radiuses sent: %v", q)
	}
}

// TestMatrixPartialOnCancel: the first tile is answered, the second hangs;
// cancelling returns the first tile's cells with ctx.Err() for the rest,
// and ctx.Err() as the error.
func TestMatrixPartialOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := make(chan struct{}, 1)
	first <- struct{}{}
	secondArrived := make(chan struct{})
	s := newServer(t, tableServer{hold: func(r *http.Request) {
		select {
		case <-first: // the first request is answered
		default:
			close(secondArrived)
			<-r.Context().Done()
		}
	}}.handle(t))
	go func() { <-secondArrived; cancel() }()
	req := geo.MatrixRequest{Origins: grid(3, 126.9), Destinations: grid(4, 127.0)}
	// 2² = 4 cells per request, one at a time: three tiles of one origin.
	m, err := client(t, s, WithMaxTableSize(2), WithMatrixConcurrency(1)).Matrix(ctx, req)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if m == nil || len(m.Cells) != 3 || len(m.Cells[2]) != 4 {
		t.Fatalf("matrix %+v, want 3 × 4", m)
	}
	var kept, cut int
	for i, row := range m.Cells {
		for j, c := range row {
			switch {
			case c.Err == nil && c.Provider == "osm" && c.DistanceMeters > 0:
				kept++
			case c.Err == context.Canceled:
				cut++
			default:
				t.Errorf("[%d][%d] = %+v", i, j, c)
			}
		}
	}
	if kept != 4 || cut != 8 {
		t.Errorf("%d cells kept, %d cut off; want the first tile's 4 kept and 8 cut", kept, cut)
	}
}

// TestMatrixFarPoints: a far source fails its row, a far destination its
// column, with geo.ErrNotFound; the rest is answered.
func TestMatrixFarPoints(t *testing.T) {
	sea := orb.Point{125.0, 35.5}
	snap := func(p orb.Point) float64 {
		if p == sea {
			return 61234.5
		}
		return 3.2
	}
	s := newServer(t, tableServer{snap: snap}.handle(t))
	req := geo.MatrixRequest{Origins: []orb.Point{cityHall, sea, busan}, Destinations: []orb.Point{busan, sea}}
	m, err := client(t, s).Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range m.Cells {
		for j, c := range row {
			var pe *geo.ProviderError
			switch {
			case i == 1:
				if !errors.As(c.Err, &pe) || !errors.Is(c.Err, geo.ErrNotFound) || !strings.Contains(pe.Message, "Origins[1] is 61 km") {
					t.Errorf("[%d][%d] far source: %v", i, j, c.Err)
				}
			case j == 1:
				if !errors.As(c.Err, &pe) || !errors.Is(c.Err, geo.ErrNotFound) || !strings.Contains(pe.Message, "Destinations[1] is 61 km") {
					t.Errorf("[%d][%d] far destination: %v", i, j, c.Err)
				}
			case c.Err != nil || c.Provider != "osm":
				t.Errorf("[%d][%d] = %+v", i, j, c)
			}
		}
	}
	// Without reported distances (old servers) everything is answered.
	old := newServer(t, tableServer{}.handle(t))
	m, err = client(t, old).Matrix(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range m.Cells {
		for j, c := range row {
			if c.Err != nil {
				t.Errorf("old server [%d][%d]: %v", i, j, c.Err)
			}
		}
	}
}

// TestTableURLFits: the longest coordinates, in the largest tile, keep the
// GET line under 8 KB.
func TestTableURLFits(t *testing.T) {
	far := func(n int) []orb.Point {
		pts := make([]orb.Point, n)
		for i := range pts {
			pts[i] = orb.Point{-179.123456 + float64(i)*1e-6, -89.123456}
		}
		return pts
	}
	s := newServer(t, tableServer{}.handle(t)) // fails the test above 8 KB
	if _, err := client(t, s).Matrix(context.Background(), geo.MatrixRequest{Origins: far(50), Destinations: far(200)}); err != nil {
		t.Fatal(err)
	}
	if n := s.hits.Load(); n != 1 {
		t.Errorf("%d requests for 50 × 200, want 1", n)
	}
}
