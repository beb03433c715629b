package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo"
)

// batchSettings are the flags every batch subcommand shares.
type batchSettings struct {
	out         string
	format      string
	concurrency int
	overwrite   bool
	every       string // plain progress interval when not on a terminal
}

// batchOp is what one subcommand does to a row.
type batchOp struct {
	name     string
	cols     []resultColumn
	settings string // the column flags, recorded in the journal header
	// do answers row i; vals align with cols. It never fails the batch:
	// a row's problem is a row's error columns.
	do func(ctx context.Context, i int) journalEntry
}

func (a *app) batchCommand() *cobra.Command {
	var s batchSettings
	cmd := &cobra.Command{
		Use:   "batch geocode|reverse|route IN -o OUT",
		Short: "Geocode, reverse-geocode or route every row of a file; resumable",
		Long: `Answer every row of IN (CSV with a header, or JSON Lines) and write OUT with the
input's columns plus the answer's, including provider and error columns, in
input order, each row exactly once.

Answers are journaled to OUT.journal as they arrive (fsynced), so a batch that
is interrupted, killed or loses power resumes where it stopped: rerun the same
command. Ctrl-C stops after flushing. OUT is written when every row is done.

A progress bar with rate and ETA is shown on a terminal; otherwise a plain
progress line is printed periodically. A summary ends the run.

Exit codes: 0 every row has its answer (found, not found, or a bad-input error
for that row), 3 some rows failed on every provider (they carry the error), 2
bad input or options, 130 interrupted.`,
		Example: `  mapswitch batch geocode listings.csv -o geocoded.csv --query-col address
  mapswitch batch reverse points.jsonl -o addresses.jsonl --lon-col lon --lat-col lat
  mapswitch batch route orders.csv -o fees.csv --from-col pickup --to-col dropoff`,
	}
	pf := cmd.PersistentFlags()
	pf.StringVarP(&s.out, "output", "o", "", "output file (required); OUT.journal holds progress until it is written")
	pf.StringVar(&s.format, "format", "", "csv or jsonl (default from IN's extension: .jsonl and .ndjson are JSON Lines)")
	pf.IntVarP(&s.concurrency, "concurrency", "c", 8, "rows in flight at once (1..64)")
	pf.BoolVar(&s.overwrite, "overwrite", false, "replace OUT if it exists and no journal says it is in progress")
	pf.StringVar(&s.every, "progress-every", "10s", "interval of plain progress lines when stderr is not a terminal")

	var query string
	geocode := &cobra.Command{
		Use:   "geocode IN -o OUT",
		Short: "Geocode the address column of every row",
		Long: `Geocode the --query-col of every row of IN and write OUT: the input's columns
plus lon, lat, name, road, jibun, postal_code, legal_code, provider,
confidence, stale, error_kind and error. Rerun the same command after an
interruption to resume.`,
		Example: `  mapswitch batch geocode listings.csv -o geocoded.csv --query-col address
  mapswitch batch geocode listings.jsonl -o geocoded.jsonl -c 16`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runBatch(cmd.Context(), s, args[0], func(in *batchInput) (*batchOp, error) {
				col, err := in.column(query, "--query-col")
				if err != nil {
					return nil, err
				}
				return a.geocodeOp(col, query)
			})
		},
	}
	geocode.Flags().StringVar(&query, "query-col", "address", "column (or JSON key) holding the address")

	var lonCol, latCol string
	reverse := &cobra.Command{
		Use:   "reverse IN -o OUT",
		Short: "Reverse-geocode the lon and lat columns of every row",
		Long: `Reverse-geocode every row's --lon-col and --lat-col (WGS84 degrees) and write
OUT: the input's columns plus road, jibun, postal_code, legal_code,
admin_code, provider, stale, error_kind and error. A row whose point is
malformed or looks like lat,lon swapped gets an invalid_request error.`,
		Example: `  mapswitch batch reverse couriers.csv -o addresses.csv --lon-col x --lat-col y`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runBatch(cmd.Context(), s, args[0], func(in *batchInput) (*batchOp, error) {
				lon, err := in.column(lonCol, "--lon-col")
				if err != nil {
					return nil, err
				}
				lat, err := in.column(latCol, "--lat-col")
				if err != nil {
					return nil, err
				}
				return a.reverseOp(lon, lat, lonCol+","+latCol)
			})
		},
	}
	reverse.Flags().StringVar(&lonCol, "lon-col", "lon", "column (or JSON key) holding the longitude")
	reverse.Flags().StringVar(&latCol, "lat-col", "lat", "column (or JSON key) holding the latitude")

	var fromCol, toCol string
	route := &cobra.Command{
		Use:   "route IN -o OUT",
		Short: "Route each row's origin to its destination: distance, duration, fares",
		Long: `Route each row from the --from-col point to the --to-col point. A point is
"lon,lat" (quoted in CSV), a [lon, lat] array in JSON Lines, or an address,
which is geocoded first. OUT gets the input's columns plus distance_m,
duration_s, toll_fare_krw, taxi_fare_krw, provider, estimated, stale,
error_kind and error.`,
		Example: `  mapswitch batch route orders.csv -o fees.csv --from-col pickup --to-col dropoff`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runBatch(cmd.Context(), s, args[0], func(in *batchInput) (*batchOp, error) {
				from, err := in.column(fromCol, "--from-col")
				if err != nil {
					return nil, err
				}
				to, err := in.column(toCol, "--to-col")
				if err != nil {
					return nil, err
				}
				return a.routeOp(from, to, fromCol+","+toCol)
			})
		},
	}
	route.Flags().StringVar(&fromCol, "from-col", "from", "column (or JSON key) holding the origin")
	route.Flags().StringVar(&toCol, "to-col", "to", "column (or JSON key) holding the destination")

	cmd.AddCommand(geocode, reverse, route)
	return cmd
}

// rowError fills an entry's error columns (the last two of every op).
func rowError(e journalEntry, err error) journalEntry {
	j := toErrJSON(err)
	e.Kind = j.Kind
	if e.Provider == "" {
		e.Provider = j.Provider
	}
	e.Vals[len(e.Vals)-2], e.Vals[len(e.Vals)-1] = j.Kind, j.Message
	return e
}

var errorCols = []resultColumn{{name: "error_kind"}, {name: "error"}}

func ftoa(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

func (a *app) geocodeOp(query func(int) string, col string) (*batchOp, error) {
	c, err := a.failover()
	if err != nil {
		return nil, err
	}
	cols := append([]resultColumn{{"lon", true}, {"lat", true}, {"name", false}, {"road", false}, {"jibun", false},
		{"postal_code", false}, {"legal_code", false}, {"provider", false}, {"confidence", true}, {"stale", true}}, errorCols...)
	return &batchOp{name: "geocode", cols: cols, settings: "query=" + col, do: func(ctx context.Context, i int) journalEntry {
		e := journalEntry{I: i, Vals: make([]string, len(cols))}
		ctx, cancel := a.answerCtx(ctx)
		defer cancel()
		places, err := c.Geocode(ctx, geo.GeocodeRequest{Query: strings.TrimSpace(query(i)), Limit: 1})
		if err != nil {
			return rowError(e, err)
		}
		p := places[0]
		e.Provider = p.Provider
		copy(e.Vals, []string{ftoa(p.Point[0], 7), ftoa(p.Point[1], 7), p.Name, p.Address.Road, p.Address.Jibun,
			p.Address.PostalCode, p.Address.LegalCode, p.Provider, ftoa(p.Confidence, 2), strconv.FormatBool(p.Stale)})
		return e
	}}, nil
}

func (a *app) reverseOp(lon, lat func(int) string, cols string) (*batchOp, error) {
	c, err := a.failover()
	if err != nil {
		return nil, err
	}
	rc := append([]resultColumn{{"road", false}, {"jibun", false}, {"postal_code", false}, {"legal_code", false},
		{"admin_code", false}, {"provider", false}, {"stale", true}}, errorCols...)
	return &batchOp{name: "reverse", cols: rc, settings: "lonlat=" + cols, do: func(ctx context.Context, i int) journalEntry {
		e := journalEntry{I: i, Vals: make([]string, len(rc))}
		p, err := parseLonLat("row "+strconv.Itoa(i+1), lon(i)+","+lat(i))
		if err != nil {
			return rowError(e, &geo.RequestError{Field: "input", Reason: err.Error()})
		}
		ctx, cancel := a.answerCtx(ctx)
		defer cancel()
		places, err := c.ReverseGeocode(ctx, geo.ReverseRequest{Point: p})
		if err != nil {
			return rowError(e, err)
		}
		pl := places[0]
		e.Provider = pl.Provider
		copy(e.Vals, []string{pl.Address.Road, pl.Address.Jibun, pl.Address.PostalCode, pl.Address.LegalCode,
			pl.Address.AdminCode, pl.Provider, strconv.FormatBool(pl.Stale)})
		return e
	}}, nil
}

func (a *app) routeOp(from, to func(int) string, cols string) (*batchOp, error) {
	c, err := a.failover()
	if err != nil {
		return nil, err
	}
	rc := append([]resultColumn{{"distance_m", true}, {"duration_s", true}, {"toll_fare_krw", true}, {"taxi_fare_krw", true},
		{"provider", false}, {"estimated", true}, {"stale", true}}, errorCols...)
	point := func(ctx context.Context, what, s string) (orb.Point, error) {
		if looksNumeric(strings.TrimSpace(s)) {
			p, err := parseLonLat(what, s)
			if err != nil {
				return p, &geo.RequestError{Field: "input", Reason: err.Error()}
			}
			return p, nil
		}
		ctx, cancel := a.answerCtx(ctx)
		defer cancel()
		places, err := c.Geocode(ctx, geo.GeocodeRequest{Query: strings.TrimSpace(s), Limit: 1})
		if err != nil {
			return orb.Point{}, err
		}
		return places[0].Point, nil
	}
	return &batchOp{name: "route", cols: rc, settings: "fromto=" + cols, do: func(ctx context.Context, i int) journalEntry {
		e := journalEntry{I: i, Vals: make([]string, len(rc))}
		o, err := point(ctx, "from", from(i))
		if err != nil {
			return rowError(e, err)
		}
		d, err := point(ctx, "to", to(i))
		if err != nil {
			return rowError(e, err)
		}
		ctx, cancel := a.answerCtx(ctx)
		defer cancel()
		r, err := c.Route(ctx, geo.RouteRequest{Origin: o, Destination: d})
		if err != nil {
			return rowError(e, err)
		}
		e.Provider = r.Provider
		copy(e.Vals, []string{ftoa(r.DistanceMeters, 1), ftoa(r.Duration.Seconds(), 1), strconv.Itoa(r.TollFareKRW),
			strconv.Itoa(r.TaxiFareKRW), r.Provider, strconv.FormatBool(r.Estimated), strconv.FormatBool(r.Stale)})
		return e
	}}, nil
}

// checkOutput refuses to overwrite a finished OUT by accident.
func checkOutput(s batchSettings, journalExists bool) error {
	if s.out == "" {
		return badInput("-o OUT is required: the file to write the answers to")
	}
	if journalExists || s.overwrite {
		return nil
	}
	if _, err := os.Stat(s.out); err == nil {
		return badInput("%s already exists and no journal says it is in progress; remove it, choose another -o, or pass --overwrite", s.out)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return badInput("cannot use %s: %v", s.out, unwrapPathError(err))
	}
	return nil
}
