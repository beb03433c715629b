package main

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/internal/fleetrun"
	"github.com/mapswitch/mapswitch/internal/redistest"
)

// TestMain lets -procs start this test binary as its children: os.Args
// then begins with -child, and the binary runs the program instead of
// the tests.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func shortConfig(addr string) fleetrun.Config {
	cfg := fleetrun.Defaults()
	cfg.Instances, cfg.Warm, cfg.After = 4, time.Second, 1500*time.Millisecond
	if addr != "" {
		cfg.Redis, cfg.Namespace = addr, fmt.Sprintf("example-fleet-test-%d", time.Now().UnixNano())
	}
	return cfg
}

// check asserts what every replay must show: no caller error, every
// instance stopped calling the dead provider, and the dead provider's
// count within bounds.
func check(t *testing.T, name string, r fleetrun.Report, minDead, maxDead int64) {
	t.Helper()
	t.Logf("%s: %d requests, %d reached the dead provider, first open %v, last %v",
		name, r.Requests, r.DeadRequests, r.FirstOpen, r.LastOpen)
	if r.Failed != 0 || r.Requests < 30 {
		t.Errorf("%s: %d of %d requests failed", name, r.Failed, r.Requests)
	}
	if r.LastOpen < 0 {
		t.Errorf("%s: an instance never stopped calling the dead provider", name)
	}
	if r.DeadRequests < minDead || r.DeadRequests > maxDead {
		t.Errorf("%s: %d requests reached the dead provider, want %d..%d", name, r.DeadRequests, minDead, maxDead)
	}
}

// TestReplay runs the example's three modes in short: 4 instances alone,
// 4 sharing Redis in this process, and 4 sharing it from 2 processes.
func TestReplay(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()

	alone, err := fleetrun.Run(ctx, shortConfig(""))
	if err != nil {
		t.Fatal(err)
	}
	// Each instance learns alone: 5 consecutive failures each.
	check(t, "alone", alone, 4*4, 4*6)

	// Sharing Redis: the fleet's 5 failures, plus the requests sent while
	// their verdicts were pending (20 a second for 100 ms: 2), plus slack.
	together, err := fleetrun.Run(ctx, shortConfig(srv.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	check(t, "fleet in one process", together, 4, 5+2+3)

	procs, err := runProcs(ctx, shortConfig(srv.Addr()), 2)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "fleet in 2 processes", procs, 4, 5+2+3)
	pids := map[int]bool{}
	for _, in := range procs.Instances {
		pids[in.PID] = true
	}
	if len(pids) != 2 || pids[os.Getpid()] {
		t.Errorf("instances ran in processes %v, want 2 children", pids)
	}
}
