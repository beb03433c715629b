package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// npmDir holds the test's npm package: package.json and its lock are
// committed, node_modules is installed by .ci/run (npm ci).
const npmDir = "testdata/npm"

// TestServeOSRMWithNodeClient points the osrm-rest-client npm package,
// unmodified, at the gateway's OSRM endpoints.
func TestServeOSRMWithNodeClient(t *testing.T) {
	_, nodeErr := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(npmDir, "node_modules", "osrm-rest-client"))
	requireComponent(t, "node with osrm-rest-client", nodeErr == nil && modErr == nil,
		"install Node, then npm ci in cmd/mapswitch/testdata/npm")
	w := startWorld(t)
	g := startServe(t, w.env, "--providers", "kakao,naver,osm")
	cmd := exec.Command("node", "osrm_client.js", g.url)
	cmd.Dir = npmDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s\ngateway log:\n%s", err, out, g.log())
	}
	var got struct {
		Route struct {
			Code   string
			Routes []struct {
				Distance, Duration float64
				Geometry           struct {
					Type        string
					Coordinates [][2]float64
				}
			}
			Attribution string
		}
		Table struct {
			Code      string
			Durations [][]float64
			Distances [][]float64
		}
		Error struct {
			Status int
			Body   struct{ Code string }
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	r := got.Route
	if r.Code != "Ok" || len(r.Routes) != 1 || r.Routes[0].Distance < 5000 || r.Routes[0].Geometry.Type != "LineString" ||
		len(r.Routes[0].Geometry.Coordinates) < 2 || !strings.Contains(r.Attribution, "Kakao") {
		t.Errorf("route %+v", r)
	}
	tb := got.Table
	if tb.Code != "Ok" || len(tb.Durations) != 1 || len(tb.Durations[0]) != 2 || len(tb.Distances) != 1 || tb.Distances[0][0] < 5000 {
		t.Errorf("table %+v", tb)
	}
	if got.Error.Status != 400 || got.Error.Body.Code != "InvalidValue" {
		t.Errorf("invalid coordinate: %+v", got.Error)
	}
}
