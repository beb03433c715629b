package outage

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// record is one caller request as the demo saw it.
type record struct {
	At       time.Duration // since the start of the run
	Phase    int
	Op       string
	Provider string // who answered; "" when the request failed
	Latency  time.Duration
	Err      string
	Estimate bool
}

// PhaseReport summarises one phase of the replayed day.
type PhaseReport struct {
	Name     string             `json:"name"`
	Requests int                `json:"requests"`
	Failed   int                `json:"failed"`
	Success  float64            `json:"success_pct"`
	Share    map[string]float64 `json:"share_pct"` // provider → % of answered requests
	P50ms    float64            `json:"p50_ms"`
	P99ms    float64            `json:"p99_ms"`
}

// Report is the replay's summary; it encodes to JSON as is.
type Report struct {
	Requests       int            `json:"requests"`
	Failed         int            `json:"failed"`
	Success        float64        `json:"success_pct"`
	Phases         []PhaseReport  `json:"phases"`
	SwitchAwayMs   float64        `json:"switch_away_ms"`   // fire → first answer served elsewhere after Kakao's breaker opened
	SwitchBackMs   float64        `json:"switch_back_ms"`   // Kakao restored → Kakao answers again
	BreakerOpenMs  float64        `json:"breaker_open_ms"`  // fire → Kakao's first breaker opens
	Errors         []string       `json:"errors,omitempty"` // first few caller-visible errors
	StateChanges   []string       `json:"state_changes"`
	ProviderTotals map[string]int `json:"provider_totals"`
}

// summarize builds the report from the records, the phase names and the
// instants (since start) at which Kakao failed, its breaker opened, and
// Kakao was restored. A negative instant means it did not happen.
func summarize(recs []record, phases []string, fire, opened, restored time.Duration, changes []string) Report {
	r := Report{Requests: len(recs), StateChanges: changes, ProviderTotals: map[string]int{},
		SwitchAwayMs: -1, SwitchBackMs: -1, BreakerOpenMs: -1}
	byPhase := make([][]record, len(phases))
	for _, rec := range recs {
		byPhase[rec.Phase] = append(byPhase[rec.Phase], rec)
		if rec.Err != "" {
			r.Failed++
			if len(r.Errors) < 5 {
				r.Errors = append(r.Errors, rec.Err)
			}
		} else {
			r.ProviderTotals[rec.Provider]++
		}
	}
	r.Success = pct(r.Requests-r.Failed, r.Requests)
	for i, name := range phases {
		r.Phases = append(r.Phases, summarizePhase(name, byPhase[i]))
	}
	if fire >= 0 && opened >= fire {
		r.BreakerOpenMs = ms(opened - fire)
		for _, rec := range recs {
			if rec.At >= opened && rec.Err == "" && rec.Provider != "kakao" {
				r.SwitchAwayMs = ms(rec.At + rec.Latency - fire)
				break
			}
		}
	}
	if restored >= 0 {
		for _, rec := range recs {
			if rec.At >= restored && rec.Provider == "kakao" {
				r.SwitchBackMs = ms(rec.At + rec.Latency - restored)
				break
			}
		}
	}
	return r
}

func summarizePhase(name string, recs []record) PhaseReport {
	p := PhaseReport{Name: name, Requests: len(recs), Share: map[string]float64{}}
	lat := make([]time.Duration, 0, len(recs))
	counts := map[string]int{}
	for _, rec := range recs {
		lat = append(lat, rec.Latency)
		if rec.Err != "" {
			p.Failed++
			continue
		}
		counts[rec.Provider]++
	}
	for prov, n := range counts {
		p.Share[prov] = pct(n, len(recs)-p.Failed)
	}
	p.Success = pct(len(recs)-p.Failed, len(recs))
	slices.Sort(lat)
	p.P50ms = ms(quantile(lat, 0.50))
	p.P99ms = ms(quantile(lat, 0.99))
	return p
}

// quantile returns the q-quantile of sorted durations (nearest rank).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Print writes the human-readable report: the phase table and how fast
// traffic switched away from Kakao and back.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "\n== mapswitch outage replay: %d requests, %d failed, %.2f%% success ==\n",
		r.Requests, r.Failed, r.Success)
	fmt.Fprintf(w, "%-28s %6s %8s %8s %8s  %s\n", "phase", "reqs", "success", "p50 ms", "p99 ms", "answered by")
	for _, p := range r.Phases {
		fmt.Fprintf(w, "%-28s %6d %7.2f%% %8.1f %8.1f  %s\n", p.Name, p.Requests, p.Success, p.P50ms, p.P99ms, shareString(p.Share))
	}
	fmt.Fprintf(w, "kakao breaker opened %s after the fire; traffic switched in %s; switched back %s after kakao returned\n",
		msString(r.BreakerOpenMs), msString(r.SwitchAwayMs), msString(r.SwitchBackMs))
	fmt.Fprintf(w, "requests that saw an error: %d (target 0)\n", r.Failed)
	for _, e := range r.Errors {
		fmt.Fprintf(w, "  error: %s\n", e)
	}
}

func shareString(share map[string]float64) string {
	names := make([]string, 0, len(share))
	for n := range share {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return share[names[i]] > share[names[j]] })
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %.0f%%", n, share[n])
	}
	return strings.Join(parts, ", ")
}

func msString(v float64) string {
	if v < 0 {
		return "(n/a)"
	}
	return fmt.Sprintf("%.0f ms", v)
}
