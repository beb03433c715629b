package osm

import (
	"encoding/json"

	"github.com/mapswitch/mapswitch/internal/httpx"
)

// nominatimPlace is one jsonv2 result. Numbers arrive as strings from old
// PHP servers and as numbers from the Python frontend; httpx.Number takes both.
type nominatimPlace struct {
	PlaceID     httpx.Number      `json:"place_id"`
	Lat         httpx.Number      `json:"lat"`
	Lon         httpx.Number      `json:"lon"`
	Category    string            `json:"category"`
	Type        string            `json:"type"`
	PlaceRank   httpx.Number      `json:"place_rank"`
	Importance  httpx.Number      `json:"importance"`
	AddressType string            `json:"addresstype"`
	Name        string            `json:"name"`
	DisplayName string            `json:"display_name"`
	Address     map[string]string `json:"address"`
	// Error is "Unable to geocode" (a string) on an empty reverse answer,
	// or {"code":400,"message":…} on a 4xx.
	Error json.RawMessage `json:"error"`
}

// nominatimEnvelope is the JSON error envelope of a 4xx.
type nominatimEnvelope struct {
	Error struct {
		Code    httpx.Number `json:"code"`
		Message string       `json:"message"`
	} `json:"error"`
}

// osrmRoute is the answer of /route/v1.
type osrmRoute struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Routes  []struct {
		Distance float64 `json:"distance"`
		Duration float64 `json:"duration"`
		Geometry string  `json:"geometry"`
		Legs     []struct {
			Distance float64 `json:"distance"`
			Duration float64 `json:"duration"`
		} `json:"legs"`
	} `json:"routes"`
	// Waypoints has one entry per request coordinate, in order.
	Waypoints []osrmWaypoint `json:"waypoints"`
}

// osrmTable is the answer of /table/v1; null cells decode as nil.
type osrmTable struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	Durations [][]*float64 `json:"durations"`
	Distances [][]*float64 `json:"distances"`
	// Sources and Destinations have one entry per requested source and
	// destination, in order.
	Sources      []osrmWaypoint `json:"sources"`
	Destinations []osrmWaypoint `json:"destinations"`
}
