// Package gateway is the HTTP face of the failover client, served by
// `mapswitch serve`: one process in front of Kakao, NAVER, OSM and the
// estimate tier that clients in any language can call.
//
// Endpoints:
//
//	/v1/geocode /v1/reverse /v1/route /v1/matrix   native JSON API (GET query or POST JSON)
//	/route/v1/driving/{coords} /table/v1/driving/{coords}   OSRM-compatible
//	/search /reverse                                        Nominatim-compatible
//	/ (status page)  /v1/status (JSON)  /v1/status/events (server-sent events)
//	/v1/admin/{provider}/{force-open|disable|enable|prefer} operator controls (bearer token)
//	/metrics /healthz /readyz
//
// The native API speaks the geo package's JSON encoding. Every answer
// names the provider whose data it is, in the body and in the
// X-Mapswitch-Provider header; errors are JSON with the error kind and
// the per-provider attempts.
//
// The compatible endpoints exist so that an application already using an
// OSRM or Nominatim client gets failover by changing one URL. What a
// Korean provider cannot give is filled in as documented on each handler;
// the licence or attribution field always names the provider whose data
// answered, never OpenStreetMap for Kakao's.
package gateway
