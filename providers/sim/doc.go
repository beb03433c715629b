// Package sim runs in-process HTTP simulators of the Kakao (Local and
// Mobility), NAVER Cloud Maps, SK open API TMAP, Nominatim and OSRM APIs
// on loopback ports,
// speaking their documented wire formats closely enough that the real
// provider packages talk to them unchanged through their base-URL options.
// They power `go run ./examples/outage` and can drive your own failover
// tests: no keys, no network.
//
// Answers come from an embedded gazetteer of 106 well-known Korean places
// (Gazetteer; approximate demo data, see places.tsv) and from synthetic
// routes: a bent line through the request's points, distance = geodesic ×
// 1.3, at 35 km/h. Each server adds a realistic base latency with jitter
// (WithLatency changes it; zero for fast tests).
//
// Faults are switched at run time with SetFault, or scripted with Play:
//
//	Down       the port refuses connections; open keep-alive connections are reset
//	BlackHole  connections are accepted and never answered (the Pangyo fire)
//	Slow       extra latency
//	Errors     a fraction of requests get the provider's 5xx body
//	Throttle   429 with Retry-After and the provider's throttle body
//	Quota      the provider's own spent-quota answer (Kakao: code -10 on HTTP 400;
//	           NAVER: 429 errorCode 400 "Quota Exceeded"; TMAP: 429 QUOTA_EXCEEDED,
//	           whose throttle is 429 THROTTLED)
//	Malformed  200 with an HTML page or truncated JSON
//
// What is not simulated: pagination, categories, coordinate-system
// parameters, English answers, traffic, TMAP's structured geocoding and
// route variants. Credentials are checked only when WithKey is given.
package sim
