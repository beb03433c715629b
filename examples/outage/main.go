// Command outage replays the Kakao outage of 15 October 2022 on one machine:
// a delivery platform's steady stream of geocode, reverse-geocode, route and
// matrix requests runs through mapswitch's failover client over simulated
// Kakao, NAVER, TMAP and OpenStreetMap servers, while a script sets the
// Kakao simulator on fire (it accepts connections and never answers),
// throttles NAVER under the shifted load, spends TMAP's daily quota, and
// brings Kakao back. It prints a live
// status line and a report: success rate, who answered in each phase,
// latency, and how fast traffic switched away and back. The replay itself
// lives in internal/outage, shared with `mapswitch demo`.
//
// No keys, no network: everything runs on loopback.
//
//	go run ./examples/outage [-duration 20s] [-rate 40] [-seed 1] [-json]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/mapswitch/mapswitch/internal/outage"
)

func main() {
	cfg := outage.Config{}
	flag.DurationVar(&cfg.Duration, "duration", 20*time.Second, "length of the replayed day")
	flag.IntVar(&cfg.Rate, "rate", 40, "requests per second")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the request mix")
	jsonOut := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()
	if cfg.Duration < 3*time.Second || cfg.Rate < 1 || cfg.Rate > 2000 {
		fmt.Fprintln(os.Stderr, "outage: -duration must be at least 3s and -rate within 1..2000")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	var live io.Writer = os.Stderr
	if *jsonOut {
		live = io.Discard
	}
	rep, err := outage.Run(ctx, cfg, live, isTerminal(os.Stderr))
	if err != nil {
		fmt.Fprintln(os.Stderr, "outage:", err)
		os.Exit(1)
	}
	if *jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		rep.Print(os.Stdout)
	}
	if rep.Failed > 0 {
		os.Exit(1)
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
