// Command blackhole measures failover when the primary provider accepts
// connections and never answers — the failure mode of October 2022 — against
// a naive sequential chain, in the same run on the same simulators.
//
//	go run ./bench/blackhole [-rate 50] [-before 2s] [-during 4s]
//
// A steady stream of route requests goes to Kakao (primary) then NAVER
// (secondary, ~20 ms). After -before, Kakao becomes a black hole. mapswitch
// runs with hedging after -hedge and its default breaker policy; the naive
// chain tries Kakao with the same attempt timeout, then NAVER.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/sim"
)

type sample struct {
	at  time.Duration
	lat time.Duration
	err error
}

func main() {
	rate := flag.Int("rate", 50, "requests per second")
	before := flag.Duration("before", 2*time.Second, "healthy time before the black hole")
	during := flag.Duration("during", 4*time.Second, "time with the primary black-holed")
	hedge := flag.Duration("hedge", 100*time.Millisecond, "hedge delay")
	attempt := flag.Duration("attempt", 800*time.Millisecond, "attempt timeout (both clients)")
	same := flag.Bool("same", false, "send one identical route every time (mapswitch coalesces identical requests in flight into one call)")
	flag.Parse()
	for _, name := range []string{"mapswitch", "naive"} {
		if err := measure(name, *rate, *before, *during, *hedge, *attempt, *same); err != nil {
			fmt.Fprintln(os.Stderr, "blackhole:", err)
			os.Exit(1)
		}
	}
}

func measure(name string, rate int, before, during, hedge, attempt time.Duration, same bool) error {
	ks, err := sim.NewKakao(sim.WithLatency(8*time.Millisecond, 4*time.Millisecond))
	if err != nil {
		return err
	}
	defer ks.Close()
	ns, err := sim.NewNaver(sim.WithLatency(18*time.Millisecond, 4*time.Millisecond))
	if err != nil {
		return err
	}
	defer ns.Close()
	k, _ := kakao.New("BENCH-KEY", kakao.WithBaseURL(ks.URL()), kakao.WithMobilityBaseURL(ks.URL()))
	n, _ := naver.New("BENCH-ID", "BENCH-SECRET", naver.WithBaseURL(ns.URL()))

	var mu sync.Mutex
	opened := time.Duration(-1)
	var start time.Time
	var route func(ctx context.Context, req geo.RouteRequest) error
	if name == "mapswitch" {
		fc, err := fallback.New([]geo.Provider{k, n}, fallback.WithHedge(hedge), fallback.WithAttemptTimeout(attempt),
			fallback.OnStateChange(func(s fallback.StateChange) {
				mu.Lock()
				defer mu.Unlock()
				if s.Provider == "kakao" && s.To == "open" && opened < 0 {
					opened = time.Since(start)
				}
			}))
		if err != nil {
			return err
		}
		route = func(ctx context.Context, req geo.RouteRequest) error { _, err := fc.Route(ctx, req); return err }
	} else {
		route = func(ctx context.Context, req geo.RouteRequest) error {
			actx, cancel := context.WithTimeout(ctx, attempt)
			_, err := k.Route(actx, req)
			cancel()
			if err == nil {
				return nil
			}
			_, err = n.Route(ctx, req)
			return err
		}
	}

	req := geo.RouteRequest{Origin: orb.Point{127.1112, 37.3948}, Destination: orb.Point{126.9779, 37.5663}}
	// Dispatch traffic asks for many different routes; with -same every
	// request is identical and in-flight ones share one provider call.
	nth := 0
	var samples []sample
	var wg sync.WaitGroup
	start = time.Now()
	tick := time.NewTicker(time.Second / time.Duration(rate))
	fired := false
	for time.Since(start) < before+during {
		<-tick.C
		if !fired && time.Since(start) >= before {
			ks.SetFault(sim.Fault{Kind: sim.BlackHole})
			fired = true
		}
		wg.Add(1)
		r := req
		if !same {
			nth++
			r.Destination[0] += float64(nth) * 1e-5
		}
		go func(at time.Duration) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			t0 := time.Now()
			err := route(ctx, r)
			mu.Lock()
			samples = append(samples, sample{at: at, lat: time.Since(t0), err: err})
			mu.Unlock()
		}(time.Since(start))
	}
	tick.Stop()
	wg.Wait()
	http.DefaultClient.CloseIdleConnections()

	mu.Lock()
	defer mu.Unlock()
	fmt.Printf("== %s: %d requests\n", name, len(samples))
	bounds := []struct {
		name     string
		from, to time.Duration
	}{{"before the outage", 0, before}}
	if opened >= 0 {
		bounds = append(bounds, struct {
			name     string
			from, to time.Duration
		}{"outage, breaker closed", before, opened}, struct {
			name     string
			from, to time.Duration
		}{"outage, breaker open", opened, before + during})
		fmt.Printf("time from outage start to kakao breaker open: %v\n", (opened - before).Round(time.Millisecond))
	} else {
		bounds = append(bounds, struct {
			name     string
			from, to time.Duration
		}{"outage", before, before + during})
	}
	report("whole run", samples, 0, before+during)
	for _, b := range bounds {
		report(b.name, samples, b.from, b.to)
	}
	if opened >= 0 {
		report("outage, all", samples, before, before+during)
	}
	return nil
}

// report prints success rate and p50/p99 of the samples started in [from, to).
func report(name string, s []sample, from, to time.Duration) {
	var lat []time.Duration
	failed := 0
	for _, x := range s {
		if x.at < from || x.at >= to {
			continue
		}
		lat = append(lat, x.lat)
		if x.err != nil {
			failed++
		}
	}
	if len(lat) == 0 {
		fmt.Printf("  %-24s no requests\n", name)
		return
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("  %-24s %4d req  success %6.2f%%  p50 %7.1f ms  p99 %7.1f ms\n", name, len(lat),
		100*float64(len(lat)-failed)/float64(len(lat)), ms(q(0.5)), ms(q(0.99)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
