package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo"
)

// matrixAnswer is the --json form of a matrix.
type matrixAnswer struct {
	Origins      []located   `json:"origins"`
	Destinations []located   `json:"destinations"`
	Matrix       *geo.Matrix `json:"matrix,omitempty"`
	Error        *errJSON    `json:"error,omitempty"`
}

func (a *app) matrixCommand() *cobra.Command {
	var origins, destinations, priority string
	cmd := &cobra.Command{
		Use:   "matrix --origins FILE --destinations FILE",
		Short: "Driving distance and duration for every origin × destination",
		Long: `Read origins and destinations, one per line (lon,lat or an address; blank
lines and lines starting with # are skipped), and print the driving distance
and duration of every pair, each cell with the provider that answered it.`,
		Example: `  mapswitch matrix --origins couriers.txt --destinations orders.txt
  mapswitch matrix --origins a.txt --destinations b.txt --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var prio geo.Priority
			if err := prio.UnmarshalText([]byte(priority)); err != nil {
				return badInput("--priority %q: use recommended, time or distance", priority)
			}
			var ans matrixAnswer
			var err error
			if ans.Origins, err = a.readPoints(cmd.Context(), "--origins", origins); err != nil {
				return err
			}
			if ans.Destinations, err = a.readPoints(cmd.Context(), "--destinations", destinations); err != nil {
				return err
			}
			req := geo.MatrixRequest{Priority: prio}
			for _, l := range ans.Origins {
				req.Origins = append(req.Origins, l.Point)
			}
			for _, l := range ans.Destinations {
				req.Destinations = append(req.Destinations, l.Point)
			}
			c, err := a.failover()
			if err != nil {
				return err
			}
			ctx, cancel := a.answerCtx(cmd.Context())
			defer cancel()
			m, merr := c.Matrix(ctx, req)
			ans.Matrix, ans.Error = m, toErrJSON(merr)
			return a.printMatrix(ans, matrixCode(m, merr))
		},
	}
	f := cmd.Flags()
	f.StringVar(&origins, "origins", "", "file of origins, one lon,lat or address per line (required)")
	f.StringVar(&destinations, "destinations", "", "file of destinations, one per line (required)")
	f.StringVar(&priority, "priority", "recommended", "recommended, time or distance")
	cmd.MarkFlagRequired("origins")
	cmd.MarkFlagRequired("destinations")
	return cmd
}

// matrixCode is 0 when any cell holds a value, else the worst cell's code.
func matrixCode(m *geo.Matrix, err error) int {
	if err != nil {
		return codeOf(err)
	}
	code := exitOK
	for _, row := range m.Cells {
		for _, c := range row {
			if c.Err == nil {
				return exitOK
			}
			code = worst(code, codeOf(c.Err))
		}
	}
	return code
}

// readPoints reads one point per line of path.
func (a *app) readPoints(ctx context.Context, flag, path string) ([]located, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, badInput("%s: cannot read %s: %v", flag, path, unwrapPathError(err))
	}
	defer f.Close()
	var out []located
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		l, err := a.resolve(ctx, fmt.Sprintf("%s %s line %d:", flag, path, n), line)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, badInput("%s: cannot read %s: %v", flag, path, err)
	}
	if len(out) == 0 {
		return nil, badInput("%s: %s holds no points; write one lon,lat or address per line", flag, path)
	}
	return out, nil
}

func (a *app) printMatrix(ans matrixAnswer, code int) error {
	if a.jsonOut || a.geojson {
		if err := emitJSON(a.stdout, ans); err != nil {
			return err
		}
	} else if ans.Matrix != nil {
		var t table
		t.add("ORIGIN", "DESTINATION", "DISTANCE", "DURATION", "PROVIDER", "NOTE")
		for i, row := range ans.Matrix.Cells {
			for j, c := range row {
				o, d := lonLat(ans.Origins[i].Point), lonLat(ans.Destinations[j].Point)
				if c.Err != nil {
					t.add(o, d, "-", "-", c.Provider, geo.KindName(c.Err))
					continue
				}
				t.add(o, d, km(c.DistanceMeters), minutes(c.Duration), c.Provider, flags(c.Estimated, false))
			}
		}
		t.print(a.stdout)
	}
	if ans.Error != nil {
		fmt.Fprintln(a.stderr, "mapswitch: matrix:", ans.Error.Message)
	}
	return silentExit(code)
}
