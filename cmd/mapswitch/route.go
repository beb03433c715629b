package main

import (
	"fmt"

	"github.com/paulmach/orb/geojson"
	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo"
)

// routeAnswer is the --json form of a route.
type routeAnswer struct {
	From  located    `json:"from"`
	To    located    `json:"to"`
	Via   []located  `json:"via,omitempty"`
	Route *geo.Route `json:"route,omitempty"`
	Error *errJSON   `json:"error,omitempty"`
}

func (a *app) routeCommand() *cobra.Command {
	var (
		via        []string
		priority   string
		avoidTolls bool
		geometry   bool
	)
	cmd := &cobra.Command{
		Use:   "route FROM TO",
		Short: "Driving distance, duration and fares between two points",
		Long: `Route from FROM to TO, through each --via point in order. Each point is
lon,lat (longitude first) or an address, which is geocoded first.`,
		Example: `  mapswitch route 127.1112,37.3948 126.9779,37.5663
  mapswitch route 판교역 "서울 중구 세종대로 110" --via 127.05,37.50 --json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var prio geo.Priority
			if err := prio.UnmarshalText([]byte(priority)); err != nil {
				return badInput("--priority %q: use recommended, time or distance", priority)
			}
			ans := routeAnswer{}
			var err error
			if ans.From, err = a.resolve(cmd.Context(), "FROM", args[0]); err != nil {
				return err
			}
			if ans.To, err = a.resolve(cmd.Context(), "TO", args[1]); err != nil {
				return err
			}
			req := geo.RouteRequest{Origin: ans.From.Point, Destination: ans.To.Point, Priority: prio, AvoidTolls: avoidTolls}
			for i, v := range via {
				l, err := a.resolve(cmd.Context(), fmt.Sprintf("--via %d", i+1), v)
				if err != nil {
					return err
				}
				ans.Via = append(ans.Via, l)
				req.Waypoints = append(req.Waypoints, l.Point)
			}
			c, err := a.failover()
			if err != nil {
				return err
			}
			ctx, cancel := a.answerCtx(cmd.Context())
			defer cancel()
			r, rerr := c.Route(ctx, req)
			if r != nil && !geometry && !a.geojson {
				r.Geometry = nil
			}
			ans.Route, ans.Error = r, toErrJSON(rerr)
			return a.printRoute(ans, codeOf(rerr))
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&via, "via", nil, "waypoint, lon,lat or an address; repeat for more, visited in order")
	f.StringVar(&priority, "priority", "recommended", "recommended, time or distance")
	f.BoolVar(&avoidTolls, "avoid-tolls", false, "avoid toll roads where the provider can")
	f.BoolVar(&geometry, "geometry", false, "include the route line in --json output")
	return cmd
}

func (a *app) printRoute(ans routeAnswer, code int) error {
	switch {
	case a.jsonOut:
		if err := emitJSON(a.stdout, ans); err != nil {
			return err
		}
	case a.geojson:
		fc := geojson.NewFeatureCollection()
		if r := ans.Route; r != nil {
			f := geojson.NewFeature(r.Geometry)
			f.Properties["distance_m"] = r.DistanceMeters
			f.Properties["duration_s"] = r.Duration.Seconds()
			f.Properties["provider"] = r.Provider
			f.Properties["estimated"] = r.Estimated
			f.Properties["stale"] = r.Stale
			if r.TaxiFareKRW != 0 {
				f.Properties["taxi_fare_krw"] = r.TaxiFareKRW
			}
			if r.TollFareKRW != 0 {
				f.Properties["toll_fare_krw"] = r.TollFareKRW
			}
			fc.Append(f)
		}
		fc.Append(pointFeature(ans.From.Point, map[string]any{"role": "from", "input": ans.From.Input, "address": ans.From.Address}))
		for _, v := range ans.Via {
			fc.Append(pointFeature(v.Point, map[string]any{"role": "via", "input": v.Input, "address": v.Address}))
		}
		fc.Append(pointFeature(ans.To.Point, map[string]any{"role": "to", "input": ans.To.Input, "address": ans.To.Address}))
		if err := emitGeoJSON(a.stdout, fc); err != nil {
			return err
		}
	default:
		var t table
		for _, l := range append(append([]located{ans.From}, ans.Via...), ans.To) {
			note := ""
			if l.Provider != "" {
				note = "geocoded by " + l.Provider + ": " + l.Address
			}
			t.add("point", lonLat(l.Point), note)
		}
		if r := ans.Route; r != nil {
			t.add("distance", km(r.DistanceMeters))
			t.add("duration", minutes(r.Duration))
			t.add("taxi fare", won(r.TaxiFareKRW))
			t.add("toll", won(r.TollFareKRW))
			t.add("provider", r.Provider, flags(r.Estimated, r.Stale))
		}
		t.print(a.stdout)
	}
	if ans.Error != nil {
		fmt.Fprintln(a.stderr, "mapswitch: route:", ans.Error.Message)
	}
	return silentExit(code)
}
