// Command fleet measures what sharing a Redis costs and saves a fleet of
// instances.
//
//	go run ./bench/fleet -redis 127.0.0.1:6379 [-runs 3] [-only onset|latency|cache]
//
// Its three parts:
//   - onset: requests that reach a black-holed provider before the fleet
//     stops calling it, N = 1, 2, 4, 8 instances, each alone and sharing
//     Redis (the replay of examples/fleet, in one process);
//   - latency: the time a request spends in fallback.Client with and
//     without a redisfleet.Fleet attached, Redis healthy, measured in one
//     loop alternating the two, and the Redis commands sent per request
//     (breaker decisions make no Redis round trip on the request path:
//     evidence goes out in the background);
//   - cache: one lookup in the shared Redis cache, and in the in-process
//     LRU, on their own.
//
// It writes under a namespace of its own on that Redis; the keys expire.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	addr := flag.String("redis", "127.0.0.1:6379", "a Redis to share (host:port)")
	runs := flag.Int("runs", 3, "replays per onset figure")
	calls := flag.Int("calls", 20000, "requests per latency figure")
	only := flag.String("only", "", "run one part: onset, latency or cache")
	flag.Parse()
	ns := fmt.Sprintf("mapswitch-bench-fleet-%d-%d", os.Getpid(), time.Now().UnixNano())
	parts := []struct {
		name string
		run  func() error
	}{
		{"onset", func() error { return onset(*addr, ns, *runs) }},
		{"latency", func() error { return latency(*addr, ns, *calls) }},
		{"cache", func() error { return cacheLookup(*addr, ns, *calls) }},
	}
	for _, p := range parts {
		if *only != "" && *only != p.name {
			continue
		}
		if err := p.run(); err != nil {
			fmt.Fprintf(os.Stderr, "fleet: %s: %v\n", p.name, err)
			os.Exit(1)
		}
		fmt.Println()
	}
}
