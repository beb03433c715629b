// Command ridehailing quotes pickup ETAs the way a taxi or designated-driver
// app does: a route from the driver to the rider, latency-critical. Kakao
// starts answering slowly (a degraded data centre rather than a dead one);
// with hedging, mapswitch asks NAVER in parallel once Kakao has kept the
// rider waiting 120 ms, takes whichever answers first, and soon stops
// asking Kakao at all.
//
//	go run ./examples/ridehailing
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/demo"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// quote is one ETA shown to a rider.
type quote struct {
	ETA      time.Duration
	Meters   float64
	Provider string
	Took     time.Duration
}

func run(ctx context.Context, out io.Writer, n int, simOpts ...sim.Option) ([]quote, error) {
	w, err := demo.Start(demo.Config{SimOpts: simOpts, Options: []fallback.Option{
		fallback.WithHedge(120 * time.Millisecond),
		fallback.WithAttemptTimeout(time.Second),
	}})
	if err != nil {
		return nil, err
	}
	defer w.Close()
	if err := w.Kakao.SetFault(sim.Fault{Kind: sim.Slow, Latency: 2 * time.Second}); err != nil {
		return nil, err
	}
	driver := orb.Point{127.0276, 37.4979} // Gangnam station
	riders := []orb.Point{{127.0590, 37.5118}, {127.1025, 37.5126}, {126.9779, 37.5663}, {127.0470, 37.5801}}
	var qs []quote
	for i := 0; i < n; i++ {
		start := time.Now()
		rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		r, err := w.Client.Route(rctx, geo.RouteRequest{Origin: driver, Destination: riders[i%len(riders)], Priority: geo.PriorityTime})
		cancel()
		if err != nil {
			return qs, err
		}
		q := quote{ETA: r.Duration, Meters: r.DistanceMeters, Provider: r.Provider, Took: time.Since(start)}
		qs = append(qs, q)
		fmt.Fprintf(out, "ride %2d: pickup in %4.1f min (%4.1f km) by %-6s answered in %v\n",
			i+1, q.ETA.Minutes(), q.Meters/1000, q.Provider, q.Took.Round(time.Millisecond))
	}
	// Kakao's calls that lost the race run on until its slow-call
	// threshold before they are judged (losing a race is no failure; being
	// that slow is): Close waits for them.
	w.Client.Close()
	for _, s := range w.Client.Status() {
		if s.Provider == "kakao" && s.Op == geo.OpRoute {
			fmt.Fprintf(out, "kakao route breaker: %s\n", s.State)
		}
	}
	return qs, nil
}

func main() {
	if _, err := run(context.Background(), os.Stdout, 12); err != nil {
		fmt.Fprintln(os.Stderr, "ridehailing:", err)
		os.Exit(1)
	}
}
