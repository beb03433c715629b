// Command matrix times matrices of growing size (10 × 10 to 100 × 100, all
// points within one district) for each provider, called directly and
// through a fallback.Client holding only that provider, on simulators with
// a log-normal latency: Kakao's 1→N calls around 150 ms (p99 400 ms),
// NAVER's Directions around 40 ms, OSRM's table around 30 ms.
//
//	go run ./bench/matrix [-sizes 10,25,50,100]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func main() {
	sizes := flag.String("sizes", "10,25,50,100", "matrix sizes (n × n)")
	flag.Parse()
	ms := time.Millisecond
	ks, _ := sim.NewKakao(sim.WithLogNormal("/v1", sim.LogNormal{Median: 150 * ms, P99: 400 * ms}))
	ns, _ := sim.NewNaver(sim.WithLogNormal("", sim.LogNormal{Median: 40 * ms, P99: 200 * ms}))
	os_, _ := sim.NewOSRM(sim.WithLogNormal("", sim.LogNormal{Median: 30 * ms, P99: 120 * ms}))
	defer ks.Close()
	defer ns.Close()
	defer os_.Close()
	k, _ := kakao.New("BENCH-KEY", kakao.WithBaseURL(ks.URL()), kakao.WithMobilityBaseURL(ks.URL()))
	n, _ := naver.New("BENCH-ID", "BENCH-SECRET", naver.WithBaseURL(ns.URL()))
	o, _ := osm.New(osm.WithUserAgent("mapswitch-bench/1"), osm.WithOSRMURL(os_.URL()))
	fmt.Printf("%-6s %9s %12s %12s %s\n", "", "size", "direct", "fallback", "provider calls (direct)")
	for _, p := range []interface {
		geo.Provider
		geo.Matrixer
	}{k, n, o} {
		fc, err := fallback.New([]geo.Provider{p})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, f := range strings.Split(*sizes, ",") {
			size, _ := strconv.Atoi(f)
			rng := rand.New(rand.NewPCG(uint64(size), 7))
			req := geo.MatrixRequest{Origins: gangnam(rng, size), Destinations: gangnam(rng, size)}
			before := ks.Requests() + ns.Requests() + os_.Requests()
			direct := timeIt(p, req)
			calls := ks.Requests() + ns.Requests() + os_.Requests() - before
			through := timeIt(fc, req)
			fmt.Printf("%-6s %4d×%-4d %12s %12s %d\n", p.Name(), size, size, direct, through, calls)
		}
		fc.Close()
	}
}

// timeIt runs one matrix under a 30 s deadline and reports its wall time,
// or why it has none.
func timeIt(m geo.Matrixer, req geo.MatrixRequest) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	t0 := time.Now()
	mx, err := m.Matrix(ctx, req)
	el := time.Since(t0)
	switch {
	case errors.Is(err, geo.ErrUnsupported):
		return "declined"
	case err != nil:
		return "error"
	}
	for _, row := range mx.Cells {
		for _, c := range row {
			if c.Err != nil {
				return "holes"
			}
		}
	}
	return el.Round(10 * time.Millisecond).String()
}

// gangnam returns n points within about 3 km of Gangnam station.
func gangnam(rng *rand.Rand, n int) []orb.Point {
	return sim.Near(rng, orb.Point{127.0276, 37.4979}, 2500, n)
}
