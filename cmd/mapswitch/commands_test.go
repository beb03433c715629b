package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func TestGeocode(t *testing.T) {
	w := startWorld(t)
	r := runCLI(t, w.env, "", "geocode", "서울특별시청", "--json").want(t, 0)
	var ans struct {
		Query  string      `json:"query"`
		Places []geo.Place `json:"places"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if len(ans.Places) != 1 || ans.Places[0].Provider != "kakao" || math.Abs(ans.Places[0].Point[0]-126.978) > 0.01 {
		t.Fatalf("answer %+v", ans)
	}
	if !strings.Contains(r.stdout, `"point":[126.97`) {
		t.Errorf("point not [lon, lat]: %s", r.stdout)
	}

	// Table, several queries, one not found: exit 1, the found one printed.
	r = runCLI(t, w.env, "", "geocode", "판교역", "없는주소12345").want(t, 1)
	if !strings.Contains(r.stdout, "판교역") || !strings.Contains(r.stdout, "kakao") || !strings.Contains(r.stdout, "127.111200,37.394800") {
		t.Errorf("table:\n%s", r.stdout)
	}
	r.oneLine(t, "없는주소12345", "not found")

	// Kakao's quota spent: NAVER answers, and says so.
	w.kakao.SetFault(sim.Fault{Kind: sim.Quota})
	r = runCLI(t, w.env, "", "geocode", "판교역", "--geojson").want(t, 0)
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &fc); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 1 || fc.Features[0].Properties["provider"] != "naver" ||
		fc.Features[0].Geometry.Coordinates[0] < 127 {
		t.Errorf("geojson %s", r.stdout)
	}
}

func TestEveryProviderFailed(t *testing.T) {
	w := startWorld(t)
	for _, s := range []*sim.Server{w.kakao, w.naver, w.nominatim} {
		s.SetFault(sim.Fault{Kind: sim.Down})
	}
	r := runCLI(t, w.env, "", "geocode", "판교역", "--attempt-timeout", "300ms").want(t, 3)
	r.oneLine(t, "every provider failed", "kakao", "naver", "osm")
	r = runCLI(t, w.env, "", "geocode", "판교역", "--json").want(t, 3)
	if !strings.Contains(r.stdout, `"error":{"kind":"unavailable"`) {
		t.Errorf("json error: %s", r.stdout)
	}
}

func TestWrongKeyNeverPrinted(t *testing.T) {
	w := startWorld(t)
	env := with(w.env, "KAKAO_REST_KEY", "SENTINEL-WRONG-KAKAO-KEY", "NCP_CLIENT_SECRET", "SENTINEL-WRONG-SECRET")
	r := runCLI(t, env, "", "geocode", "판교역", "--providers", "kakao,naver").want(t, 3)
	r.oneLine(t, "unauthorized")
	runCLI(t, env, "", "route", "판교역", "127,37.5", "--providers", "kakao,naver", "--json").want(t, 3)
	runCLI(t, env, "", "doctor", "--providers", "kakao,naver")
}

func TestReverse(t *testing.T) {
	w := startWorld(t)
	r := runCLI(t, w.env, "", "reverse", "126.9779692", "37.5662952", "--json").want(t, 0)
	var ans struct {
		Point  []float64   `json:"point"`
		Places []geo.Place `json:"places"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if len(ans.Places) == 0 || !strings.Contains(ans.Places[0].Address.Road, "세종대로") || ans.Places[0].Provider != "kakao" {
		t.Fatalf("answer %s", r.stdout)
	}
	r = runCLI(t, w.env, "", "reverse", "127.1112,37.3948").want(t, 0)
	if !strings.Contains(r.stdout, "판교역로") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

func TestRoute(t *testing.T) {
	w := startWorld(t)
	r := runCLI(t, w.env, "", "route", "127.1112,37.3948", "서울특별시청", "--via", "127.05,37.5", "--json").want(t, 0)
	var ans struct {
		From, To struct {
			Point    []float64 `json:"point"`
			Provider string    `json:"geocoded_by"`
		}
		Route geo.Route `json:"route"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if ans.Route.Provider != "kakao" || ans.Route.DistanceMeters < 20000 || ans.Route.Duration <= 0 || ans.To.Provider != "kakao" {
		t.Fatalf("route %s", r.stdout)
	}
	if !strings.Contains(r.stdout, `"duration_s":`) {
		t.Errorf("duration not in seconds: %s", r.stdout)
	}

	// Every road provider down: the estimate answers, flagged.
	for _, s := range []*sim.Server{w.kakao, w.naver, w.osrm} {
		s.SetFault(sim.Fault{Kind: sim.Down})
	}
	r = runCLI(t, w.env, "", "route", "127.1112,37.3948", "126.9779,37.5663").want(t, 0)
	if !strings.Contains(r.stdout, "estimate") || !strings.Contains(r.stdout, "estimated") {
		t.Errorf("table:\n%s", r.stdout)
	}
	r = runCLI(t, w.env, "", "route", "127.1112,37.3948", "126.9779,37.5663", "--geojson").want(t, 0)
	if !strings.Contains(r.stdout, `"LineString"`) || !strings.Contains(r.stdout, `"estimated":true`) {
		t.Errorf("geojson:\n%s", r.stdout)
	}
	runCLI(t, w.env, "", "route", "127.1112,37.3948", "126.9779,37.5663", "--providers", "kakao").want(t, 3)
}

func TestMatrixAndDistance(t *testing.T) {
	w := startWorld(t)
	dir := t.TempDir()
	o, d := filepath.Join(dir, "o.txt"), filepath.Join(dir, "d.txt")
	os.WriteFile(o, []byte("# couriers\n127.1112,37.3948\n\n서울역\n"), 0o644)
	os.WriteFile(d, []byte("126.9779,37.5663\n129.0414,35.1151\n127.05,37.5\n"), 0o644)
	r := runCLI(t, w.env, "", "matrix", "--origins", o, "--destinations", d, "--json").want(t, 0)
	var ans struct {
		Origins []struct{ Point []float64 } `json:"origins"`
		Matrix  geo.Matrix                  `json:"matrix"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if len(ans.Origins) != 2 || len(ans.Matrix.Cells) != 2 || len(ans.Matrix.Cells[1]) != 3 {
		t.Fatalf("shape: %s", r.stdout)
	}
	for _, row := range ans.Matrix.Cells {
		for _, c := range row {
			if c.Provider == "" || (c.Err == nil && c.DistanceMeters <= 0) {
				t.Errorf("cell %+v", c)
			}
		}
	}
	r = runCLI(t, w.env, "", "matrix", "--origins", o, "--destinations", d).want(t, 0)
	if strings.Count(r.stdout, "\n") != 7 {
		t.Errorf("table:\n%s", r.stdout)
	}

	r = runCLI(t, w.env, "", "distance", "127.1112,37.3948", "126.9779,37.5663", "--route", "--json").want(t, 0)
	var dist struct {
		Geodesic  float64   `json:"geodesic_m"`
		Haversine float64   `json:"haversine_m"`
		Route     geo.Route `json:"route"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &dist); err != nil {
		t.Fatal(err)
	}
	if math.Abs(dist.Geodesic-dist.Haversine) > 100 || dist.Geodesic < 18000 || dist.Route.DistanceMeters < dist.Geodesic {
		t.Errorf("distance %s", r.stdout)
	}
	// distance with coordinates needs no provider at all.
	r = runCLI(t, map[string]string{"HOME": t.TempDir()}, "", "distance", "127.1112,37.3948", "126.9779,37.5663").want(t, 0)
	if !strings.Contains(r.stdout, "geodesic") || !strings.Contains(r.stdout, "haversine") {
		t.Errorf("table:\n%s", r.stdout)
	}
}

func TestBadInput(t *testing.T) {
	w := startWorld(t)
	missing := filepath.Join(t.TempDir(), "nope.txt")
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  []string
	}{
		{"swapped reverse", "", []string{"reverse", "37.5663", "126.9779"}, []string{"looks like lat,lon", "try 126.9779,37.5663"}},
		{"swapped route", "", []string{"route", "37.3948,127.1112", "서울역"}, []string{"FROM", "looks like lat,lon"}},
		{"malformed point", "", []string{"route", "127.1,37.x", "서울역"}, []string{"FROM", "not a point"}},
		{"out of range", "", []string{"reverse", "200", "10"}, []string{"longitude 200"}},
		{"unknown crs", "1 2\n", []string{"convert", "--from", "WGS-84", "--to", "WTM"}, []string{`"WGS-84"`, "use one of", "EPSG:5179"}},
		{"malformed coordinate", "127.0 37.5\n127.0 abc\n", []string{"convert", "--from", "WGS84", "--to", "WTM"}, []string{"line 2", "not two numbers"}},
		{"swapped convert", "37.5 127.0\n", []string{"convert", "--from", "WGS84", "--to", "WTM"}, []string{"line 1", "latitude, longitude", "swap"}},
		{"missing column", "lon,lat\n127,37\n", []string{"convert", "--from", "WGS84", "--to", "WTM", "--x-col", "x", "--y-col", "lat"}, []string{`--x-col "x"`, "no such column", "lon, lat"}},
		{"unreadable file", "", []string{"matrix", "--origins", missing, "--destinations", missing}, []string{"--origins", "nope.txt", "no such file"}},
		{"unknown provider", "", []string{"geocode", "x", "--providers", "kakao,goggle"}, []string{`unknown provider "goggle"`}},
		{"unknown flag", "", []string{"geocode", "x", "--limt", "3"}, []string{"unknown flag", "--help"}},
		{"bad priority", "", []string{"route", "127,37.5", "127.1,37.4", "--priority", "fastest"}, []string{"--priority", "recommended, time or distance"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, w.env, tc.stdin, tc.args...).want(t, 2)
			r.oneLine(t, tc.want...)
		})
	}
}

func TestNotices(t *testing.T) {
	w := startWorld(t)
	env := with(w.env, "NCP_CLIENT_ID", "", "KAKAO_REST_KEY", "", "TMAP_APP_KEY", "SENTINEL-TMAP")
	r := runCLI(t, env, "", "geocode", "판교역").want(t, 0)
	for _, want := range []string{"notice: naver: no client ID", "notice: kakao: no REST API key"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// TMAP_APP_KEY put TMAP in the chain, and it answered.
	if !strings.Contains(r.stdout, "tmap") || strings.Contains(r.stdout+r.stderr, "SENTINEL-TMAP") {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
}

func TestHelp(t *testing.T) {
	r := runCLI(t, nil, "", "--help").want(t, 0)
	for _, c := range []string{"geocode", "reverse", "route", "matrix", "distance", "convert", "batch", "doctor", "demo", "Exit codes"} {
		if !strings.Contains(r.stdout, c) {
			t.Errorf("help lacks %q", c)
		}
	}
	for _, c := range []string{"geocode", "reverse", "route", "matrix", "distance", "convert", "batch", "doctor", "demo"} {
		r := runCLI(t, nil, "", c, "--help").want(t, 0)
		if !strings.Contains(r.stdout, "Usage:") || len(r.stdout) < 200 {
			t.Errorf("%s --help:\n%s", c, r.stdout)
		}
	}
}

// TestTwoAccountsOfOneProvider: a config file adds a second Kakao app with
// its own key; when the first key is refused, the second answers, by name.
func TestTwoAccountsOfOneProvider(t *testing.T) {
	w := startWorld(t)
	cfg := filepath.Join(t.TempDir(), "mapswitch.toml")
	os.WriteFile(cfg, []byte(`providers = ["kakao", "kakao-backup"]
attempt_timeout = "800ms"

[provider.kakao-backup]
type = "kakao"
key = "`+kakaoKey+`"
`), 0o600)
	env := with(w.env, "KAKAO_REST_KEY", "SENTINEL-REVOKED-KAKAO-KEY")
	r := runCLI(t, env, "", "geocode", "판교역", "--config", cfg, "--json").want(t, 0)
	if !strings.Contains(r.stdout, `"provider":"kakao-backup"`) {
		t.Errorf("answer: %s", r.stdout)
	}
	r = runCLI(t, env, "", "doctor", "--config", cfg, "--json").want(t, 3)
	if !strings.Contains(r.stdout, `"provider":"kakao-backup","check":"local (geocode)","verdict":"ok"`) ||
		!strings.Contains(r.stdout, `"provider":"kakao","check":"local (geocode)","verdict":"key rejected"`) {
		t.Errorf("doctor: %s", r.stdout)
	}
}
