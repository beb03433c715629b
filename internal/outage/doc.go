// Package outage replays the Kakao outage of 15 October 2022 on loopback:
// a delivery platform's mix of geocode, reverse-geocode, route and matrix
// requests runs through the failover client over simulated Kakao, NAVER,
// TMAP and OpenStreetMap servers (kakao → naver → tmap → osm → estimate)
// while a script sets Kakao on fire (a black hole), throttles NAVER under
// the shifted load, spends TMAP's daily quota, and brings Kakao back. Run returns
// a Report: success rate, who answered in each phase, latency, and how fast
// traffic switched away and back. `go run ./examples/outage` and
// `mapswitch demo` both show it. No keys, no network.
package outage
