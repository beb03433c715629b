package main

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/mapswitch/mapswitch/geo/crs"
)

// cliName maps the oracle's crs_id to the name given to --to, and the
// tolerance: micrometres where PROJ and geo/crs compute the same thing,
// a centimetre through a Bessel datum shift, half a unit for the rounded
// CONGNAMUL family.
var cliName = map[string]struct {
	name string
	tol  float64
}{
	"WGS84": {"WGS84", 1e-9}, "WTM": {"WTM", 1e-5}, "EPSG5181": {"EPSG:5181", 1e-5},
	"WCONGNAMUL": {"WCONGNAMUL", 0.5 + 1e-6}, "CONGNAMUL": {"CONGNAMUL", 0.5 + 0.025},
	"TM": {"TM", 0.01}, "EPSG5174_EPSGDEFAULT": {"EPSG:5174", 0.01}, "EPSG2097_EPSGDEFAULT": {"EPSG:2097", 0.01},
	"KTM_KATEC_TM128": {"KATEC", 0.01}, "WKTM": {"WKTM", 1e-5}, "UTM52N_WGS84": {"EPSG:32652", 1e-5},
	"UTM52N_BESSEL": {"UTM", 0.01}, "BESSEL": {"BESSEL", 1e-7}, "UTMK": {"UTM-K", 1e-5}, "EPSG5179": {"EPSG:5179", 1e-5},
	"EPSG5186": {"EPSG:5186", 1e-5},
}

type oracleRow struct {
	id             string
	lon, lat, x, y float64
}

func readOracle(t *testing.T) map[string][]oracleRow {
	f, err := os.Open("testdata/cs2cs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]oracleRow{}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("testdata: %v", err)
			}
			return v
		}
		out[c[3]] = append(out[c[3]], oracleRow{c[0], num(c[2]), num(c[1]), num(c[4]), num(c[5])})
	}
	return out
}

// TestConvertAgreesWithCS2CS streams every oracle point through the
// binary, both ways, for every system.
func TestConvertAgreesWithCS2CS(t *testing.T) {
	oracle := readOracle(t)
	if len(oracle) != len(cliName) {
		t.Fatalf("testdata has %d systems, the test knows %d", len(oracle), len(cliName))
	}
	for id, rows := range oracle {
		sys := cliName[id]
		t.Run(id, func(t *testing.T) {
			var fwd, inv strings.Builder
			for _, r := range rows {
				fmt.Fprintf(&fwd, "%.10f %.10f %s\n", r.lon, r.lat, r.id)
				fmt.Fprintf(&inv, "%.10f,%.10f,%s\n", r.x, r.y, r.id)
			}
			out := runCLI(t, nil, fwd.String(), "convert", "--from", "WGS84", "--to", sys.name, "--precision", "9").want(t, 0).stdout
			checkLines(t, rows, out, "\t", sys.tol, func(r oracleRow) (float64, float64) { return r.x, r.y })
			// The inverse, as CSV without a header, back to WGS84.
			out = runCLI(t, nil, inv.String(), "convert", "--from", sys.name, "--to", "WGS84", "--csv", "--precision", "10").want(t, 0).stdout
			tolDeg := sys.tol / 1e5 // metres to degrees, generously
			switch sys.name {
			case "WCONGNAMUL":
				tolDeg = 1e-9 // the oracle's x, y are unrounded: exact input
			case "CONGNAMUL":
				tolDeg = 1e-7 // exact input, but through the Bessel datum shift
			}
			if sys.name == "WGS84" || sys.name == "BESSEL" {
				tolDeg = sys.tol
			}
			checkLines(t, rows, out, ",", tolDeg, func(r oracleRow) (float64, float64) { return r.lon, r.lat })
		})
	}
}

func checkLines(t *testing.T, rows []oracleRow, out, sep string, tol float64, want func(oracleRow) (float64, float64)) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(rows) {
		t.Fatalf("%d lines out for %d in:\n%s", len(lines), len(rows), out)
	}
	for i, l := range lines {
		f := strings.Split(l, sep)
		if len(f) != 3 || f[2] != rows[i].id {
			t.Fatalf("line %q: the rest of the input line was not kept", l)
		}
		x, _ := strconv.ParseFloat(f[0], 64)
		y, _ := strconv.ParseFloat(f[1], 64)
		wx, wy := want(rows[i])
		if math.Abs(x-wx) > tol || math.Abs(y-wy) > tol {
			t.Errorf("%s: got %.9f %.9f, want %.9f %.9f (tolerance %g)", rows[i].id, x, y, wx, wy, tol)
		}
	}
}

func TestConvertCSVHeaderAndComments(t *testing.T) {
	in := "id,name,lat,lon\n1,\"시청, 서울\",37.5663,126.9779\n"
	r := runCLI(t, nil, in, "convert", "--from", "wgs84", "--to", "wtm", "--x-col", "lon", "--y-col", "lat").want(t, 0)
	want := "id,name,lat,lon\n1,\"시청, 서울\",451862.835,198047.527\n"
	if r.stdout != want {
		t.Errorf("got\n%swant\n%s", r.stdout, want)
	}
	r = runCLI(t, nil, "# header comment\n\n126.9779\t37.5663\r\n", "convert", "--from", "WGS84", "--to", "WCONGNAMUL").want(t, 0)
	if r.stdout != "# header comment\n\n495119\t1129657\n" {
		t.Errorf("got %q", r.stdout)
	}
}

// TestConvertStopsAtBadRow checks that rows before a bad one are written.
func TestConvertStopsAtBadRow(t *testing.T) {
	r := runCLI(t, nil, "126.9779 37.5663\nNaN 1\n", "convert", "--from", "WGS84", "--to", "WTM").want(t, 2)
	if !strings.HasPrefix(r.stdout, "198047.527\t451862.835\n") {
		t.Errorf("converted rows before the bad one were lost: %q", r.stdout)
	}
	r.oneLine(t, "line 2")
}

// BenchmarkConvert measures the converter on whitespace input, in
// process, WGS84 → UTM-K; rows/s is reported.
func BenchmarkConvert(b *testing.B) {
	from, _ := crs.Lookup("WGS84")
	to, _ := crs.Lookup("EPSG:5179")
	var in bytes.Buffer
	const rows = 100_000
	for i := range rows {
		fmt.Fprintf(&in, "%.7f %.7f\n", 126.5+float64(i%1000)*0.003, 35.0+float64(i/1000)*0.03)
	}
	data := in.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if err := convertText(bytes.NewReader(data), discard{}, convertOptions{from: from, to: to, precision: -1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
