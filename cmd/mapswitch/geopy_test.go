package main

import (
	"encoding/json"
	"net/url"
	"os/exec"
	"strings"
	"testing"
)

// TestServeNominatimWithGeopy points Python's geopy Nominatim geocoder,
// unmodified, at the gateway over simulators.
func TestServeNominatimWithGeopy(t *testing.T) {
	python := pythonWithGeopy()
	requireComponent(t, "python3 with geopy", python != "", "apt-get install python3-geopy")
	w := startWorld(t)
	g := startServe(t, w.env, "--providers", "kakao,naver,osm")
	u, _ := url.Parse(g.url)
	out, err := exec.Command(python, "testdata/geopy_client.py", u.Host).CombinedOutput()
	if err != nil {
		t.Fatalf("geopy: %v\n%s\ngateway log:\n%s", err, out, g.log())
	}
	var got struct {
		Geocode struct {
			Lat, Lon float64
			Address  string
			Raw      map[string]any
		}
		GeocodeMany int `json:"geocode_many"`
		Reverse     struct {
			Lat, Lon float64
			Address  string
			Raw      map[string]any
		}
		Nothing bool
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Geocode.Lat < 37.56 || got.Geocode.Lat > 37.57 || got.Geocode.Lon < 126.97 || got.Geocode.Lon > 126.98 {
		t.Errorf("geocode at %v,%v", got.Geocode.Lat, got.Geocode.Lon)
	}
	if !strings.Contains(got.Geocode.Address, "세종대로") || !strings.Contains(got.Geocode.Raw["licence"].(string), "Kakao") {
		t.Errorf("geocode %+v", got.Geocode)
	}
	if addr, _ := got.Geocode.Raw["address"].(map[string]any); addr["city"] != "서울특별시" {
		t.Errorf("addressdetails: %v", got.Geocode.Raw["address"])
	}
	if got.GeocodeMany < 2 || got.GeocodeMany > 3 {
		t.Errorf("limit=3 gave %d places", got.GeocodeMany)
	}
	if !strings.Contains(got.Reverse.Address, "South Korea") || got.Reverse.Lat < 37.5 {
		t.Errorf("reverse %+v", got.Reverse)
	}
	if !got.Nothing {
		t.Error("a query nobody knows did not give None")
	}
}

// pythonWithGeopy finds a Python that imports geopy: the one on PATH, or
// the system's, where Debian's python3-geopy lives when PATH leads to
// another (pyenv, a virtualenv).
func pythonWithGeopy() string {
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import geopy").Run() == nil {
			return p
		}
	}
	return ""
}
