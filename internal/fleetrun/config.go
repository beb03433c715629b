package fleetrun

import (
	"errors"
	"time"
)

// Config is one replay.
type Config struct {
	// Instances is how many application instances run (Run only).
	Instances int
	// Rate is requests a second per instance; the instances' requests are
	// spread evenly, as behind a load balancer.
	Rate int
	// Warm is how long every instance serves with Kakao healthy before
	// the black hole; After, how long the replay goes on after it.
	Warm, After time.Duration
	// AttemptTimeout is how long an instance waits for a provider: a
	// black-holed call's verdict comes this long after it was sent.
	AttemptTimeout time.Duration
	// Redis is the address of the fleet's Redis; empty runs each instance
	// alone, as without a fleet.
	Redis string
	// Namespace separates this replay's keys from any other's on the same
	// Redis.
	Namespace string
}

// Defaults returns a replay of 8 instances at 5 requests a second each.
func Defaults() Config {
	return Config{Instances: 8, Rate: 5, Warm: 2 * time.Second, After: 3 * time.Second,
		AttemptTimeout: 100 * time.Millisecond}
}

func (c Config) validate() error {
	switch {
	case c.Instances < 1 || c.Instances > 256:
		return errors.New("fleetrun: Instances must be within 1..256")
	case c.Rate < 1 || c.Rate > 1000:
		return errors.New("fleetrun: Rate must be within 1..1000 a second")
	case c.Warm < 0 || c.After < time.Second:
		return errors.New("fleetrun: Warm must not be negative, After at least 1s")
	case c.AttemptTimeout <= 0:
		return errors.New("fleetrun: AttemptTimeout must be positive")
	case c.Redis != "" && c.Namespace == "":
		return errors.New("fleetrun: a fleet needs a Namespace")
	}
	return nil
}

// Plan is when one replay happens, on the wall clock shared by every
// process of the machine.
type Plan struct {
	// Start is when the instances start sending; Outage, when Kakao
	// becomes a black hole; End, when they stop.
	Start, Outage, End time.Time
	// KakaoURL and NaverURL are the simulators every instance calls.
	KakaoURL, NaverURL string
}
