package sim

import (
	"net/http"
	"strconv"
	"time"
)

// FaultKind names a failure mode.
type FaultKind int

// Failure modes, as seen in real provider outages.
const (
	None      FaultKind = iota
	Down                // connection refused: the process or its host is gone
	BlackHole           // accepts connections, never answers (the Pangyo fire)
	Slow                // answers after Fault.Latency more
	Errors              // answers 5xx with probability Fault.Rate
	Throttle            // 429 with the provider's throttle body and Retry-After
	Quota               // the provider's own "daily quota spent" answer
	Malformed           // 200 with an HTML page or truncated JSON
)

var faultNames = [...]string{"none", "down", "black hole", "slow", "errors", "throttle", "quota", "malformed"}

// String returns the fault's name.
func (k FaultKind) String() string {
	if int(k) < len(faultNames) {
		return faultNames[k]
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault is a server's current failure mode.
type Fault struct {
	Kind       FaultKind
	Latency    time.Duration // extra latency for Slow
	Jitter     time.Duration // for Slow: a further uniform 0..Jitter, so latency has a spread
	Rate       float64       // fraction of requests failing, for Errors, Throttle and Malformed (0 = all)
	RetryAfter time.Duration // for Throttle; default 1 s
}

// middleware applies latency, auth and the fault before the API handler.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		f := s.Fault()
		if f.Kind == Down {
			// A keep-alive connection opened before the outage: reset it.
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					s.faults.Add(1)
					return
				}
			}
		}
		if f.Kind == BlackHole {
			s.faults.Add(1)
			s.wait(r, 24*time.Hour)
			return
		}
		lat := s.baseLatency(r)
		if f.Kind == Slow {
			lat += f.Latency + time.Duration(s.draw()*float64(f.Jitter))
		}
		if !s.wait(r, lat) {
			return
		}
		d := dialectOf(s.name)
		if !d.authorized(r, s.opts) {
			d.unauthorized(w)
			return
		}
		hit := f.Rate == 0 || s.draw() < f.Rate
		switch {
		case f.Kind == Errors && hit:
			s.faults.Add(1)
			d.serverError(w)
		case f.Kind == Throttle && hit:
			s.faults.Add(1)
			ra := f.RetryAfter
			if ra == 0 {
				ra = time.Second
			}
			w.Header().Set("Retry-After", strconv.Itoa(int(ra.Seconds()+0.999)))
			d.throttle(w)
		case f.Kind == Quota:
			s.faults.Add(1)
			d.quota(w)
		case f.Kind == Malformed && hit:
			s.faults.Add(1)
			w.Header().Set("Content-Type", "text/html")
			if s.draw() < 0.5 {
				w.Write([]byte("<html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>"))
			} else {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"documents":[{"address_name":"서울`))
			}
		default:
			next.ServeHTTP(w, r)
		}
	})
}
