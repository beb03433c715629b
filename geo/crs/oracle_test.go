package crs

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
)

func readTSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			if i < len(row) {
				m[h] = row[i]
			}
		}
		out = append(out, m)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

// oracleCRS maps oracle.tsv's crs_id to a system and its tolerance (metres,
// or units for the CONGNAMUL family).
func oracleCRS(t *testing.T, id string) (CRS, float64, bool) {
	look := func(n string) CRS {
		c, err := Lookup(n)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const exact, besselTol, congTol = 1e-6, 0.01, 0.5 + 1e-6
	switch id {
	case "WGS84":
		return look("WGS84"), 1e-12, true
	case "WTM", "EPSG5181":
		return look("WTM"), exact, true
	case "WCONGNAMUL":
		return look("WCONGNAMUL"), congTol, true
	case "CONGNAMUL":
		return look("CONGNAMUL"), congTol + 0.01*2.5, true
	case "TM", "EPSG5174_7P":
		return look("TM"), besselTol, true
	case "EPSG5174_3P":
		return look("EPSG:5174").WithDatum(Datum3P), besselTol, true
	case "EPSG5174_EPSGDEFAULT":
		return look("EPSG:5174"), besselTol, true
	case "EPSG2097_EPSGDEFAULT":
		return look("EPSG:2097"), besselTol, true
	case "EPSG2097_7P":
		return look("EPSG:2097").WithDatum(Datum7P), besselTol, true
	case "KTM_KATEC_TM128":
		return look("KATEC"), besselTol, true
	case "KATEC_3P":
		return look("KATEC").WithDatum(Datum3P), besselTol, true
	case "WKTM":
		return look("WKTM"), exact, true
	case "UTM52N_WGS84":
		return look("EPSG:32652"), exact, true
	case "UTM52N_BESSEL":
		return look("UTM"), besselTol, true
	case "BESSEL":
		return look("BESSEL"), 1e-7, true // degrees: 1 cm is 9e-8°
	case "UTMK", "EPSG5179":
		return look("UTM-K"), exact, true
	case "EPSG5186":
		return look("EPSG:5186"), exact, true
	}
	return CRS{}, 0, false // EPSG5174_MBHELMERT: a known-wrong variant, not offered
}

func TestOracle(t *testing.T) {
	wgs, _ := Lookup("WGS84")
	rows := readTSV(t, "testdata/oracle.tsv")
	checked := 0
	for _, r := range rows {
		c, tol, ok := oracleCRS(t, r["crs_id"])
		if !ok {
			continue
		}
		in := orb.Point{num(t, r["lon_wgs84"]), num(t, r["lat_wgs84"])}
		want := orb.Point{num(t, r["x"]), num(t, r["y"])}
		got, err := Transform(wgs, c, in)
		if err != nil {
			t.Errorf("%s %s: %v", r["point_id"], r["crs_id"], err)
			continue
		}
		if math.Abs(got[0]-want[0]) > tol || math.Abs(got[1]-want[1]) > tol {
			t.Errorf("%s %s: got %.6f %.6f, want %.6f %.6f (tolerance %g)", r["point_id"], r["crs_id"], got[0], got[1], want[0], want[1], tol)
		}
		// And back.
		back, err := Transform(c, wgs, got)
		d := math.Hypot((back[0]-in[0])*math.Cos(in[1]*math.Pi/180), back[1]-in[1]) * 111320
		limit := 1e-9 * 111320 // 1e-9°
		if c.bessel {
			limit = 0.01
		}
		if c.round {
			limit = 0.4 // half a unit is 0.2 m on each axis
		}
		if err != nil || d > limit {
			t.Errorf("%s %s: round trip off by %.3g m (%v)", r["point_id"], r["crs_id"], d, err)
		}
		checked++
	}
	if checked < 250 {
		t.Errorf("only %d oracle rows checked", checked)
	}
}

func TestKakaoAnchors(t *testing.T) {
	for _, r := range readTSV(t, "testdata/anchors.tsv") {
		from, err1 := Lookup(r["in_crs"])
		to, err2 := Lookup(r["out_crs"])
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		got, err := Transform(from, to, orb.Point{num(t, r["in_x"]), num(t, r["in_y"])})
		if err != nil {
			t.Fatal(err)
		}
		want := orb.Point{num(t, r["published_x"]), num(t, r["published_y"])}
		tol := 1e-9 // degrees, for WTM → WGS84
		switch {
		case to.round:
			tol = 1 // an exact .5 tie may round either way
		case !to.Geographic():
			tol = 0.005 // third-party ports, metres
		}
		if math.Abs(got[0]-want[0]) > tol || math.Abs(got[1]-want[1]) > tol {
			t.Errorf("%s: got %.9f %.9f, published %.9f %.9f", r["anchor_id"], got[0], got[1], want[0], want[1])
		}
	}
}
