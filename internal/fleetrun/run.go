package fleetrun

import (
	"context"
	"errors"
	"sync"
	"time"
)

// lead is how long a replay in one process waits for its instances to
// join the fleet (subscribe, read the state) before the load starts.
const lead = 500 * time.Millisecond

// Run replays cfg with every instance in this process and returns the
// totals.
func Run(ctx context.Context, cfg Config) (Report, error) {
	if err := cfg.validate(); err != nil {
		return Report{}, err
	}
	w, err := NewWorld()
	if err != nil {
		return Report{}, err
	}
	defer w.Close()
	p := w.Plan(cfg, lead)
	results := make([]Result, cfg.Instances)
	errs := make([]error, cfg.Instances)
	var wg sync.WaitGroup
	for i := range cfg.Instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = Instance(ctx, cfg, p, i)
		}()
	}
	go w.BlackHoleAt(ctx, p)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Report{}, err
	}
	return Collect(cfg, results, w.DeadRequests()), nil
}
