package main

import (
	"fmt"
	"strconv"

	"github.com/paulmach/orb/geojson"
	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo"
)

// placesAnswer is the --json form of one geocode or reverse answer.
type placesAnswer struct {
	Query  string      `json:"query,omitempty"`
	Point  *[2]float64 `json:"point,omitempty"`
	Places []geo.Place `json:"places"`
	Error  *errJSON    `json:"error,omitempty"`
}

func (a *app) geocodeCommand() *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "geocode QUERY...",
		Short: "Find the point of addresses or place names",
		Long: `Geocode each QUERY (a road-name or land-lot address, or a place name) through
the provider chain and print the best matches with the provider that answered.`,
		Example: `  mapswitch geocode "서울 중구 세종대로 110"
  mapswitch geocode 판교역 서울역 --limit 3 --json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 || limit > geo.MaxLimit {
				return badInput("--limit %d is outside 1..%d", limit, geo.MaxLimit)
			}
			c, err := a.failover()
			if err != nil {
				return err
			}
			code := exitOK
			var answers []placesAnswer
			for _, q := range args {
				ctx, cancel := a.answerCtx(cmd.Context())
				places, err := c.Geocode(ctx, geo.GeocodeRequest{Query: q, Limit: limit})
				cancel()
				code = worst(code, codeOf(err))
				answers = append(answers, placesAnswer{Query: q, Places: places, Error: toErrJSON(err)})
			}
			return a.printPlaces(answers, code)
		},
	}
	cmd.Flags().IntVarP(&limit, "limit", "n", 1, "matches to print per query")
	return cmd
}

// printPlaces prints geocode or reverse answers in the chosen format and
// ends with code.
func (a *app) printPlaces(answers []placesAnswer, code int) error {
	switch {
	case a.jsonOut:
		for _, ans := range answers {
			if ans.Places == nil {
				ans.Places = []geo.Place{}
			}
			if err := emitJSON(a.stdout, ans); err != nil {
				return err
			}
		}
	case a.geojson:
		fc := geojson.NewFeatureCollection()
		for _, ans := range answers {
			for _, p := range ans.Places {
				fc.Append(pointFeature(p.Point, map[string]any{"query": ans.Query, "name": p.Name,
					"road": p.Address.Road, "jibun": p.Address.Jibun, "postal_code": p.Address.PostalCode,
					"provider": p.Provider, "confidence": p.Confidence, "stale": p.Stale}))
			}
		}
		if err := emitGeoJSON(a.stdout, fc); err != nil {
			return err
		}
	default:
		var t table
		t.add("QUERY", "PROVIDER", "LON,LAT", "CONF", "NAME", "ADDRESS", "NOTE")
		for _, ans := range answers {
			q := ans.Query
			if ans.Point != nil {
				q = lonLat(*ans.Point)
			}
			for _, p := range ans.Places {
				addr := p.Address.Road
				if addr == "" {
					addr = p.Address.Jibun
				}
				t.add(q, p.Provider, lonLat(p.Point), strconv.FormatFloat(p.Confidence, 'f', 2, 64), p.Name, addr, flags(false, p.Stale))
			}
		}
		if len(t.rows) > 1 {
			t.print(a.stdout)
		}
	}
	for _, ans := range answers {
		if ans.Error != nil {
			what := ans.Query
			if ans.Point != nil {
				what = lonLat(*ans.Point)
			}
			fmt.Fprintf(a.stderr, "mapswitch: %s: %s\n", what, ans.Error.Message)
		}
	}
	return silentExit(code)
}
