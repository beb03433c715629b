// Package fleetrun replays the black-hole outage on a fleet: several
// instances of an application, each with its own failover client (Kakao,
// then NAVER, both simulated on loopback) and, optionally, its own
// membership of a fleet sharing one Redis (fallback/redisfleet), send
// steady geocode traffic while Kakao's simulator becomes a black hole. It
// counts, per instance and for the fleet, the requests, who answered
// them, the requests that reached the dead provider, and how long each
// instance took to stop calling it.
//
// The instances may live in one process (Run) or in several (Instance
// runs one, Collect totals them), so that examples/fleet and bench/fleet
// measure the same thing either way. No keys, no network beyond loopback.
package fleetrun
