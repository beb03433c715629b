package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/mapswitch/mapswitch/internal/fleetrun"
)

// procLead is how long the children get to start and join the fleet
// before the load starts: an OS process and its Redis connections take
// longer than a goroutine.
const procLead = 3 * time.Second

// job is what a child is told: the plan and which instances are its own.
type job struct {
	Config  fleetrun.Config `json:"config"`
	Plan    fleetrun.Plan   `json:"plan"`
	Indexes []int           `json:"indexes"`
}

// runProcs runs cfg's instances in n child processes (this program,
// started again with -child), the simulators staying here.
func runProcs(ctx context.Context, cfg fleetrun.Config, n int) (fleetrun.Report, error) {
	if n > cfg.Instances {
		n = cfg.Instances
	}
	exe, err := os.Executable()
	if err != nil {
		return fleetrun.Report{}, err
	}
	w, err := fleetrun.NewWorld()
	if err != nil {
		return fleetrun.Report{}, err
	}
	defer w.Close()
	p := w.Plan(cfg, procLead)

	var mu sync.Mutex
	var results []fleetrun.Result
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		var idx []int
		for i := k; i < cfg.Instances; i += n {
			idx = append(idx, i)
		}
		spec, err := json.Marshal(job{Config: cfg, Plan: p, Indexes: idx})
		if err != nil {
			return fleetrun.Report{}, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out, stderr bytes.Buffer
			cmd := exec.CommandContext(ctx, exe, "-child", string(spec))
			cmd.Stdout, cmd.Stderr = &out, &stderr
			if err := cmd.Run(); err != nil {
				errs[k] = fmt.Errorf("process %d: %v: %s", k, err, stderr.Bytes())
				return
			}
			var rs []fleetrun.Result
			if err := json.Unmarshal(out.Bytes(), &rs); err != nil {
				errs[k] = fmt.Errorf("process %d: %v", k, err)
				return
			}
			mu.Lock()
			results = append(results, rs...)
			mu.Unlock()
		}()
	}
	go w.BlackHoleAt(ctx, p)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fleetrun.Report{}, err
	}
	return fleetrun.Collect(cfg, results, w.DeadRequests()), nil
}

// runChild runs the instances spec names and prints their results as
// JSON on stdout.
func runChild(ctx context.Context, spec string) error {
	var j job
	if err := json.Unmarshal([]byte(spec), &j); err != nil {
		return fmt.Errorf("bad -child plan: %v", err)
	}
	results := make([]fleetrun.Result, len(j.Indexes))
	errs := make([]error, len(j.Indexes))
	var wg sync.WaitGroup
	for i, idx := range j.Indexes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = fleetrun.Instance(ctx, j.Config, j.Plan, idx)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(results)
}
