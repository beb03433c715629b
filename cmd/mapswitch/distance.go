package main

import (
	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo"
)

// distanceAnswer is the --json form of the distance command.
type distanceAnswer struct {
	A         located    `json:"a"`
	B         located    `json:"b"`
	Geodesic  float64    `json:"geodesic_m"`
	Haversine float64    `json:"haversine_m"`
	Route     *geo.Route `json:"route,omitempty"`
	Error     *errJSON   `json:"error,omitempty"`
}

func (a *app) distanceCommand() *cobra.Command {
	var road bool
	cmd := &cobra.Command{
		Use:   "distance A B",
		Short: "Straight-line (and, with --route, road) distance between two points",
		Long: `Print the distance between A and B on the WGS84 ellipsoid (geodesic, exact),
on a sphere (haversine, the fast approximation), and with --route the driving
distance, side by side. Each point is lon,lat or an address.`,
		Example: `  mapswitch distance 127.1112,37.3948 126.9779,37.5663
  mapswitch distance 서울역 부산역 --route`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ans distanceAnswer
			var err error
			if ans.A, err = a.resolve(cmd.Context(), "A", args[0]); err != nil {
				return err
			}
			if ans.B, err = a.resolve(cmd.Context(), "B", args[1]); err != nil {
				return err
			}
			ans.Geodesic = geo.Geodesic(ans.A.Point, ans.B.Point)
			ans.Haversine = geo.Haversine(ans.A.Point, ans.B.Point)
			code := exitOK
			if road {
				c, err := a.failover()
				if err != nil {
					return err
				}
				ctx, cancel := a.answerCtx(cmd.Context())
				r, rerr := c.Route(ctx, geo.RouteRequest{Origin: ans.A.Point, Destination: ans.B.Point})
				cancel()
				if r != nil {
					r.Geometry = nil
				}
				ans.Route, ans.Error, code = r, toErrJSON(rerr), codeOf(rerr)
			}
			if a.jsonOut || a.geojson {
				if err := emitJSON(a.stdout, ans); err != nil {
					return err
				}
			} else {
				var t table
				t.add("geodesic (WGS84)", metres(ans.Geodesic))
				t.add("haversine (sphere)", metres(ans.Haversine))
				if r := ans.Route; r != nil {
					t.add("road", metres(r.DistanceMeters), r.Provider, flags(r.Estimated, r.Stale))
				}
				t.print(a.stdout)
			}
			if ans.Error != nil {
				a.stderr.Write([]byte("mapswitch: route: " + ans.Error.Message + "\n"))
			}
			return silentExit(code)
		},
	}
	cmd.Flags().BoolVar(&road, "route", false, "also ask the provider chain for the driving distance")
	return cmd
}
