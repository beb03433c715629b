// Command health measures what the failover costs when every provider is
// healthy: breaker openings (each one a false failover) and secondary calls
// caused by hedging, under a dispatch mix on simulators whose latency has a
// realistic log-normal tail.
//
//	go run ./bench/health [-duration 10m] [-rate 40] [-hedges off,50ms,100ms,150ms,adaptive]
//	go run ./bench/health -burn -duration 30s     # start-up with both cores kept busy
//	go run ./bench/health -burn -scale 0.1        # the same, providers answering in milliseconds
//
// Each hedge setting gets its own client and its own simulators, all run
// side by side. -burn starts one spinning goroutine per core for the whole
// run: the clients start cold on a saturated machine.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/estimate"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func main() {
	duration := flag.Duration("duration", 10*time.Minute, "length of the run")
	rate := flag.Int("rate", 40, "requests per second per hedge setting")
	hedges := flag.String("hedges", "off,50ms,100ms,150ms,adaptive", "hedge settings to compare")
	burn := flag.Bool("burn", false, "keep every core busy with a spinning goroutine")
	flag.Float64Var(&scale, "scale", 1, "multiply every simulated latency (0.1: providers answering in milliseconds)")
	flag.Parse()
	if *burn {
		for range runtime.GOMAXPROCS(0) {
			go func() {
				x := 0
				for {
					x++
				}
			}()
		}
	}
	var wg sync.WaitGroup
	results := make([]string, 0)
	var mu sync.Mutex
	for _, h := range strings.Split(*hedges, ",") {
		wg.Add(1)
		go func() {
			defer wg.Done()
			line, err := measure(h, *duration, *rate)
			if err != nil {
				fmt.Fprintln(os.Stderr, "health:", err)
				os.Exit(1)
			}
			mu.Lock()
			results = append(results, line)
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Printf("healthy run of %v at %d req/s per setting, burn=%v\n", *duration, *rate, *burn)
	fmt.Printf("%-9s %8s %8s %9s %8s %9s %s\n", "hedge", "requests", "failed", "openings", "estimate", "2nd/req", "openings by breaker")
	for _, l := range results {
		fmt.Println(l)
	}
}

// scale multiplies the simulators' latencies (-scale).
var scale = 1.0

// stack is one chain on its own simulators.
type stack struct {
	sims    []*sim.Server
	primary *sim.Server
	chain   []geo.Provider
}

func newStack() (*stack, error) {
	ms := time.Duration(scale * float64(time.Millisecond))
	ks, err := sim.NewKakao(
		sim.WithLogNormal("/v2/local", sim.LogNormal{Median: 30 * ms, P99: 120 * ms}),
		sim.WithLogNormal("/v1/destinations", sim.LogNormal{Median: 150 * ms, P99: 400 * ms}),
		sim.WithLogNormal("/v1", sim.LogNormal{Median: 80 * ms, P99: 300 * ms}), sim.WithSeed(rand.Uint64()))
	if err != nil {
		return nil, err
	}
	ns, err := sim.NewNaver(sim.WithLogNormal("", sim.LogNormal{Median: 40 * ms, P99: 200 * ms}), sim.WithSeed(rand.Uint64()))
	if err != nil {
		return nil, err
	}
	nm, err := sim.NewNominatim(sim.WithLogNormal("", sim.LogNormal{Median: 60 * ms, P99: 300 * ms}))
	if err != nil {
		return nil, err
	}
	os_, err := sim.NewOSRM(sim.WithLogNormal("", sim.LogNormal{Median: 20 * ms, P99: 100 * ms}))
	if err != nil {
		return nil, err
	}
	k, _ := kakao.New("BENCH-KEY", kakao.WithBaseURL(ks.URL()), kakao.WithMobilityBaseURL(ks.URL()))
	n, _ := naver.New("BENCH-ID", "BENCH-SECRET", naver.WithBaseURL(ns.URL()))
	o, _ := osm.New(osm.WithUserAgent("mapswitch-bench/1"), osm.WithNominatimURL(nm.URL()), osm.WithOSRMURL(os_.URL()))
	e, _ := estimate.New()
	return &stack{sims: []*sim.Server{ks, ns, nm, os_}, primary: ks, chain: []geo.Provider{k, n, o, e}}, nil
}

func (s *stack) secondaryCalls() int64 {
	var n int64
	for _, x := range s.sims[1:] {
		n += x.Requests()
	}
	return n
}

func measure(hedge string, duration time.Duration, rate int) (string, error) {
	st, err := newStack()
	if err != nil {
		return "", err
	}
	defer func() {
		for _, s := range st.sims {
			s.Close()
		}
	}()
	var openings atomic.Int32
	var mu sync.Mutex
	by := map[string]int{}
	opts := []fallback.Option{fallback.OnStateChange(func(s fallback.StateChange) {
		if s.To == "open" && s.Provider != "estimate" {
			openings.Add(1)
			mu.Lock()
			by[s.Provider+"/"+string(s.Op)]++
			mu.Unlock()
		}
	})}
	switch hedge {
	case "off":
	case "adaptive":
		opts = append(opts, fallback.WithAdaptiveHedge(50*time.Millisecond, 300*time.Millisecond))
	default:
		d, err := time.ParseDuration(hedge)
		if err != nil {
			return "", err
		}
		opts = append(opts, fallback.WithHedge(d))
	}
	c, err := fallback.New(st.chain, opts...)
	if err != nil {
		return "", err
	}
	places := sim.Gazetteer()
	var requests, failed, estimated atomic.Int64
	var wg sync.WaitGroup
	rng := rand.New(rand.NewPCG(1, 2))
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	start := time.Now()
	for time.Since(start) < duration {
		<-tick.C
		p := places[rng.IntN(len(places))]
		x := rng.IntN(10)
		pts := gangnam(rng, 16)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var err error
			est := false
			switch {
			case x < 4:
				_, err = c.Geocode(ctx, geo.GeocodeRequest{Query: p.Road})
			case x < 5:
				_, err = c.ReverseGeocode(ctx, geo.ReverseRequest{Point: p.Point})
			case x < 9:
				var r *geo.Route
				r, err = c.Route(ctx, geo.RouteRequest{Origin: pts[0], Destination: pts[1]})
				est = err == nil && r.Estimated
			default:
				var m *geo.Matrix
				m, err = c.Matrix(ctx, geo.MatrixRequest{Origins: pts[:6], Destinations: pts[6:16]})
				est = err == nil && m.Cells[0][0].Estimated
			}
			requests.Add(1)
			if err != nil {
				failed.Add(1)
			}
			if est {
				estimated.Add(1)
			}
		}()
	}
	wg.Wait()
	c.Close()
	mu.Lock()
	defer mu.Unlock()
	return fmt.Sprintf("%-9s %8d %8d %9d %8d %9.3f %v", hedge, requests.Load(), failed.Load(), openings.Load(),
		estimated.Load(), float64(st.secondaryCalls())/float64(requests.Load()), by), nil
}

// gangnam returns n points within about 3 km of Gangnam station.
func gangnam(rng *rand.Rand, n int) []orb.Point {
	return sim.Near(rng, orb.Point{127.0276, 37.4979}, 2500, n)
}
