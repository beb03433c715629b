package gateway

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mapswitch/mapswitch/geo"
)

// placesAnswer is the native answer to geocode and reverse requests.
type placesAnswer struct {
	Provider    string      `json:"provider"`
	Attribution string      `json:"attribution"`
	Estimated   bool        `json:"estimated"`
	Stale       bool        `json:"stale"`
	Places      []geo.Place `json:"places"`
}

type routeAnswer struct {
	Provider    string     `json:"provider"`
	Attribution string     `json:"attribution"`
	Estimated   bool       `json:"estimated"`
	Stale       bool       `json:"stale"`
	Route       *geo.Route `json:"route"`
}

type matrixAnswer struct {
	// Provider answered the most cells; each cell names its own.
	Provider    string      `json:"provider"`
	Providers   []string    `json:"providers"`
	Attribution []string    `json:"attribution"`
	Estimated   bool        `json:"estimated"`
	Stale       bool        `json:"stale"`
	Matrix      *geo.Matrix `json:"matrix"`
}

// answerCtx bounds one answer by the configured timeout.
func (g *Gateway) answerCtx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), g.cfg.AnswerTimeout)
}

func (g *Gateway) nativeGeocode(w http.ResponseWriter, r *http.Request) {
	var req geo.GeocodeRequest
	if err := g.readGeocode(r, &req); err != nil {
		writeError(w, err)
		return
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	places, err := g.cfg.Client.Geocode(ctx, req)
	g.writePlaces(w, places, err)
}

func (g *Gateway) readGeocode(r *http.Request, req *geo.GeocodeRequest) error {
	return readRequest(r, req, func(q url.Values) error {
		req.Query = q.Get("query")
		if req.Query == "" {
			req.Query = q.Get("q")
		}
		var err error
		if req.Limit, err = parseInt("limit", q.Get("limit")); err != nil {
			return err
		}
		if s := q.Get("near"); s != "" {
			p, err := parsePoint("near", s)
			if err != nil {
				return err
			}
			req.Near = &p
		}
		req.Language = language(r, "language")
		return nil
	})
}

func (g *Gateway) nativeReverse(w http.ResponseWriter, r *http.Request) {
	var req geo.ReverseRequest
	err := readRequest(r, &req, func(q url.Values) (err error) {
		req.Point, err = parsePoint("point", q.Get("point"))
		req.Language = language(r, "language")
		return err
	})
	if err != nil {
		writeError(w, err)
		return
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	places, err := g.cfg.Client.ReverseGeocode(ctx, req)
	g.writePlaces(w, places, err)
}

func (g *Gateway) writePlaces(w http.ResponseWriter, places []geo.Place, err error) {
	if err != nil {
		writeError(w, err)
		return
	}
	a := placesAnswer{Places: places}
	if len(places) > 0 {
		a.Provider, a.Stale = places[0].Provider, places[0].Stale
		a.Attribution = g.attribution(a.Provider)
	}
	w.Header().Set("X-Mapswitch-Provider", a.Provider)
	writeJSON(w, http.StatusOK, a)
}

func (g *Gateway) nativeRoute(w http.ResponseWriter, r *http.Request) {
	var req geo.RouteRequest
	if err := g.readRoute(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if len(req.Waypoints) > g.cfg.MaxWaypoints {
		writeError(w, badRequest("waypoints", "%d waypoints, over the gateway's limit of %d", len(req.Waypoints), g.cfg.MaxWaypoints))
		return
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	route, err := g.cfg.Client.Route(ctx, req)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("X-Mapswitch-Provider", route.Provider)
	writeJSON(w, http.StatusOK, routeAnswer{Provider: route.Provider, Attribution: g.attribution(route.Provider),
		Estimated: route.Estimated, Stale: route.Stale, Route: route})
}

func (g *Gateway) readRoute(r *http.Request, req *geo.RouteRequest) error {
	return readRequest(r, req, func(q url.Values) error {
		var err error
		if req.Origin, err = parsePoint("origin", q.Get("origin")); err != nil {
			return err
		}
		if req.Destination, err = parsePoint("destination", q.Get("destination")); err != nil {
			return err
		}
		if req.Waypoints, err = queryPoints(r, "waypoints"); err != nil {
			return err
		}
		if err := req.Priority.UnmarshalText([]byte(q.Get("priority"))); err != nil {
			return badRequest("priority", "%v", err)
		}
		if s := q.Get("avoid_tolls"); s != "" {
			if req.AvoidTolls, err = strconv.ParseBool(s); err != nil {
				return badRequest("avoid_tolls", "%q is not true or false", s)
			}
		}
		return nil
	})
}

func (g *Gateway) nativeMatrix(w http.ResponseWriter, r *http.Request) {
	var req geo.MatrixRequest
	if err := g.readMatrix(r, &req); err != nil {
		writeError(w, err)
		return
	}
	if err := g.checkMatrix(len(req.Origins), len(req.Destinations)); err != nil {
		writeError(w, err)
		return
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	m, err := g.cfg.Client.Matrix(ctx, req)
	if err != nil && m == nil {
		writeError(w, err)
		return
	}
	// A matrix cut short by the deadline still carries its finished cells;
	// the others hold their own errors.
	a := matrixAnswer{Matrix: m}
	count := map[string]int{}
	for _, row := range m.Cells {
		for _, c := range row {
			if c.Err != nil || c.Provider == "" {
				continue
			}
			if count[c.Provider] == 0 {
				a.Providers = append(a.Providers, c.Provider)
				a.Attribution = append(a.Attribution, g.attribution(c.Provider))
			}
			count[c.Provider]++
			a.Estimated = a.Estimated || c.Estimated
			if count[c.Provider] > count[a.Provider] {
				a.Provider = c.Provider
			}
		}
	}
	w.Header().Set("X-Mapswitch-Provider", a.Provider)
	writeJSON(w, http.StatusOK, a)
}

func (g *Gateway) readMatrix(r *http.Request, req *geo.MatrixRequest) error {
	return readRequest(r, req, func(q url.Values) error {
		var err error
		if req.Origins, err = queryPoints(r, "origins"); err != nil {
			return err
		}
		if req.Destinations, err = queryPoints(r, "destinations"); err != nil {
			return err
		}
		if err := req.Priority.UnmarshalText([]byte(q.Get("priority"))); err != nil {
			return badRequest("priority", "%v", err)
		}
		return nil
	})
}

// checkMatrix refuses matrices over the configured cell limit before any
// provider is asked.
func (g *Gateway) checkMatrix(rows, cols int) error {
	if rows*cols > g.cfg.MaxMatrix {
		return badRequest("matrix", "%d×%d = %d cells, over the gateway's limit of %d", rows, cols, rows*cols, g.cfg.MaxMatrix)
	}
	return nil
}
