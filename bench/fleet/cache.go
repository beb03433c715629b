package main

import (
	"context"
	"fmt"
	"time"

	"github.com/paulmach/orb"
	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/fallback/redisfleet"
	"github.com/mapswitch/mapswitch/geo"
)

// cacheLookup times one hit in the shared Redis cache (a round trip,
// bounded by the fleet's request-path timeout) and in the in-process LRU.
// A Client with a cache makes one lookup per request before any provider
// call: this is what it adds.
func cacheLookup(addr, ns string, calls int) error {
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	fl, err := redisfleet.New(rdb, redisfleet.WithNamespace(ns+"-cache"))
	if err != nil {
		return err
	}
	defer fl.Close()
	ctx := context.Background()
	k := fallback.CacheKey{Op: geo.OpGeocode, Key: "geocode|서울특별시 중구 세종대로 110|ko|1"}
	e := fallback.CacheEntry{Provider: "kakao", At: time.Now(),
		Places: []geo.Place{{Point: orb.Point{126.9779, 37.5663}, Name: "서울특별시청", Confidence: 1, Provider: "kakao"}}}
	stores := []struct {
		name string
		s    fallback.CacheStore
	}{{"Redis (shared)", fl.Cache()}, {"LRU (in-process)", fallback.NewLRU(1024)}}
	fmt.Printf("cache: %d lookups each, all hits\n", calls)
	for _, st := range stores {
		st.s.Put(ctx, k, e, time.Hour)
		deadline := time.Now().Add(2 * time.Second)
		for { // Put writes in the background
			if _, ok := st.s.Get(ctx, k); ok {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s: the entry never arrived", st.name)
			}
			time.Sleep(5 * time.Millisecond)
		}
		misses := 0
		t0 := time.Now()
		for range calls {
			if _, ok := st.s.Get(ctx, k); !ok {
				misses++
			}
		}
		d := time.Since(t0)
		fmt.Printf("  %-17s %8.0f ns/lookup  (%d timed out as misses)\n", st.name, float64(d.Nanoseconds())/float64(calls), misses)
	}
	return nil
}
