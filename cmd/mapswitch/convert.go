package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unsafe"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo/crs"
)

// convertOptions is one convert run.
type convertOptions struct {
	from, to   crs.CRS
	precision  int    // decimals printed; -1 = by the target system
	csv        bool   // input is CSV
	xCol, yCol string // CSV columns: 1-based numbers or header names
	header     bool   // the CSV's first row is a header
}

func (a *app) convertCommand() *cobra.Command {
	var (
		o        convertOptions
		from, to string
	)
	cmd := &cobra.Command{
		Use:   "convert --from CRS --to CRS",
		Short: "Convert coordinates between Korean coordinate systems, stdin to stdout",
		Long: `Read coordinates from stdin and write them converted to stdout, like cs2cs.
Input is "x y" per line (easting or longitude first), whitespace-separated;
anything after the two numbers is kept. With --csv, or --x-col and --y-col,
input is CSV and the two columns are replaced in place.

Systems: ` + strings.Join(crs.Names(), ", ") + `.`,
		Example: `  echo "126.9779 37.5663" | mapswitch convert --from WGS84 --to EPSG:5179
  mapswitch convert --from WTM --to WGS84 --x-col x --y-col y < sites.csv > sites-wgs84.csv
  mapswitch convert --from KATEC --to WGS84 --csv --x-col 2 --y-col 3 < naver.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if o.from, err = crs.Lookup(from); err != nil {
				return badInput("--from %q is not a coordinate system mapswitch knows; use one of %s", from, strings.Join(crs.Names(), ", "))
			}
			if o.to, err = crs.Lookup(to); err != nil {
				return badInput("--to %q is not a coordinate system mapswitch knows; use one of %s", to, strings.Join(crs.Names(), ", "))
			}
			if cmd.Flags().Changed("x-col") || cmd.Flags().Changed("y-col") {
				o.csv = true
			}
			if o.csv {
				o.header = o.header || !isNumber(o.xCol) || !isNumber(o.yCol)
				return convertCSV(a.stdin, a.stdout, o)
			}
			return convertText(a.stdin, a.stdout, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&from, "from", "", "system of the input, e.g. WGS84, WTM, KATEC, EPSG:5179 (required)")
	f.StringVar(&to, "to", "", "system of the output (required)")
	f.IntVar(&o.precision, "precision", -1, "decimals to print (default 9 for degrees, 3 for metres, 0 for CONGNAMUL)")
	f.BoolVar(&o.csv, "csv", false, "input is CSV")
	f.StringVar(&o.xCol, "x-col", "1", "CSV column of x (easting, longitude): a 1-based number or a header name")
	f.StringVar(&o.yCol, "y-col", "2", "CSV column of y (northing, latitude): a 1-based number or a header name")
	f.BoolVar(&o.header, "header", false, "the CSV's first row is a header (implied by column names)")
	cmd.MarkFlagRequired("from")
	cmd.MarkFlagRequired("to")
	return cmd
}

func isNumber(s string) bool { _, err := strconv.Atoi(s); return err == nil }

// decimals is how many decimals the output gets.
func (o *convertOptions) decimals() int {
	switch {
	case o.precision >= 0:
		return o.precision
	case o.to.Geographic():
		return 9 // 0.1 mm
	case strings.Contains(o.to.Name(), "CONGNAMUL"):
		return 0 // Kakao's integers
	}
	return 3 // mm
}

// convertPoint converts one point; line numbers the input line for errors.
func (o *convertOptions) convertPoint(line int, x, y float64, swapHint string) (orb.Point, error) {
	if o.from.Geographic() && x >= 32 && x <= 39.5 && y >= 123 && y <= 133 {
		return orb.Point{}, badInput("line %d: %v %v looks like latitude, longitude; convert reads x (longitude) first: %s", line, x, y, swapHint)
	}
	p, err := crs.Transform(o.from, o.to, orb.Point{x, y})
	if err != nil {
		return p, badInput("line %d: %v %v cannot be converted from %s: %s; check --from", line, x, y, o.from.Name(),
			strings.TrimPrefix(err.Error(), "crs: "))
	}
	return p, nil
}

// convertText streams "x y [rest]" lines. It reuses one line buffer and
// one output buffer, so a row costs no allocation.
func convertText(in io.Reader, out io.Writer, o convertOptions) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	defer w.Flush()
	dec := o.decimals()
	buf := make([]byte, 0, 128)
	for line := 1; ; line++ {
		b, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return badInput("line %d is longer than 64 KiB; is the input a coordinate list?", line)
		}
		if len(b) == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			return badInput("reading stdin: %v", err)
		}
		text := trimEOL(b)
		xs, rest := nextField(text)
		if len(xs) == 0 || xs[0] == '#' {
			w.Write(b) // blank and comment lines pass through
			if len(b) > 0 && b[len(b)-1] != '\n' {
				w.WriteByte('\n')
			}
			continue
		}
		ys, rest := nextField(rest)
		if len(ys) == 0 {
			return badInput("line %d: %q has one value; each line needs x y (easting or longitude first)", line, text)
		}
		x, err1 := parseFloat(xs)
		y, err2 := parseFloat(ys)
		if err1 != nil || err2 != nil {
			return badInput("line %d: %q is not two numbers x y; write decimal numbers, easting or longitude first", line, text)
		}
		p, err := o.convertPoint(line, x, y, "swap the columns, e.g. awk '{print $2, $1}'")
		if err != nil {
			return err
		}
		buf = strconv.AppendFloat(buf[:0], p[0], 'f', dec, 64)
		buf = append(buf, '\t')
		buf = strconv.AppendFloat(buf, p[1], 'f', dec, 64)
		if rest = trimSpace(rest); len(rest) > 0 {
			buf = append(buf, '\t')
			buf = append(buf, rest...)
		}
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
}

func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == ',' || c == ';' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// nextField splits off the first field separated by spaces, tabs, commas
// or semicolons.
func nextField(b []byte) (field, rest []byte) {
	b = trimSpace(b)
	i := 0
	for i < len(b) && !isSpace(b[i]) {
		i++
	}
	return b[:i], b[i:]
}

// parseFloat parses b without copying it into a string: the string view
// lives only for the call, and an error is turned into a message at once.
func parseFloat(b []byte) (float64, error) {
	return strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
}

// convertCSV replaces the x and y columns of each CSV record.
func convertCSV(in io.Reader, out io.Writer, o convertOptions) error {
	cr := csv.NewReader(bufio.NewReaderSize(in, 64<<10))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	bw := bufio.NewWriterSize(out, 64<<10)
	defer bw.Flush()
	cw := csv.NewWriter(bw)
	defer cw.Flush()
	xi, yi := -1, -1
	if !o.header {
		xi, _ = strconv.Atoi(o.xCol)
		yi, _ = strconv.Atoi(o.yCol)
		xi, yi = xi-1, yi-1
		if xi < 0 || yi < 0 {
			return badInput("--x-col and --y-col count from 1")
		}
	}
	dec := o.decimals()
	var xb, yb []byte
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return badInput("CSV input: %v", err)
		}
		if line == 1 && o.header {
			if xi, err = column(rec, o.xCol, "--x-col"); err != nil {
				return err
			}
			if yi, err = column(rec, o.yCol, "--y-col"); err != nil {
				return err
			}
			cw.Write(rec)
			continue
		}
		if xi >= len(rec) || yi >= len(rec) {
			return badInput("line %d has %d columns; --x-col %s and --y-col %s need %d", line, len(rec), o.xCol, o.yCol, max(xi, yi)+1)
		}
		x, err1 := strconv.ParseFloat(strings.TrimSpace(rec[xi]), 64)
		y, err2 := strconv.ParseFloat(strings.TrimSpace(rec[yi]), 64)
		if err1 != nil || err2 != nil {
			return badInput("line %d: %q, %q are not two numbers; check --x-col and --y-col", line, rec[xi], rec[yi])
		}
		p, err := o.convertPoint(line, x, y, "swap --x-col and --y-col")
		if err != nil {
			return err
		}
		xb = strconv.AppendFloat(xb[:0], p[0], 'f', dec, 64)
		yb = strconv.AppendFloat(yb[:0], p[1], 'f', dec, 64)
		rec[xi], rec[yi] = string(xb), string(yb)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
}

// column finds a header name (or a 1-based number) in the header row.
func column(header []string, name, flag string) (int, error) {
	if n, err := strconv.Atoi(name); err == nil {
		if n < 1 || n > len(header) {
			return 0, badInput("%s %d: the input has %d columns", flag, n, len(header))
		}
		return n - 1, nil
	}
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i, nil
		}
	}
	return 0, badInput("%s %q: no such column; the header has %s", flag, name, strings.Join(header, ", "))
}
