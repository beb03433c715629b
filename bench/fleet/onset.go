package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mapswitch/mapswitch/internal/fleetrun"
)

// onset replays the black hole runs times for each fleet size, alone and
// sharing Redis, and prints the requests that reached the dead provider.
func onset(addr, ns string, runs int) error {
	fmt.Println("onset: requests reaching a black-holed provider (5 req/s per instance, 100 ms attempt timeout, 5 consecutive failures open)")
	fmt.Printf("%-3s  %-22s  %-22s  %s\n", "N", "alone: median (range)", "fleet: median (range)", "fleet / one instance alone")
	var one float64
	for _, n := range []int{1, 2, 4, 8} {
		var figs [2][]int64
		for r := range runs {
			for i, shared := range []bool{false, true} {
				cfg := fleetrun.Defaults()
				cfg.Instances, cfg.Warm, cfg.After = n, time.Second, 2*time.Second
				if shared {
					cfg.Redis, cfg.Namespace = addr, fmt.Sprintf("%s-onset-%d-%d", ns, n, r)
				}
				rep, err := fleetrun.Run(context.Background(), cfg)
				if err != nil {
					return err
				}
				if rep.Failed > 0 {
					return fmt.Errorf("N=%d: %d caller errors", n, rep.Failed)
				}
				figs[i] = append(figs[i], rep.DeadRequests)
			}
		}
		alone, fleet := summary(figs[0]), summary(figs[1])
		if n == 1 {
			one = median(figs[0])
		}
		fmt.Printf("%-3d  %-22s  %-22s  %.1f×\n", n, alone, fleet, median(figs[1])/one)
	}
	return nil
}

func median(xs []int64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return float64(s[len(s)/2])
	}
	return float64(s[len(s)/2-1]+s[len(s)/2]) / 2
}

func summary(xs []int64) string {
	return fmt.Sprintf("%.1f (%d–%d)", median(xs), slices.Min(xs), slices.Max(xs))
}
