package fleetrun

import (
	"context"
	"time"

	"github.com/mapswitch/mapswitch/providers/sim"
)

// World is the simulated Kakao and NAVER every instance calls. It lives in
// one process, so that the requests reaching the dead provider are counted
// at its server, whichever process sent them.
type World struct {
	kakao, naver *sim.Server
}

// NewWorld starts the simulators on loopback. Close stops them.
func NewWorld() (*World, error) {
	k, err := sim.NewKakao()
	if err != nil {
		return nil, err
	}
	n, err := sim.NewNaver()
	if err != nil {
		k.Close()
		return nil, err
	}
	return &World{kakao: k, naver: n}, nil
}

// Close stops the simulators, ending the calls still black-holed.
func (w *World) Close() {
	w.kakao.Close()
	w.naver.Close()
}

// Plan schedules a replay of cfg starting after lead: time for the
// instances (or processes) to start and join the fleet.
func (w *World) Plan(cfg Config, lead time.Duration) Plan {
	start := time.Now().Add(lead)
	outage := start.Add(cfg.Warm)
	return Plan{Start: start, Outage: outage, End: outage.Add(cfg.After), KakaoURL: w.kakao.URL(), NaverURL: w.naver.URL()}
}

// BlackHoleAt makes Kakao a black hole at the plan's outage (blocking
// until then, or until ctx ends).
func (w *World) BlackHoleAt(ctx context.Context, p Plan) {
	t := time.NewTimer(time.Until(p.Outage))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
		w.kakao.SetFault(sim.Fault{Kind: sim.BlackHole})
	}
}

// DeadRequests is how many requests reached Kakao while it was a black
// hole, counted at its server.
func (w *World) DeadRequests() int64 { return w.kakao.Faulted() }
