// Command fleet replays the black-hole outage on a fleet of instances
// sharing a real Redis: each instance has its own failover client (Kakao,
// then NAVER, simulated on loopback) and its own redisfleet.Fleet, all
// send steady geocode traffic, and Kakao's simulator becomes a black hole.
// It prints, per instance and for the fleet, the requests, who answered
// them, the requests that reached the dead provider and how long each
// instance took to stop calling it.
//
//	go run ./examples/fleet -redis 127.0.0.1:6379              # 8 instances in this process
//	go run ./examples/fleet -redis 127.0.0.1:6379 -procs 4     # 4 OS processes, 2 instances each
//	go run ./examples/fleet -redis 127.0.0.1:6379 -fleet=false # each instance alone, to compare
//
// With -procs N the program starts itself N times; the simulators stay in
// the first process, so the dead provider's requests are counted at its
// server whichever process sent them. No keys, no network beyond
// loopback; the keys it writes are under a namespace of their own and
// expire.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/mapswitch/mapswitch/internal/fleetrun"
)

func main() {
	cfg := fleetrun.Defaults()
	flag.IntVar(&cfg.Instances, "instances", cfg.Instances, "application instances")
	flag.IntVar(&cfg.Rate, "rate", cfg.Rate, "requests a second per instance")
	flag.DurationVar(&cfg.Warm, "warm", cfg.Warm, "healthy time before the black hole")
	flag.DurationVar(&cfg.After, "after", cfg.After, "time after the black hole")
	flag.DurationVar(&cfg.AttemptTimeout, "attempt-timeout", cfg.AttemptTimeout, "how long an instance waits for a provider")
	addr := flag.String("redis", "127.0.0.1:6379", "the fleet's Redis (host:port)")
	fleet := flag.Bool("fleet", true, "share what instances learn through Redis (false: each learns alone)")
	procs := flag.Int("procs", 0, "run the instances as this many OS processes (0: all in this one)")
	jsonOut := flag.Bool("json", false, "print the report as JSON")
	child := flag.String("child", "", "internal: run instances of a plan (JSON) and print their results")
	flag.Parse()
	if *fleet {
		cfg.Redis = *addr
		cfg.Namespace = fmt.Sprintf("mapswitch-example-fleet-%d-%d", os.Getpid(), time.Now().UnixNano())
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var rep fleetrun.Report
	var err error
	switch {
	case *child != "":
		err = runChild(ctx, *child)
		if err != nil {
			fmt.Fprintln(os.Stderr, "fleet (child):", err)
			os.Exit(1)
		}
		return
	case *procs > 0:
		rep, err = runProcs(ctx, cfg, *procs)
	default:
		rep, err = fleetrun.Run(ctx, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
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
