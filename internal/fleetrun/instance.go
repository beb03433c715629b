package fleetrun

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/fallback/redisfleet"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// Result is what one instance saw. Durations are from the plan's outage.
type Result struct {
	Index int `json:"index"`
	PID   int `json:"pid"`
	// Requests counts the geocode requests sent; Failed, those that
	// reached the caller as errors.
	Requests int `json:"requests"`
	Failed   int `json:"failed"`
	// Answered counts the requests answered, by provider.
	Answered map[string]int `json:"answered"`
	// DeadCalls counts this instance's calls to Kakao sent after the
	// outage began.
	DeadCalls int `json:"dead_calls"`
	// OpenedAfter is when this instance stopped trusting Kakao, or -1 if
	// it never did; OpenCause says why ("fleet: …" when adopted from the
	// fleet).
	OpenedAfter time.Duration `json:"opened_after_ns"`
	OpenCause   string        `json:"open_cause,omitempty"`
	// LastDeadCall is when it last sent a call to Kakao, or -1.
	LastDeadCall time.Duration `json:"last_dead_call_ns"`
	// Fleet is the instance's fleet counters (nil without a fleet).
	Fleet *redisfleet.Stats `json:"fleet,omitempty"`
}

// Instance runs instance index of cfg's fleet to plan: it joins the
// fleet (when cfg.Redis is set), sends its share of the load from
// plan.Start to plan.End, and returns what it saw. Call it before
// plan.Start.
func Instance(ctx context.Context, cfg Config, p Plan, index int) (Result, error) {
	if err := cfg.validate(); err != nil {
		return Result{}, err
	}
	res := Result{Index: index, PID: os.Getpid(), Answered: map[string]int{}, OpenedAfter: -1, LastDeadCall: -1}
	var mu sync.Mutex

	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	k, err := kakao.New("FAKE-KAKAO-KEY-0000", kakao.WithBaseURL(p.KakaoURL), kakao.WithMobilityBaseURL(p.KakaoURL), kakao.WithHTTPClient(hc))
	if err != nil {
		return res, err
	}
	n, err := naver.New("FAKE-NAVER-ID", "FAKE-NAVER-SECRET", naver.WithBaseURL(p.NaverURL), naver.WithHTTPClient(hc))
	if err != nil {
		return res, err
	}
	opts := []fallback.Option{
		fallback.WithAttemptTimeout(cfg.AttemptTimeout),
		// Each request is its own: coalescing identical ones would hide
		// calls from the count.
		fallback.WithoutCoalescing(),
		fallback.OnStateChange(func(s fallback.StateChange) {
			if s.Provider != "kakao" || s.To != "open" || s.At.Before(p.Outage) {
				return
			}
			mu.Lock()
			if res.OpenedAfter < 0 {
				res.OpenedAfter, res.OpenCause = s.At.Sub(p.Outage), s.Cause
			}
			mu.Unlock()
		}),
		fallback.OnAttempt(func(a fallback.Attempt) {
			start := time.Now().Add(-a.Elapsed)
			if a.Provider != "kakao" || start.Before(p.Outage) {
				return
			}
			mu.Lock()
			res.DeadCalls++
			res.LastDeadCall = max(res.LastDeadCall, start.Sub(p.Outage))
			mu.Unlock()
		}),
	}
	var fl *redisfleet.Fleet
	if cfg.Redis != "" {
		rdb := redis.NewClient(&redis.Options{Addr: cfg.Redis})
		defer rdb.Close()
		fl, err = redisfleet.New(rdb, redisfleet.WithNamespace(cfg.Namespace),
			redisfleet.WithInstanceID(fmt.Sprintf("instance-%d-pid-%d", index, os.Getpid())))
		if err != nil {
			return res, err
		}
		defer fl.Close() // after the client's, deferred below
		opts = append(opts, fallback.WithFleet(fl))
	}
	c, err := fallback.New([]geo.Provider{k, n}, opts...)
	if err != nil {
		return res, err
	}
	defer c.Close()

	places := sim.Gazetteer()
	period := time.Second / time.Duration(cfg.Rate)
	// Instances' requests interleave, as behind a load balancer.
	first := p.Start.Add(period * time.Duration(index) / time.Duration(cfg.Instances))
	var wg sync.WaitGroup
	for i := 0; ; i++ {
		at := first.Add(period * time.Duration(i))
		if !at.Before(p.End) {
			break
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return res, ctx.Err()
		case <-time.After(time.Until(at)):
		}
		q := places[(i*cfg.Instances+index)%len(places)].Name
		wg.Add(1)
		go func() {
			defer wg.Done()
			rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			pl, err := c.Geocode(rctx, geo.GeocodeRequest{Query: q, Limit: 1})
			mu.Lock()
			defer mu.Unlock()
			res.Requests++
			switch {
			case err != nil:
				res.Failed++
			case len(pl) > 0:
				res.Answered[pl[0].Provider]++
			}
		}()
	}
	wg.Wait()
	if fl != nil {
		st := fl.Stats()
		res.Fleet = &st
	}
	return res, nil
}
