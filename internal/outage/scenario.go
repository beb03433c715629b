package outage

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/internal/demo"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// Config sets the replay: its length (the whole day is compressed into
// it), the request rate, and the seed of the request mix.
type Config struct {
	Duration time.Duration
	Rate     int
	Seed     uint64
}

// phase is one part of the replayed day, starting at a fraction of the run.
type phase struct {
	name  string
	start float64
	apply func(w *demo.World) error
}

var phases = []phase{
	{"normal", 0, func(w *demo.World) error { return nil }},
	{"kakao fire (black hole)", 0.2, func(w *demo.World) error {
		return w.Kakao.SetFault(sim.Fault{Kind: sim.BlackHole})
	}},
	{"naver throttled by the load", 0.45, func(w *demo.World) error {
		return w.Naver.SetFault(sim.Fault{Kind: sim.Throttle, Rate: 0.5, RetryAfter: time.Second})
	}},
	{"tmap daily quota spent", 0.6, func(w *demo.World) error {
		// TMAP's free tier is 1,000 route calls a day: the shifted load
		// spends it within minutes.
		return w.TMAP.SetFault(sim.Fault{Kind: sim.Quota})
	}},
	{"kakao restored", 0.75, func(w *demo.World) error {
		return joinErr(w.Kakao.SetFault(sim.Fault{}), w.Naver.SetFault(sim.Fault{}), w.TMAP.SetFault(sim.Fault{}))
	}},
}

func joinErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Run plays the scenario and returns the report. Live status goes to live,
// rewritten in place when tty is set, one line a second otherwise.
func Run(ctx context.Context, cfg Config, live io.Writer, tty bool) (Report, error) {
	var (
		mu       sync.Mutex
		recs     []record
		changes  []string
		opened   = time.Duration(-1)
		fireAt   = time.Duration(float64(cfg.Duration) * phases[1].start)
		restored = time.Duration(float64(cfg.Duration) * phases[len(phases)-1].start)
		start    time.Time
	)
	pol := fallback.DefaultPolicy()
	pol.OpenFor = max(cfg.Duration/20, 250*time.Millisecond) // so the switch back fits in the run
	w, err := demo.Start(demo.Config{Estimate: true, TMAP: true, Options: []fallback.Option{
		fallback.WithHedge(150 * time.Millisecond),
		fallback.WithAttemptTimeout(800 * time.Millisecond),
		fallback.WithPolicy("", "", pol),
		fallback.OnStateChange(func(s fallback.StateChange) {
			mu.Lock()
			defer mu.Unlock()
			at := time.Since(start)
			changes = append(changes, fmt.Sprintf("%6.2fs %s/%s %s → %s", at.Seconds(), s.Provider, s.Op, s.From, s.To))
			if s.Provider == "kakao" && s.To == "open" && opened < 0 && at >= fireAt {
				opened = at
			}
		}),
	}})
	if err != nil {
		return Report{}, err
	}
	defer w.Close()

	wl, err := newWorkload(w)
	if err != nil {
		return Report{}, err
	}
	start = time.Now()
	phaseAt := func(d time.Duration) int {
		i := 0
		for k, p := range phases {
			if float64(d) >= p.start*float64(cfg.Duration) {
				i = k
			}
		}
		return i
	}
	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the script
		defer wg.Done()
		for _, p := range phases[1:] {
			t := time.NewTimer(time.Until(start.Add(time.Duration(p.start * float64(cfg.Duration)))))
			select {
			case <-runCtx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			if err := p.apply(w); err != nil {
				fmt.Fprintln(live, "script:", err)
			}
		}
	}()
	wg.Add(1)
	go func() { // the live status line
		defer wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-runCtx.Done():
				if tty {
					fmt.Fprintln(live)
				}
				return
			case <-tick.C:
			}
			mu.Lock()
			line := statusLine(time.Since(start), phases[phaseAt(time.Since(start))].name, recs)
			mu.Unlock()
			if tty {
				fmt.Fprintf(live, "\r\033[K%s", line)
			} else {
				fmt.Fprintln(live, line)
			}
		}
	}()
	wl.stream(runCtx, cfg.Rate, cfg.Seed, start, phaseAt, func(r record) {
		mu.Lock()
		recs = append(recs, r)
		mu.Unlock()
	})
	wg.Wait()

	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(recs, func(a, b record) int { return int(a.At - b.At) })
	names := make([]string, len(phases))
	for i, p := range phases {
		names[i] = p.name
	}
	return summarize(recs, names, fireAt, opened, restored, changes), nil
}

// statusLine summarises the last second of traffic.
func statusLine(at time.Duration, phase string, recs []record) string {
	from := at - time.Second
	n, failed := 0, 0
	share := map[string]int{}
	for i := len(recs) - 1; i >= 0 && recs[i].At >= from; i-- {
		n++
		if recs[i].Err != "" {
			failed++
		} else {
			share[recs[i].Provider]++
		}
	}
	names := make([]string, 0, len(share))
	for k := range share {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s %d%%", k, share[k]*100/max(n-failed, 1))
	}
	return fmt.Sprintf("t=%5.1fs  %-28s %4d req/s  errors %d  answered by: %s", at.Seconds(), phase, n, failed, strings.Join(parts, ", "))
}

// newWorkload draws the request mix from the simulators' gazetteer.
func newWorkload(w *demo.World) (*workload, error) {
	places := sim.Gazetteer()
	wl := &workload{api: w.Client, timeout: 3 * time.Second}
	for i, p := range places {
		wl.points = append(wl.points, p.Point)
		if i%2 == 0 {
			wl.queries = append(wl.queries, p.Road) // a typed address
		} else {
			wl.queries = append(wl.queries, p.Name) // a place name
		}
	}
	if len(wl.points) < 3 {
		return nil, fmt.Errorf("gazetteer too small")
	}
	return wl, nil
}
