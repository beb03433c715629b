package fleetrun

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Report is a replay's per-instance results and fleet totals.
type Report struct {
	Fleet     bool     `json:"fleet"`
	Instances []Result `json:"instances"`
	// Requests, Failed and Answered are the fleet's totals.
	Requests int            `json:"requests"`
	Failed   int            `json:"failed"`
	Answered map[string]int `json:"answered"`
	// DeadRequests counts the requests that reached Kakao while it was a
	// black hole, at its server; DeadCalls, the same as the instances
	// counted them (calls sent after the outage began).
	DeadRequests int64 `json:"dead_requests"`
	DeadCalls    int   `json:"dead_calls"`
	// FirstOpen and LastOpen are the first and the last instance's time to
	// stop trusting Kakao, from the outage (-1 if one never did);
	// LastDeadCall, when the fleet last sent it a call.
	FirstOpen    time.Duration `json:"first_open_ns"`
	LastOpen     time.Duration `json:"last_open_ns"`
	LastDeadCall time.Duration `json:"last_dead_call_ns"`
}

// Collect totals the instances' results; dead is the count at the dead
// provider's server.
func Collect(cfg Config, results []Result, dead int64) Report {
	r := Report{Fleet: cfg.Redis != "", Instances: results, Answered: map[string]int{}, DeadRequests: dead,
		FirstOpen: -1, LastOpen: -1, LastDeadCall: -1}
	sort.Slice(r.Instances, func(i, j int) bool { return r.Instances[i].Index < r.Instances[j].Index })
	allOpened := len(results) > 0
	for _, in := range results {
		r.Requests += in.Requests
		r.Failed += in.Failed
		r.DeadCalls += in.DeadCalls
		for p, n := range in.Answered {
			r.Answered[p] += n
		}
		r.LastDeadCall = max(r.LastDeadCall, in.LastDeadCall)
		if in.OpenedAfter < 0 {
			allOpened = false
			continue
		}
		if r.FirstOpen < 0 || in.OpenedAfter < r.FirstOpen {
			r.FirstOpen = in.OpenedAfter
		}
		r.LastOpen = max(r.LastOpen, in.OpenedAfter)
	}
	if !allOpened {
		r.LastOpen = -1
	}
	return r
}

// Print writes the report as a table.
func (r Report) Print(w io.Writer) {
	mode := "without a fleet (each instance alone)"
	if r.Fleet {
		mode = "with a fleet sharing Redis"
	}
	fmt.Fprintf(w, "%d instances, %s\n\n", len(r.Instances), mode)
	fmt.Fprintf(w, "%-9s %6s %9s %6s %6s %6s %10s %10s  %s\n", "instance", "pid", "requests", "kakao", "naver", "failed", "dead calls", "stopped", "cause")
	for _, in := range r.Instances {
		fmt.Fprintf(w, "%-9d %6d %9d %6d %6d %6d %10d %10s  %s\n", in.Index, in.PID, in.Requests,
			in.Answered["kakao"], in.Answered["naver"], in.Failed, in.DeadCalls, ms(in.OpenedAfter), cut(in.OpenCause, 50))
	}
	fmt.Fprintf(w, "%-9s %6s %9d %6d %6d %6d %10d\n\n", "fleet", "", r.Requests, r.Answered["kakao"], r.Answered["naver"], r.Failed, r.DeadCalls)
	fmt.Fprintf(w, "requests that reached the dead provider (at its server): %d\n", r.DeadRequests)
	fmt.Fprintf(w, "time to open, from the outage: first instance %s, last %s; last call to the dead provider %s\n",
		ms(r.FirstOpen), ms(r.LastOpen), ms(r.LastDeadCall))
}

func ms(d time.Duration) string {
	if d < 0 {
		return "never"
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func cut(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
