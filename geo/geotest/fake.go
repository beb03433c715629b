package geotest

import (
	"context"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// Step is one scripted answer of a Fake.
type Step struct {
	// Delay is waited before answering; if ctx ends first the fake returns
	// ctx.Err(), as a real provider's HTTP call would.
	Delay time.Duration
	// Err, when set, is returned instead of a result. A bare kind such as
	// geo.ErrUnavailable is wrapped into a *geo.ProviderError naming the
	// fake and the operation; any other error is returned as is.
	Err error
	// Places, Route and Matrix are the results for the matching operation.
	// When nil the fake computes a plausible answer from the request. A
	// Matrix whose Delay the context cuts short is returned as the work
	// done so far, with the context's error, as geo.Matrixer requires.
	Places []geo.Place
	Route  *geo.Route
	Matrix *geo.Matrix
}

// Fake is a scripted in-memory provider implementing geo.Provider and every
// capability interface. Scripted steps are consumed in order; when none are
// queued the default step for the operation answers. It validates requests
// like a real provider. Safe for concurrent use.
type Fake struct {
	name string

	mu       sync.Mutex
	queue    map[geo.Op][]Step
	defaults map[geo.Op]Step
	calls    map[geo.Op]int
}

// NewFake returns a Fake named name whose every operation succeeds.
func NewFake(name string) *Fake {
	return &Fake{name: name, queue: map[geo.Op][]Step{}, defaults: map[geo.Op]Step{}, calls: map[geo.Op]int{}}
}

// Name returns the fake's name.
func (f *Fake) Name() string { return f.name }

// Push queues steps for op, answered in order before the default.
func (f *Fake) Push(op geo.Op, steps ...Step) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue[op] = append(f.queue[op], steps...)
}

// SetDefault sets the step used for op when nothing is queued.
func (f *Fake) SetDefault(op geo.Op, s Step) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.defaults[op] = s
}

// Calls returns how many valid requests for op reached the fake.
func (f *Fake) Calls(op geo.Op) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[op]
}

// next counts the call and returns its step.
func (f *Fake) next(op geo.Op) Step {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[op]++
	if q := f.queue[op]; len(q) > 0 {
		f.queue[op] = q[1:]
		return q[0]
	}
	return f.defaults[op]
}

// play waits out the step's delay and returns its error, if any.
func (f *Fake) play(ctx context.Context, op geo.Op, s Step) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.Delay > 0 {
		t := time.NewTimer(s.Delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	if s.Err == nil {
		return nil
	}
	if geo.KindOf(s.Err) == s.Err { // a bare kind
		return &geo.ProviderError{Provider: f.name, Op: op, Kind: s.Err, Message: "scripted by geotest.Fake"}
	}
	return s.Err
}

// Geocode implements geo.Geocoder.
func (f *Fake) Geocode(ctx context.Context, req geo.GeocodeRequest) ([]geo.Place, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	s := f.next(geo.OpGeocode)
	if err := f.play(ctx, geo.OpGeocode, s); err != nil {
		return nil, err
	}
	if s.Places != nil {
		return s.Places, nil
	}
	p := orb.Point{126.9779, 37.5663} // Seoul City Hall
	if req.Near != nil {
		p = *req.Near
	}
	return []geo.Place{{Point: p, Name: req.Query, Confidence: 1, Provider: f.name,
		Address: geo.Address{Road: req.Query}}}, nil
}

// ReverseGeocode implements geo.ReverseGeocoder.
func (f *Fake) ReverseGeocode(ctx context.Context, req geo.ReverseRequest) ([]geo.Place, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	s := f.next(geo.OpReverse)
	if err := f.play(ctx, geo.OpReverse, s); err != nil {
		return nil, err
	}
	if s.Places != nil {
		return s.Places, nil
	}
	return []geo.Place{{Point: req.Point, Confidence: 1, Provider: f.name,
		Address: geo.Address{Road: "서울특별시 중구 세종대로 110", Sido: "서울특별시", Sigungu: "중구"}}}, nil
}

// fakeSpeed is the average speed of the fake's computed routes: 40 km/h.
const fakeSpeed = 40 / 3.6

// Route implements geo.Router.
func (f *Fake) Route(ctx context.Context, req geo.RouteRequest) (*geo.Route, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	s := f.next(geo.OpRoute)
	if err := f.play(ctx, geo.OpRoute, s); err != nil {
		return nil, err
	}
	if s.Route != nil {
		return s.Route, nil
	}
	line := append(append(orb.LineString{req.Origin}, req.Waypoints...), req.Destination)
	r := &geo.Route{Geometry: line, Provider: f.name}
	for i := 1; i < len(line); i++ {
		d := geo.Haversine(line[i-1], line[i])
		leg := geo.Leg{DistanceMeters: d, Duration: time.Duration(d / fakeSpeed * float64(time.Second))}
		r.Legs = append(r.Legs, leg)
		r.DistanceMeters += leg.DistanceMeters
		r.Duration += leg.Duration
	}
	return r, nil
}

// Matrix implements geo.Matrixer.
func (f *Fake) Matrix(ctx context.Context, req geo.MatrixRequest) (*geo.Matrix, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	s := f.next(geo.OpMatrix)
	if err := f.play(ctx, geo.OpMatrix, s); err != nil {
		if s.Matrix != nil && ctx.Err() != nil {
			return s.Matrix, err
		}
		return nil, err
	}
	if s.Matrix != nil {
		return s.Matrix, nil
	}
	m := &geo.Matrix{Cells: make([][]geo.Cell, len(req.Origins))}
	for i, o := range req.Origins {
		m.Cells[i] = make([]geo.Cell, len(req.Destinations))
		for j, d := range req.Destinations {
			dist := geo.Haversine(o, d)
			m.Cells[i][j] = geo.Cell{DistanceMeters: dist, Provider: f.name,
				Duration: time.Duration(dist / fakeSpeed * float64(time.Second))}
		}
	}
	return m, nil
}
