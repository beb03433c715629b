// Command delivery assigns orders to couriers the way a delivery agency's
// dispatch does: a couriers × orders distance matrix, then a fee from the
// road distance of each delivery. The matrix goes through mapswitch's
// failover client over simulated Kakao, NAVER and OSM, with the offline
// estimate as the last tier — so when every map provider is down, as Kakao
// was in October 2022 and as shared data centres can be, dispatch goes on
// with distances flagged as estimated instead of stopping.
//
//	go run ./examples/delivery
package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/demo"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// Fee: a base fare for the first 1.5 km, then per 500 m started — a
// common Korean delivery-agency scheme.
const (
	baseFeeKRW = 3000
	baseMeters = 1500
	stepMeters = 500
	stepFeeKRW = 500
)

func fee(meters float64) int {
	if meters <= baseMeters {
		return baseFeeKRW
	}
	return baseFeeKRW + int(math.Ceil((meters-baseMeters)/stepMeters))*stepFeeKRW
}

// assignment is one order given to one courier.
type assignment struct {
	Order, Courier int
	Meters         float64
	FeeKRW         int
	Provider       string
	Estimated      bool
}

// dispatch gives each order to the nearest courier by road.
func dispatch(ctx context.Context, m geo.Matrixer, couriers, orders []orb.Point) ([]assignment, error) {
	mx, err := m.Matrix(ctx, geo.MatrixRequest{Origins: couriers, Destinations: orders})
	if err != nil {
		return nil, err
	}
	var out []assignment
	for j := range orders {
		best := -1
		for i := range couriers {
			c := mx.Cells[i][j]
			if c.Err == nil && (best < 0 || c.DistanceMeters < mx.Cells[best][j].DistanceMeters) {
				best = i
			}
		}
		if best < 0 {
			return nil, fmt.Errorf("order %d: no courier can reach it: %v", j, mx.Cells[0][j].Err)
		}
		c := mx.Cells[best][j]
		out = append(out, assignment{Order: j, Courier: best, Meters: c.DistanceMeters, FeeKRW: fee(c.DistanceMeters),
			Provider: c.Provider, Estimated: c.Estimated})
	}
	return out, nil
}

func run(ctx context.Context, out io.Writer, simOpts ...sim.Option) error {
	w, err := demo.Start(demo.Config{Estimate: true, SimOpts: simOpts})
	if err != nil {
		return err
	}
	defer w.Close()
	// Couriers waiting around Gangnam; orders across southern Seoul.
	couriers := []orb.Point{{127.0276, 37.4979}, {127.0590, 37.5118}, {127.1025, 37.5126}}
	orders := []orb.Point{{127.0396, 37.5006}, {127.0700, 37.5150}, {127.0900, 37.5050}, {127.0200, 37.5100}}
	for _, step := range []struct {
		title string
		down  []*sim.Server
	}{
		{"all providers up", nil},
		{"kakao down", []*sim.Server{w.Kakao}},
		{"every map provider down", []*sim.Server{w.Kakao, w.Naver, w.OSRM}},
	} {
		for _, s := range step.down {
			if err := s.SetFault(sim.Fault{Kind: sim.Down}); err != nil {
				return err
			}
		}
		as, err := dispatch(ctx, w.Client, couriers, orders)
		if err != nil {
			return fmt.Errorf("%s: %w", step.title, err)
		}
		fmt.Fprintf(out, "== %s\n", step.title)
		for _, a := range as {
			est := ""
			if a.Estimated {
				est = " (estimated)"
			}
			fmt.Fprintf(out, "order %d → courier %d: %5.2f km, fee ₩%d, by %s%s\n", a.Order, a.Courier, a.Meters/1000, a.FeeKRW, a.Provider, est)
		}
	}
	return nil
}

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "delivery:", err)
		os.Exit(1)
	}
}
