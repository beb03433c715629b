package redisfleet_test

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/fallback/redisfleet"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
)

// A Client joins its fleet through a Fleet on the Redis the team runs.
// Redis is optional at run time: here nothing listens on the address, and
// the Client serves from its providers with local state alone, never
// waiting on Redis; it would join the fleet once Redis answered.
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // nothing listens here
	defer rdb.Close()
	fl, err := redisfleet.New(rdb,
		redisfleet.WithNamespace("dispatch-prod"), // apps and environments sharing a Redis never mix
		redisfleet.WithFleetSize(8))               // each instance's share of a limit while Redis is gone
	if err != nil {
		panic(err)
	}
	defer fl.Close() // after the Client

	// In production: kakao.New(…), naver.New(…) with fl.Limiter(…) and
	// fallback.WithCacheStore(fl.Cache(), …).
	c, err := fallback.New([]geo.Provider{geotest.NewFake("kakao"), geotest.NewFake("naver")},
		fallback.WithFleet(fl))
	if err != nil {
		panic(err)
	}
	defer c.Close()

	p, err := c.Geocode(context.Background(), geo.GeocodeRequest{Query: "서울특별시 중구 세종대로 110"})
	if err != nil {
		panic(err)
	}
	fmt.Println("answered by", p[0].Provider)
	// Output: answered by kakao
}
