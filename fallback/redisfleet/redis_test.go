package redisfleet_test

import (
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/internal/redistest"
)

// client returns a go-redis client of the server at addr, closed with the
// test (see redistest.Client).
func client(t testing.TB, addr string) *redis.Client { return redistest.Client(t, addr) }
