package outage

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// mapsAPI is what the demo needs of the failover client.
type mapsAPI interface {
	geo.Geocoder
	geo.ReverseGeocoder
	geo.Router
	geo.Matrixer
}

// workload generates a delivery platform's request mix: addresses typed by
// customers (geocode), courier positions (reverse), order routes, and small
// courier × order matrices for dispatch.
type workload struct {
	api     mapsAPI
	queries []string    // addresses and place names to geocode
	points  []orb.Point // known places, for reverse, routes and matrices
	timeout time.Duration
}

// op draws one operation name by the mix 40% geocode, 20% reverse, 25%
// route, 15% matrix.
func op(r *rand.Rand) string {
	switch n := r.IntN(100); {
	case n < 40:
		return "geocode"
	case n < 60:
		return "reverse"
	case n < 85:
		return "route"
	default:
		return "matrix"
	}
}

// do runs one request and reports who answered.
func (w *workload) do(ctx context.Context, r *rand.Rand, kind string) (provider string, estimated bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	pick := func() orb.Point { return w.points[r.IntN(len(w.points))] }
	switch kind {
	case "geocode":
		var places []geo.Place
		places, err = w.api.Geocode(ctx, geo.GeocodeRequest{Query: w.queries[r.IntN(len(w.queries))], Limit: 1})
		if err == nil {
			provider = places[0].Provider
		}
	case "reverse":
		var places []geo.Place
		places, err = w.api.ReverseGeocode(ctx, geo.ReverseRequest{Point: pick()})
		if err == nil {
			provider = places[0].Provider
		}
	case "route":
		a, b := pick(), pick()
		for b == a {
			b = pick()
		}
		var rt *geo.Route
		rt, err = w.api.Route(ctx, geo.RouteRequest{Origin: a, Destination: b})
		if err == nil {
			provider, estimated = rt.Provider, rt.Estimated
		}
	case "matrix":
		req := geo.MatrixRequest{Origins: []orb.Point{pick(), pick()}, Destinations: []orb.Point{pick(), pick(), pick()}}
		var m *geo.Matrix
		m, err = w.api.Matrix(ctx, req)
		if err == nil {
			provider, estimated = matrixProvider(m)
		}
	}
	return provider, estimated, err
}

// matrixProvider names the provider that answered most cells.
func matrixProvider(m *geo.Matrix) (string, bool) {
	counts := map[string]int{}
	est := false
	for _, row := range m.Cells {
		for _, c := range row {
			if c.Err == nil {
				counts[c.Provider]++
				est = est || c.Estimated
			}
		}
	}
	best, n := "", 0
	for p, c := range counts {
		if c > n || (c == n && p < best) {
			best, n = p, c
		}
	}
	return best, est
}

// stream sends requests at rate per second until ctx ends, calling
// emit for each finished request. Each request gets its own goroutine, as in a
// server; stream returns after all of them finished.
func (w *workload) stream(ctx context.Context, rate int, seed uint64, start time.Time, phaseAt func(time.Duration) int, emit func(record)) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		kind := op(r)
		sub := rand.New(rand.NewPCG(r.Uint64(), r.Uint64()))
		at := time.Since(start)
		phase := phaseAt(at)
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			prov, est, err := w.do(context.WithoutCancel(ctx), sub, kind)
			rec := record{At: at, Phase: phase, Op: kind, Provider: prov, Latency: time.Since(t0), Estimate: est}
			if err != nil {
				rec.Err = kind + ": " + err.Error()
				rec.Provider = ""
			}
			emit(rec)
		}()
	}
}
