package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/fallback/redisfleet"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

// latency times requests through a Client without a fleet and one with a
// Fleet on a healthy Redis, alternating in one loop (this machine's drift
// between separate runs exceeds the difference), over in-memory providers
// so that a Redis round trip (tens of microseconds on loopback) would
// stand out. It also counts the commands Redis processed per request.
func latency(addr, ns string, calls int) error {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	fl, err := redisfleet.New(rdb, redisfleet.WithNamespace(ns+"-latency"))
	if err != nil {
		return err
	}
	defer fl.Close()
	mk := func(opts ...fallback.Option) (*fallback.Client, error) {
		return fallback.New([]geo.Provider{geotest.NewFake("a"), geotest.NewFake("b")}, opts...)
	}
	plain, err := mk()
	if err != nil {
		return err
	}
	defer plain.Close()
	shared, err := mk(fallback.WithFleet(fl))
	if err != nil {
		return err
	}
	defer shared.Close()

	ctx := context.Background()
	req := geo.GeocodeRequest{Query: "서울특별시 중구 세종대로 110"}
	for range 1000 { // warm both
		plain.Geocode(ctx, req)
		shared.Geocode(ctx, req)
	}
	time.Sleep(100 * time.Millisecond) // the warm-up's evidence is written
	before, err := commands(rdb)
	if err != nil {
		return err
	}
	var tPlain, tShared time.Duration
	for i := range calls {
		pair := [2]*fallback.Client{plain, shared}
		if i%2 == 1 {
			pair = [2]*fallback.Client{shared, plain}
		}
		for _, c := range pair {
			t0 := time.Now()
			if _, err := c.Geocode(ctx, req); err != nil {
				return err
			}
			d := time.Since(t0)
			if c == plain {
				tPlain += d
			} else {
				tShared += d
			}
		}
	}
	time.Sleep(100 * time.Millisecond)
	after, err := commands(rdb)
	if err != nil {
		return err
	}
	st := fl.Stats()
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(calls) }
	fmt.Printf("latency: %d geocode requests each, in-memory providers, Redis healthy (alternating in one loop)\n", calls)
	fmt.Printf("  without a fleet   %8.0f ns/request\n", per(tPlain))
	fmt.Printf("  with a fleet      %8.0f ns/request  (%+.0f ns, %+.1f%%)\n", per(tShared), per(tShared)-per(tPlain),
		100*(per(tShared)-per(tPlain))/per(tPlain))
	fmt.Printf("  Redis commands processed: %.3f per request with the fleet (evidence batched in the background; includes its health checks)\n",
		float64(after-before)/float64(calls))
	fmt.Printf("  fleet counters: dropped %d, Redis errors %d\n", st.Dropped, st.RedisErrors)
	return nil
}

// commands returns Redis's total_commands_processed. The INFO call itself
// counts one.
func commands(rdb *redis.Client) (int64, error) {
	s, err := rdb.Info(context.Background(), "stats").Result()
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(s, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "total_commands_processed:"); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, fmt.Errorf("no total_commands_processed in INFO")
}
