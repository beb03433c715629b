package geotest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// GeocodeCase is one expectation for TestGeocoder. WantErr nil means the
// request must succeed; otherwise the error must match that kind.
type GeocodeCase struct {
	Name      string
	Req       geo.GeocodeRequest
	WantErr   error
	WantPoint orb.Point // when set, the first place must lie within TolMeters
	TolMeters float64   // default 100
}

// ReverseCase is one expectation for TestReverseGeocoder. WantContains,
// when set, must appear in the first place's road or jibun address or name.
type ReverseCase struct {
	Name         string
	Req          geo.ReverseRequest
	WantErr      error
	WantContains string
}

// RouteCase is one expectation for TestRouter; a zero MaxMeters means no
// upper bound.
type RouteCase struct {
	Name                 string
	Req                  geo.RouteRequest
	WantErr              error
	MinMeters, MaxMeters float64
}

// MatrixCase is one expectation for TestMatrixer.
type MatrixCase struct {
	Name    string
	Req     geo.MatrixRequest
	WantErr error
}

// tb is the part of *testing.T the suite uses, so that the suite's own
// tests can check that it fails on broken providers.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Run(name string, f func(tb)) bool
}

type tAdapter struct{ *testing.T }

func (t tAdapter) Run(name string, f func(tb)) bool {
	return t.T.Run(name, func(t *testing.T) { f(tAdapter{t}) })
}

// Points the built-in invalid-input checks use. Each must be rejected with
// geo.ErrInvalidRequest before any I/O.
var badPoints = []struct {
	name string
	p    orb.Point
}{
	{"NaN", orb.Point{math.NaN(), 37.5}},
	{"Inf", orb.Point{126.9, math.Inf(1)}},
	{"lat out of range", orb.Point{0, 91}},
	{"lon out of range", orb.Point{181, 0}},
	{"swapped lat lon", orb.Point{37.5663, 126.9779}},
}

// TestGeocoder runs the conformance suite for a geocoder: the given cases,
// then built-in checks that invalid requests fail with ErrInvalidRequest,
// that a cancelled context is honoured, and that results name the provider
// and carry valid points.
func TestGeocoder(t *testing.T, g geo.Geocoder, cases []GeocodeCase) {
	t.Helper()
	testGeocoder(tAdapter{t}, g, cases)
}

func testGeocoder(t tb, g geo.Geocoder, cases []GeocodeCase) {
	t.Helper()
	name := providerName(g)
	for _, c := range cases {
		t.Run(c.Name, func(t tb) {
			places, err := g.Geocode(context.Background(), c.Req)
			if !checkErr(t, err, c.WantErr) || c.WantErr != nil {
				return
			}
			checkPlaces(t, name, places, c.Req.Limit)
			if c.WantPoint != (orb.Point{}) && len(places) > 0 {
				tol := c.TolMeters
				if tol == 0 {
					tol = 100
				}
				if d := geo.Haversine(places[0].Point, c.WantPoint); d > tol {
					t.Errorf("first place %v is %.0f m from %v (tolerance %.0f m)", places[0].Point, d, c.WantPoint, tol)
				}
			}
		})
	}
	t.Run("invalid requests", func(t tb) {
		for _, q := range []string{"", "   ", strings.Repeat("가", geo.MaxQueryRunes+1)} {
			_, err := g.Geocode(context.Background(), geo.GeocodeRequest{Query: q})
			wantInvalid(t, fmt.Sprintf("Query %.10q", q), err)
		}
		for _, bp := range badPoints {
			p := bp.p
			_, err := g.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울시청", Near: &p})
			wantInvalid(t, "Near "+bp.name, err)
		}
	})
	if req, ok := firstValid(cases, func(c GeocodeCase) (geo.GeocodeRequest, bool) { return c.Req, c.WantErr == nil }); ok {
		t.Run("cancelled context", func(t tb) {
			_, err := g.Geocode(cancelled(), req)
			wantCanceled(t, err)
		})
	}
}

// TestReverseGeocoder runs the conformance suite for a reverse geocoder.
func TestReverseGeocoder(t *testing.T, r geo.ReverseGeocoder, cases []ReverseCase) {
	t.Helper()
	testReverse(tAdapter{t}, r, cases)
}

func testReverse(t tb, r geo.ReverseGeocoder, cases []ReverseCase) {
	t.Helper()
	name := providerName(r)
	for _, c := range cases {
		t.Run(c.Name, func(t tb) {
			places, err := r.ReverseGeocode(context.Background(), c.Req)
			if !checkErr(t, err, c.WantErr) || c.WantErr != nil {
				return
			}
			checkPlaces(t, name, places, 0)
			if c.WantContains != "" && len(places) > 0 {
				a := places[0].Address
				if !strings.Contains(a.Road, c.WantContains) && !strings.Contains(a.Jibun, c.WantContains) && !strings.Contains(places[0].Name, c.WantContains) {
					t.Errorf("first place %+v does not mention %q", a, c.WantContains)
				}
			}
		})
	}
	t.Run("invalid requests", func(t tb) {
		for _, bp := range badPoints {
			_, err := r.ReverseGeocode(context.Background(), geo.ReverseRequest{Point: bp.p})
			wantInvalid(t, "Point "+bp.name, err)
		}
	})
	if req, ok := firstValid(cases, func(c ReverseCase) (geo.ReverseRequest, bool) { return c.Req, c.WantErr == nil }); ok {
		t.Run("cancelled context", func(t tb) {
			_, err := r.ReverseGeocode(cancelled(), req)
			wantCanceled(t, err)
		})
	}
}

// TestRouter runs the conformance suite for a router.
func TestRouter(t *testing.T, r geo.Router, cases []RouteCase) {
	t.Helper()
	testRouter(tAdapter{t}, r, cases)
}

func testRouter(t tb, r geo.Router, cases []RouteCase) {
	t.Helper()
	name := providerName(r)
	for _, c := range cases {
		t.Run(c.Name, func(t tb) {
			rt, err := r.Route(context.Background(), c.Req)
			if !checkErr(t, err, c.WantErr) || c.WantErr != nil {
				return
			}
			if rt == nil {
				t.Errorf("nil route with nil error")
				return
			}
			if name != "" && rt.Provider != name {
				t.Errorf("Route.Provider = %q, want %q", rt.Provider, name)
			}
			if !finite(rt.DistanceMeters) || rt.DistanceMeters < c.MinMeters || (c.MaxMeters > 0 && rt.DistanceMeters > c.MaxMeters) {
				t.Errorf("distance %.0f m outside [%.0f, %.0f]", rt.DistanceMeters, c.MinMeters, c.MaxMeters)
			}
			if rt.Duration < 0 {
				t.Errorf("negative duration %v", rt.Duration)
			}
			for i, p := range rt.Geometry {
				if err := geo.ValidatePoint(fmt.Sprintf("Geometry[%d]", i), p); err != nil {
					t.Errorf("%v", err)
					break
				}
			}
		})
	}
	t.Run("invalid requests", func(t tb) {
		ok := orb.Point{126.9779, 37.5663}
		for _, bp := range badPoints {
			_, err := r.Route(context.Background(), geo.RouteRequest{Origin: bp.p, Destination: ok})
			wantInvalid(t, "Origin "+bp.name, err)
			_, err = r.Route(context.Background(), geo.RouteRequest{Origin: ok, Destination: bp.p})
			wantInvalid(t, "Destination "+bp.name, err)
		}
		_, err := r.Route(context.Background(), geo.RouteRequest{Origin: ok, Destination: ok,
			Waypoints: make([]orb.Point, geo.MaxWaypoints+1)})
		wantInvalid(t, "too many waypoints", err)
	})
	if req, ok := firstValid(cases, func(c RouteCase) (geo.RouteRequest, bool) { return c.Req, c.WantErr == nil }); ok {
		t.Run("cancelled context", func(t tb) {
			_, err := r.Route(cancelled(), req)
			wantCanceled(t, err)
		})
	}
}

// TestMatrixer runs the conformance suite for a matrix provider.
func TestMatrixer(t *testing.T, m geo.Matrixer, cases []MatrixCase) {
	t.Helper()
	testMatrixer(tAdapter{t}, m, cases)
}

func testMatrixer(t tb, m geo.Matrixer, cases []MatrixCase) {
	t.Helper()
	name := providerName(m)
	for _, c := range cases {
		t.Run(c.Name, func(t tb) {
			mx, err := m.Matrix(context.Background(), c.Req)
			if !checkErr(t, err, c.WantErr) || c.WantErr != nil {
				return
			}
			checkMatrix(t, name, mx, c.Req)
		})
	}
	t.Run("invalid requests", func(t tb) {
		ok := []orb.Point{{126.9779, 37.5663}}
		_, err := m.Matrix(context.Background(), geo.MatrixRequest{Destinations: ok})
		wantInvalid(t, "no origins", err)
		_, err = m.Matrix(context.Background(), geo.MatrixRequest{Origins: ok})
		wantInvalid(t, "no destinations", err)
		for _, bp := range badPoints {
			_, err = m.Matrix(context.Background(), geo.MatrixRequest{Origins: ok, Destinations: []orb.Point{bp.p}})
			wantInvalid(t, "Destinations "+bp.name, err)
		}
	})
	if req, ok := firstValid(cases, func(c MatrixCase) (geo.MatrixRequest, bool) { return c.Req, c.WantErr == nil }); ok {
		t.Run("cancelled context", func(t tb) {
			mx, err := m.Matrix(cancelled(), req)
			wantCanceled(t, err)
			checkPartial(t, name, mx, req, context.Canceled)
		})
	}
	if req, ok := largest(cases); ok {
		t.Run("deadline mid-way keeps finished cells", func(t tb) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
			defer cancel()
			mx, err := m.Matrix(ctx, req)
			if err == nil {
				checkMatrix(t, name, mx, req) // it finished in time
				return
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want the context's error", err)
			}
			checkPartial(t, name, mx, req, context.DeadlineExceeded)
		})
	}
}

// largest returns the valid case with the most cells.
func largest(cases []MatrixCase) (geo.MatrixRequest, bool) {
	var best geo.MatrixRequest
	found := false
	for _, c := range cases {
		if c.WantErr == nil && len(c.Req.Origins)*len(c.Req.Destinations) >= len(best.Origins)*len(best.Destinations) {
			best, found = c.Req, true
		}
	}
	return best, found
}

// checkPartial checks geo.Matrixer's contract for a matrix cut short by
// its context: nil (no call made yet), or the request's shape with every
// cell either answered or carrying the context's error.
func checkPartial(t tb, name string, mx *geo.Matrix, req geo.MatrixRequest, ctxErr error) {
	t.Helper()
	if mx == nil {
		return
	}
	if len(mx.Cells) != len(req.Origins) {
		t.Errorf("partial matrix has %d rows, want %d", len(mx.Cells), len(req.Origins))
		return
	}
	for i, row := range mx.Cells {
		if len(row) != len(req.Destinations) {
			t.Errorf("partial row %d has %d cells, want %d", i, len(row), len(req.Destinations))
			continue
		}
		for j, c := range row {
			switch {
			case c.Err == nil && name != "" && c.Provider != name:
				t.Errorf("partial cell [%d][%d] neither answered nor failed: %+v", i, j, c)
			case c.Err != nil && geo.KindOf(c.Err) == nil && !errors.Is(c.Err, ctxErr):
				t.Errorf("partial cell [%d][%d] error %v is neither a geo kind nor the context's", i, j, c.Err)
			}
		}
	}
}

func checkMatrix(t tb, name string, mx *geo.Matrix, req geo.MatrixRequest) {
	t.Helper()
	if mx == nil {
		t.Errorf("nil matrix with nil error")
		return
	}
	if len(mx.Cells) != len(req.Origins) {
		t.Errorf("matrix has %d rows, want %d", len(mx.Cells), len(req.Origins))
		return
	}
	for i, row := range mx.Cells {
		if len(row) != len(req.Destinations) {
			t.Errorf("row %d has %d cells, want %d", i, len(row), len(req.Destinations))
			continue
		}
		for j, c := range row {
			if c.Err != nil {
				if geo.KindOf(c.Err) == nil {
					t.Errorf("cell [%d][%d] error %v matches no geo kind", i, j, c.Err)
				}
				continue
			}
			if !finite(c.DistanceMeters) || c.DistanceMeters < 0 || c.Duration < 0 {
				t.Errorf("cell [%d][%d] = %.1f m, %v", i, j, c.DistanceMeters, c.Duration)
			}
			if name != "" && c.Provider != name {
				t.Errorf("cell [%d][%d].Provider = %q, want %q", i, j, c.Provider, name)
			}
		}
	}
}

func checkPlaces(t tb, name string, places []geo.Place, limit int) {
	t.Helper()
	if len(places) == 0 {
		t.Errorf("no places and no error: an empty answer must be geo.ErrNotFound")
	}
	if limit > 0 && len(places) > limit {
		t.Errorf("%d places, more than Limit %d", len(places), limit)
	}
	for i, p := range places {
		if err := geo.ValidatePoint(fmt.Sprintf("places[%d].Point", i), p.Point); err != nil {
			t.Errorf("%v", err)
		}
		if !(p.Confidence >= 0 && p.Confidence <= 1) {
			t.Errorf("places[%d].Confidence = %v, want 0..1", i, p.Confidence)
		}
		if name != "" && p.Provider != name {
			t.Errorf("places[%d].Provider = %q, want %q", i, p.Provider, name)
		}
	}
}

func checkErr(t tb, err, want error) bool {
	t.Helper()
	switch {
	case want == nil && err != nil:
		t.Errorf("unexpected error: %v", err)
		return false
	case want != nil && !errors.Is(err, want):
		t.Errorf("error = %v, want one matching %v", err, want)
		return false
	}
	return true
}

func wantInvalid(t tb, what string, err error) {
	t.Helper()
	if !errors.Is(err, geo.ErrInvalidRequest) {
		t.Errorf("%s: error = %v, want geo.ErrInvalidRequest", what, err)
	}
}

func wantCanceled(t tb, err error) {
	t.Helper()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("with a cancelled context: error = %v, want one matching context.Canceled", err)
	}
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func providerName(x any) string {
	if p, ok := x.(geo.Provider); ok {
		return p.Name()
	}
	return ""
}

func firstValid[C, R any](cases []C, f func(C) (R, bool)) (R, bool) {
	for _, c := range cases {
		if r, ok := f(c); ok {
			return r, true
		}
	}
	var zero R
	return zero, false
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
