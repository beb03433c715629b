package fallback

import (
	"slices"
	"time"
)

// latencies keeps the most recent successful call durations of one
// provider and operation: its own normal, against which its slow-call
// threshold and adaptive hedge delay are set.
type latencies struct {
	ring [128]time.Duration
	n    int
}

// add records d and reports whether the thresholds derived from the ring
// are due to be recomputed: when the ring first holds ColdSamples, then
// every 32nd sample, so that the sort is paid once per 32 calls (a
// threshold lags the provider's latency by at most that many calls).
func (l *latencies) add(d time.Duration) bool {
	l.ring[l.n%len(l.ring)] = d
	l.n++
	return l.n == ColdSamples || (l.n > ColdSamples && l.n%32 == 0)
}

// quantiles returns the p95 and p99 of the recorded durations, or false
// while fewer than ColdSamples were recorded.
func (l *latencies) quantiles() (p95, p99 time.Duration, ok bool) {
	n := min(l.n, len(l.ring))
	if n < ColdSamples {
		return 0, 0, false
	}
	s := l.ring // a copy: the ring keeps its order
	sorted := s[:n]
	slices.Sort(sorted)
	at := func(q float64) time.Duration {
		i := int(q*float64(n)+0.999999) - 1
		return sorted[min(max(i, 0), n-1)]
	}
	return at(0.95), at(0.99), true
}
