// Package demo wires the simulated providers to the real provider clients
// and a failover client, the way an application would wire real ones. The
// examples and mapswitch demo share it; it needs no keys and no network.
package demo

import (
	"errors"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/estimate"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
	"github.com/mapswitch/mapswitch/providers/tmap"
)

// Fake credentials: the simulators check them like the real APIs do.
const (
	kakaoKey    = "DEMO-KAKAO-KEY-not-real"
	naverID     = "DEMO-NAVER-ID-not-real"
	naverSecret = "DEMO-NAVER-SECRET-not-real"
	tmapKey     = "DEMO-TMAP-APPKEY-not-real"
)

// World is a running set of simulated providers and the failover client
// over them: kakao → naver → (tmap, when TMAP is set) → osm, then the
// offline estimate for routes and matrices when Estimate is set.
type World struct {
	Kakao, Naver, Nominatim, OSRM *sim.Server
	// TMAP is nil unless Config.TMAP was set.
	TMAP   *sim.Server
	Client *fallback.Client
}

// Config chooses the chain and the failover options.
type Config struct {
	Estimate bool              // add the offline last tier
	TMAP     bool              // add TMAP after NAVER
	Options  []fallback.Option // passed to fallback.New
	SimOpts  []sim.Option      // passed to every simulator
}

// Start starts the simulators and builds the client.
func Start(cfg Config) (*World, error) {
	w := &World{}
	var err error
	for _, s := range []struct {
		dst  **sim.Server
		make func(...sim.Option) (*sim.Server, error)
		opts []sim.Option
	}{
		{&w.Kakao, sim.NewKakao, []sim.Option{sim.WithKey(kakaoKey, "")}},
		{&w.Naver, sim.NewNaver, []sim.Option{sim.WithKey(naverID, naverSecret)}},
		{&w.Nominatim, sim.NewNominatim, nil},
		{&w.OSRM, sim.NewOSRM, nil},
	} {
		if *s.dst, err = s.make(append(s.opts, cfg.SimOpts...)...); err != nil {
			w.Close()
			return nil, err
		}
	}
	k, err1 := kakao.New(kakaoKey, kakao.WithBaseURL(w.Kakao.URL()), kakao.WithMobilityBaseURL(w.Kakao.URL()))
	n, err2 := naver.New(naverID, naverSecret, naver.WithBaseURL(w.Naver.URL()))
	o, err3 := osm.New(osm.WithUserAgent("mapswitch-demo/1.0 (offline simulation)"),
		osm.WithNominatimURL(w.Nominatim.URL()), osm.WithOSRMURL(w.OSRM.URL()))
	if err := errors.Join(err1, err2, err3); err != nil {
		w.Close()
		return nil, err
	}
	providers := []geo.Provider{k, n}
	if cfg.TMAP {
		if w.TMAP, err = sim.NewTMAP(append([]sim.Option{sim.WithKey(tmapKey, "")}, cfg.SimOpts...)...); err != nil {
			w.Close()
			return nil, err
		}
		t, err := tmap.New(tmapKey, tmap.WithBaseURL(w.TMAP.URL()))
		if err != nil {
			w.Close()
			return nil, err
		}
		providers = append(providers, t)
	}
	providers = append(providers, o)
	if cfg.Estimate {
		e, err := estimate.New()
		if err != nil {
			w.Close()
			return nil, err
		}
		providers = append(providers, e)
	}
	if w.Client, err = fallback.New(providers, cfg.Options...); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// Close stops the simulators.
func (w *World) Close() {
	for _, s := range []*sim.Server{w.Kakao, w.Naver, w.Nominatim, w.OSRM, w.TMAP} {
		if s != nil {
			s.Close()
		}
	}
}
