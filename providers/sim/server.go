package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server is one simulated provider API on a loopback port. Faults can be
// switched at any time, from any goroutine. Close it when done.
type Server struct {
	name    string
	addr    string
	srv     *http.Server
	opts    options
	closing chan struct{}

	mu     sync.Mutex
	ln     net.Listener // nil while Down
	fault  Fault
	rng    *rand.Rand
	closed bool

	requests atomic.Int64
	faults   atomic.Int64
}

// Option configures a Server.
type Option func(*options)

type options struct {
	key, secret string // expected credentials; empty accepts any
	latency     time.Duration
	jitter      time.Duration
	seed        uint64
	places      []Place
	tails       []pathLatency
}

// WithKey makes the server demand these credentials: the REST API key for
// Kakao and the app key for TMAP, the client ID and secret for NAVER (the
// secret is ignored by Kakao and TMAP). Wrong or missing credentials get
// the provider's real authentication error.
func WithKey(key, secret string) Option {
	return func(o *options) { o.key, o.secret = key, secret }
}

// WithLatency sets the base latency of every answer and a uniform jitter
// added to it. Default: each provider's typical figure (a few to 20 ms).
func WithLatency(base, jitter time.Duration) Option {
	return func(o *options) { o.latency, o.jitter = base, jitter }
}

// WithSeed makes latency jitter and error-rate draws reproducible.
func WithSeed(seed uint64) Option { return func(o *options) { o.seed = seed } }

// WithPlaces replaces the built-in gazetteer.
func WithPlaces(p []Place) Option { return func(o *options) { o.places = p } }

func start(name string, defaultLatency time.Duration, routes func(*http.ServeMux, *Server), opts []Option) (*Server, error) {
	o := options{latency: defaultLatency, jitter: defaultLatency / 2, seed: 1}
	for _, f := range opts {
		f(&o)
	}
	if o.places == nil {
		o.places = Gazetteer()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	s := &Server{name: name, addr: ln.Addr().String(), opts: o, ln: ln, closing: make(chan struct{}),
		rng: rand.New(rand.NewPCG(o.seed, 0x5eed))}
	mux := http.NewServeMux()
	routes(mux, s)
	s.srv = &http.Server{Handler: s.middleware(mux), ReadHeaderTimeout: 5 * time.Second}
	go s.srv.Serve(ln) //nolint:errcheck // ends with Close
	return s, nil
}

// Name returns the simulated provider's name ("kakao", "naver", "tmap", "nominatim", "osrm").
func (s *Server) Name() string { return s.name }

// URL returns the base URL, e.g. "http://127.0.0.1:41234". It stays the same
// across Down and recovery.
func (s *Server) URL() string { return "http://" + s.addr }

// Requests returns how many requests reached the server's handlers.
func (s *Server) Requests() int64 { return s.requests.Load() }

// Faulted returns how many requests were answered by an injected fault.
func (s *Server) Faulted() int64 { return s.faults.Load() }

// Close stops the server, ending black-holed requests.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.closing)
	s.mu.Unlock()
	return s.srv.Close()
}

// SetFault switches the server's behaviour now. Down closes the listening
// socket (new connections are refused, open ones are reset); any other
// fault re-opens it on the same port.
func (s *Server) SetFault(f Fault) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("sim: server closed")
	}
	s.fault = f
	switch {
	case f.Kind == Down && s.ln != nil:
		err := s.ln.Close()
		s.ln = nil
		return err
	case f.Kind != Down && s.ln == nil:
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			return fmt.Errorf("sim: re-opening %s: %w", s.addr, err)
		}
		s.ln = ln
		go s.srv.Serve(ln) //nolint:errcheck // ends with Close or Down
	}
	return nil
}

// Fault returns the fault in force.
func (s *Server) Fault() Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fault
}

// Stage is one step of a scripted timeline: At after Play starts, switch to Fault.
type Stage struct {
	At    time.Duration
	Fault Fault
}

// Play applies the stages at their times, in order, until ctx ends or the
// last stage is applied. It blocks; run it in a goroutine.
func (s *Server) Play(ctx context.Context, stages []Stage) error {
	start := time.Now()
	for _, st := range stages {
		t := time.NewTimer(time.Until(start.Add(st.At)))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		if err := s.SetFault(st.Fault); err != nil {
			return err
		}
	}
	return nil
}

// draw returns a uniform number in [0, 1) from the server's seeded source.
func (s *Server) draw() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rng.Float64()
}

// wait sleeps for d or until the request or server ends; false if cut short.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
	case <-s.closing:
	}
	return false
}
