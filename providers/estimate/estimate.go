// Package estimate is the offline last tier of a failover chain: when every
// road-network provider is down, it estimates route and matrix distances as
// the ellipsoidal (geo.Geodesic) distance times a detour factor, and
// durations from an average speed, so that a delivery fee can always be
// computed. Every result is flagged Estimated and names "estimate" as its
// provider. It supports only geo.Router and geo.Matrixer: it cannot invent
// addresses.
//
// Defaults and why:
//
//   - DefaultDetourFactor 1.3: road-network circuity — the ratio of driving
//     to straight-line distance — is commonly reported between about 1.2 and
//     1.4 for urban road networks; 1.3 sits in the middle, so estimates err
//     in both directions rather than systematically under-charging.
//   - DefaultSpeedKMH 25 km/h: a door-to-door average for urban driving in
//     Korean cities, including signals and congestion; highway-heavy
//     long trips will be over-estimated in duration, which is the safe side
//     for delivery promises.
//
// Both are options; calibrate them against your own delivered routes.
package estimate

import (
	"context"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// Defaults; see the package documentation for how they were chosen.
const (
	DefaultDetourFactor = 1.3
	DefaultSpeedKMH     = 25.0
)

// Client estimates routes and matrices without any network. Safe for
// concurrent use.
type Client struct {
	name   string
	detour float64
	speed  float64 // metres per second
}

// Option configures a Client.
type Option func(*Client) error

// WithDetourFactor sets the ratio of road to straight-line distance (1..3).
func WithDetourFactor(f float64) Option {
	return func(c *Client) error {
		if !(f >= 1 && f <= 3) {
			return fmt.Errorf("estimate: detour factor %v outside [1, 3]", f)
		}
		c.detour = f
		return nil
	}
}

// WithSpeed sets the average door-to-door speed in km/h (1..150).
func WithSpeed(kmh float64) Option {
	return func(c *Client) error {
		if !(kmh >= 1 && kmh <= 150) {
			return fmt.Errorf("estimate: speed %v km/h outside [1, 150]", kmh)
		}
		c.speed = kmh / 3.6
		return nil
	}
}

// New returns an estimating Client.
func New(opts ...Option) (*Client, error) {
	c := &Client{name: "estimate", detour: DefaultDetourFactor, speed: DefaultSpeedKMH / 3.6}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Name returns the client's name: "estimate" unless WithName set another.
func (c *Client) Name() string { return c.name }

// WithName sets the name the client answers to in results (default
// "estimate").
func WithName(name string) Option {
	return func(c *Client) error {
		if name == "" {
			return fmt.Errorf("estimate: empty name")
		}
		c.name = name
		return nil
	}
}

func (c *Client) leg(a, b orb.Point) geo.Leg {
	d := geo.Geodesic(a, b) * c.detour
	return geo.Leg{DistanceMeters: d, Duration: time.Duration(d / c.speed * float64(time.Second))}
}

// Route implements geo.Router: straight segments through the request's
// points, distance scaled by the detour factor.
func (c *Client) Route(ctx context.Context, req geo.RouteRequest) (*geo.Route, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	line := make(orb.LineString, 0, len(req.Waypoints)+2)
	line = append(append(append(line, req.Origin), req.Waypoints...), req.Destination)
	r := &geo.Route{Geometry: line, Provider: c.name, Estimated: true, Legs: make([]geo.Leg, 0, len(line)-1)}
	for i := 1; i < len(line); i++ {
		l := c.leg(line[i-1], line[i])
		r.Legs = append(r.Legs, l)
		r.DistanceMeters += l.DistanceMeters
		r.Duration += l.Duration
	}
	return r, nil
}

// Matrix implements geo.Matrixer.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (*geo.Matrix, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := &geo.Matrix{Cells: make([][]geo.Cell, len(req.Origins))}
	for i, o := range req.Origins {
		m.Cells[i] = make([]geo.Cell, len(req.Destinations))
		for j, d := range req.Destinations {
			l := c.leg(o, d)
			m.Cells[i][j] = geo.Cell{DistanceMeters: l.DistanceMeters, Duration: l.Duration, Provider: c.name, Estimated: true}
		}
	}
	return m, nil
}
