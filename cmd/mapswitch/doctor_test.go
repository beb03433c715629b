package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mapswitch/mapswitch/providers/sim"
)

func doctorChecks(t *testing.T, r result) map[string]check {
	t.Helper()
	out := map[string]check{}
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var c check
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("%v: %q", err, l)
		}
		out[c.Provider+"/"+c.Check] = c
	}
	return out
}

// TestDoctor puts each provider in a different state at once and checks
// each verdict and fix.
func TestDoctor(t *testing.T) {
	w := startWorld(t)
	r := runCLI(t, w.env, "", "doctor", "--json").want(t, 0)
	checks := doctorChecks(t, r)
	if len(checks) != 7 {
		t.Fatalf("%d checks: %s", len(checks), r.stdout)
	}
	for k, c := range checks {
		if c.Verdict != "ok" {
			t.Errorf("%s: %+v", k, c)
		}
		if c.LatencyMS <= 0 && c.Provider != "estimate" {
			t.Errorf("%s: no latency", k)
		}
	}

	w.kakao.SetFault(sim.Fault{Kind: sim.Quota})
	w.nominatim.SetFault(sim.Fault{Kind: sim.BlackHole})
	w.osrm.SetFault(sim.Fault{Kind: sim.Down})
	env := with(w.env, "NCP_CLIENT_SECRET", "SENTINEL-WRONG-SECRET")
	r = runCLI(t, env, "", "doctor", "--json", "--check-timeout", "500ms").want(t, 3)
	checks = doctorChecks(t, r)
	for _, tc := range []struct{ key, verdict, detail, fix string }{
		{"kakao/local (geocode)", "quota spent", "KAKAO answered 400", "raise the quota"},
		{"kakao/mobility (route)", "quota spent", "resets", "wait for the reset"},
		{"naver/geocode", "key rejected", "NAVER answered 401: Authentication Failed", "NCP_CLIENT_SECRET"},
		{"osm/nominatim (geocode)", "no answer", "does not respond", "status page"},
		{"osm/osrm (route)", "unreachable", "connection refused at " + w.osrm.URL(), "MAPSWITCH_OSRM_URL"},
		{"estimate/offline estimate", "ok", "", ""},
	} {
		c, ok := checks[tc.key]
		if !ok {
			t.Errorf("no check %s in %s", tc.key, r.stdout)
			continue
		}
		if c.Verdict != tc.verdict || !strings.Contains(c.Detail, tc.detail) || !strings.Contains(c.Fix, tc.fix) {
			t.Errorf("%s: %+v, want verdict %q, detail ~%q, fix ~%q", tc.key, c, tc.verdict, tc.detail, tc.fix)
		}
	}

	// The table, and missing credentials as a finding rather than an error.
	r = runCLI(t, with(env, "KAKAO_REST_KEY", ""), "", "doctor", "--check-timeout", "500ms").want(t, 3)
	for _, want := range []string{"PROVIDER", "kakao", "missing", "To fix:", "set KAKAO_REST_KEY", "key rejected"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

// TestDemo runs a short replay: the full one is examples/outage's test.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPED in -short mode: the replay takes 4 s")
	}
	r := runCLI(t, nil, "", "demo", "--duration", "4s", "--rate", "20", "--json")
	var rep struct {
		Requests int `json:"requests"`
		Phases   []struct {
			Name string `json:"name"`
		} `json:"phases"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if rep.Requests < 40 || len(rep.Phases) != 5 || (r.code != 0 && r.code != 3) {
		t.Errorf("exit %d, report %s", r.code, r.stdout)
	}
}
