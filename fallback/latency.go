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
// are due to be recomputed (every eighth sample, and when the ring first
// holds ColdSamples), so that a request never pays for a sort.
func (l *latencies) add(d time.Duration) bool {
	l.ring[l.n%len(l.ring)] = d
	l.n++
	return l.n == ColdSamples || (l.n > ColdSamples && l.n%8 == 0)
}

// quantile returns the q-quantile (0 < q ≤ 1) of the recorded durations,
// or false while fewer than ColdSamples were recorded.
func (l *latencies) quantile(q float64) (time.Duration, bool) {
	n := min(l.n, len(l.ring))
	if n < ColdSamples {
		return 0, false
	}
	s := l.ring
	sorted := s[:n]
	slices.Sort(sorted)
	i := int(q*float64(n)+0.999999) - 1
	return sorted[min(max(i, 0), n-1)], true
}
