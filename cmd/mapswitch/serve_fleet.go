package main

import (
	"github.com/mapswitch/mapswitch/fallback/redisfleet"
	"github.com/mapswitch/mapswitch/internal/config"
)

// fleetView is the fleet-wide state the status page and /v1/status show.
type fleetView struct {
	Instance string `json:"instance"`
	// Redis is whether Redis answered the last health check: without it
	// this instance carries on alone, on its local breakers.
	Redis      bool             `json:"redis"`
	CallsToday map[string]int64 `json:"calls_today,omitempty"`
	Stats      redisfleet.Stats `json:"stats"`
}

func fleetStatus(f *redisfleet.Fleet, providers []config.Provider) fleetView {
	st := f.Stats()
	v := fleetView{Instance: f.ID(), Redis: st.Healthy, Stats: st, CallsToday: map[string]int64{}}
	for _, p := range providers {
		if n, ok := f.CallsToday(p.Name); ok {
			v.CallsToday[p.Name] = n
		}
	}
	return v
}
