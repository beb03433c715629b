package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo"
)

func (a *app) reverseCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "reverse LON LAT",
		Short: "Find the address at a point",
		Long: `Reverse-geocode the point LON LAT (longitude first, WGS84 degrees) and print
the addresses found there, road-name and land-lot forms, with the provider
that answered. "LON,LAT" as one argument works too.`,
		Example: `  mapswitch reverse 126.9779692 37.5662952
  mapswitch reverse 127.1112,37.3948 --json`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := parseLonLat("point", strings.Join(args, ","))
			if err != nil {
				return err
			}
			c, err := a.failover()
			if err != nil {
				return err
			}
			ctx, cancel := a.answerCtx(cmd.Context())
			defer cancel()
			places, err := c.ReverseGeocode(ctx, geo.ReverseRequest{Point: p})
			pt := [2]float64(p)
			return a.printPlaces([]placesAnswer{{Point: &pt, Places: places, Error: toErrJSON(err)}}, codeOf(err))
		},
	}
}
