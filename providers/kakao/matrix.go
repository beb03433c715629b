package kakao

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/cells"
	"github.com/mapswitch/mapswitch/internal/fanout"
	"github.com/mapswitch/mapswitch/internal/named"
)

// Limits of POST /v1/destinations/directions.
const (
	maxDestinations = 30
	// maxRadius is the API's straight-line search radius limit; pairs
	// farther apart are routed one by one instead.
	maxRadius = 10000.0
)

// job is one call: an origin with up to 30 nearby destinations, or a single
// far pair.
type job struct {
	origin int
	dests  []int
	single bool
}

// Matrix implements geo.Matrixer. Kakao has a 1→N endpoint
// (/v1/destinations/directions, ≤30 destinations within 10 km); each origin's
// nearby destinations are tiled onto it, and farther pairs go to
// /v1/directions one at a time. Its daily quota (1,000 calls on the free
// tier) shows as geo.ErrQuotaExceeded on the affected cells.
func (c *Client) Matrix(ctx context.Context, req geo.MatrixRequest) (m *geo.Matrix, err error) {
	defer func() { m, err = named.Matrix(c.b.Name(), m, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var jobs []job
	for i, o := range req.Origins {
		var near []int
		for j, d := range req.Destinations {
			if geo.Haversine(o, d) <= maxRadius*0.99 {
				near = append(near, j)
			} else {
				jobs = append(jobs, job{origin: i, dests: []int{j}, single: true})
			}
		}
		for k := 0; k < len(near); k += maxDestinations {
			jobs = append(jobs, job{origin: i, dests: near[k:min(k+maxDestinations, len(near))]})
		}
	}
	m = cells.New(len(req.Origins), len(req.Destinations))
	fanout.Each(ctx, len(jobs), c.b.Concurrency, func(ctx context.Context, k int) {
		c.runJob(ctx, req, jobs[k], m)
	}, func(k int) {
		for _, j := range jobs[k].dests {
			m.Cells[jobs[k].origin][j] = geo.Cell{Err: ctx.Err()}
		}
	})
	return cells.Finish(ctx, m)
}

// runJob fills the cells of one job; jobs own disjoint cells.
func (c *Client) runJob(ctx context.Context, req geo.MatrixRequest, jb job, m *geo.Matrix) {
	o := req.Origins[jb.origin]
	row := m.Cells[jb.origin]
	if jb.single {
		j := jb.dests[0]
		r, err := c.Route(ctx, geo.RouteRequest{Origin: o, Destination: req.Destinations[j], Priority: req.Priority})
		if err != nil {
			row[j] = geo.Cell{Err: asMatrixErr(err)}
			return
		}
		row[j] = geo.Cell{DistanceMeters: r.DistanceMeters, Duration: r.Duration, Provider: "kakao"}
		return
	}
	dests := make([]point, len(jb.dests))
	for k, j := range jb.dests {
		d := req.Destinations[j]
		dests[k] = point{X: d[0], Y: d[1], Key: strconv.Itoa(j)}
	}
	prio := "TIME" // this endpoint has no RECOMMEND
	if req.Priority == geo.PriorityDistance {
		prio = "DISTANCE"
	}
	body := map[string]any{"origin": point{X: o[0], Y: o[1]}, "destinations": dests, "radius": int(maxRadius), "priority": prio}
	var d directions
	if err := c.do(ctx, geo.OpMatrix, http.MethodPost, c.mobility+"/v1/destinations/directions", body, &d, true); err != nil {
		for _, j := range jb.dests {
			row[j] = geo.Cell{Err: err}
		}
		return
	}
	seen := map[int]bool{}
	for _, r := range d.Routes {
		j, err := strconv.Atoi(r.Key)
		if err != nil || !slices.Contains(jb.dests, j) || seen[j] {
			continue // match by key, never by order
		}
		seen[j] = true
		switch {
		case r.ResultCode != 0:
			row[j] = geo.Cell{Err: routeError(geo.OpMatrix, r.ResultCode, r.ResultMsg)}
		case r.Summary == nil:
			row[j] = geo.Cell{Err: &geo.ProviderError{Provider: "kakao", Op: geo.OpMatrix, Kind: geo.ErrUnavailable, Message: "route without summary"}}
		default:
			row[j] = geo.Cell{DistanceMeters: r.Summary.Distance.Float(), Duration: seconds(r.Summary.Duration.Float()), Provider: "kakao"}
		}
	}
	for _, j := range jb.dests {
		if !seen[j] {
			row[j] = geo.Cell{Err: &geo.ProviderError{Provider: "kakao", Op: geo.OpMatrix, Kind: geo.ErrUnavailable,
				Message: "destination missing from the answer"}}
		}
	}
}

// asMatrixErr relabels a route error as part of a matrix call.
func asMatrixErr(err error) error {
	var pe *geo.ProviderError
	if errors.As(err, &pe) {
		cp := *pe
		cp.Op = geo.OpMatrix
		return &cp
	}
	return err
}
