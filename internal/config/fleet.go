package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/mapswitch/mapswitch/fallback/redisfleet"
)

// Fleet says how instances share breaker decisions, quota counters and
// rate limits through Redis. A zero Fleet means no fleet.
type Fleet struct {
	// Redis is a redis:// or rediss:// URL (MAPSWITCH_REDIS_URL, or
	// [fleet] redis in the file). It may hold a password: it is never
	// printed.
	Redis Secret
	// Namespace prefixes every key, so that apps and environments sharing
	// a Redis never mix (MAPSWITCH_FLEET_NAMESPACE; default "mapswitch").
	Namespace string
	// Size is how many instances share the fleet's limits when Redis is
	// gone (MAPSWITCH_FLEET_SIZE; default 1).
	Size int
}

// fileFleet is the [fleet] section of the file.
type fileFleet struct {
	Redis     string `toml:"redis"`
	Namespace string `toml:"namespace"`
	Size      int    `toml:"size"`
}

// loadFleet merges the file's [fleet] section and the environment (the
// environment wins: a deployment sets it per environment).
func loadFleet(ff fileFleet, getenv func(string) string) (Fleet, error) {
	f := Fleet{Redis: Secret(ff.Redis), Namespace: ff.Namespace, Size: ff.Size}
	if v := strings.TrimSpace(getenv("MAPSWITCH_REDIS_URL")); v != "" {
		f.Redis = Secret(v)
	}
	if v := strings.TrimSpace(getenv("MAPSWITCH_FLEET_NAMESPACE")); v != "" {
		f.Namespace = v
	}
	if v := strings.TrimSpace(getenv("MAPSWITCH_FLEET_SIZE")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return Fleet{}, fmt.Errorf("MAPSWITCH_FLEET_SIZE %q: want a whole number of instances, at least 1", v)
		}
		f.Size = n
	}
	if f.Namespace == "" {
		f.Namespace = "mapswitch"
	}
	if f.Size == 0 {
		f.Size = 1
	}
	if f.Size < 0 {
		return Fleet{}, errors.New("[fleet] size must be at least 1")
	}
	return f, nil
}

// OpenFleet connects the fleet the configuration names, or returns nil
// when none is configured. Redis need not be up: the fleet carries on with
// local state and catches up when it answers. Its errors never contain
// the URL, which may hold a password.
func (c *Config) OpenFleet() (*redisfleet.Fleet, error) {
	if c.Fleet.Redis == "" {
		return nil, nil
	}
	opt, err := redis.ParseURL(c.Fleet.Redis.Reveal())
	if err != nil {
		return nil, errors.New("MAPSWITCH_REDIS_URL: not a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379/0)")
	}
	return redisfleet.New(redis.NewClient(opt), redisfleet.WithNamespace(c.Fleet.Namespace), redisfleet.WithFleetSize(c.Fleet.Size))
}
