package sim

import (
	"math"
	"net/http"
	"strings"
	"time"
)

// LogNormal is a latency distribution with the long right tail real API
// latencies have: half the answers within Median, one in a hundred past
// P99. It is how a healthy provider looks to a failover policy that must
// not mistake its tail for an outage.
type LogNormal struct {
	Median, P99 time.Duration
}

// z99 is the standard normal quantile of 0.99.
const z99 = 2.3263478740408408

// Quantile returns the latency at quantile u in (0, 1).
func (l LogNormal) Quantile(u float64) time.Duration {
	if l.Median <= 0 {
		return 0
	}
	sigma := 0.0
	if l.P99 > l.Median {
		sigma = math.Log(float64(l.P99)/float64(l.Median)) / z99
	}
	u = min(max(u, 1e-9), 1-1e-9)
	z := math.Sqrt2 * math.Erfinv(2*u-1)
	return time.Duration(float64(l.Median) * math.Exp(sigma*z))
}

// pathLatency is a LogNormal for requests whose path starts with prefix.
type pathLatency struct {
	prefix string
	dist   LogNormal
}

// WithLogNormal gives requests whose path starts with prefix ("" for
// every request) a log-normal latency instead of WithLatency's base and
// uniform jitter. Give it once per operation to model each one's own
// normal, e.g. "/v2/local" for Kakao Local and "/v1/destinations" for its
// 1→N matrix calls; the first matching prefix wins.
func WithLogNormal(prefix string, d LogNormal) Option {
	return func(o *options) { o.tails = append(o.tails, pathLatency{prefix, d}) }
}

// baseLatency draws the latency of one answer before any fault's extra.
func (s *Server) baseLatency(r *http.Request) time.Duration {
	for _, t := range s.opts.tails {
		if strings.HasPrefix(r.URL.Path, t.prefix) {
			return t.dist.Quantile(s.draw())
		}
	}
	lat := s.opts.latency
	if s.opts.jitter > 0 {
		lat += time.Duration(s.draw() * float64(s.opts.jitter))
	}
	return lat
}
