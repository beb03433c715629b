// Package osm is the OpenStreetMap provider: geocoding and reverse geocoding
// on Nominatim, routes and matrices on OSRM. It is the independent tier: in
// October 2022 the Pangyo fire hit several companies' services in the same
// building, and only servers you choose share nothing with Kakao and NAVER.
//
// Endpoints (base URLs set with WithNominatimURL and WithOSRMURL):
//
//	Geocode          GET {nominatim}/search?q=…&format=jsonv2&addressdetails=1
//	ReverseGeocode   GET {nominatim}/reverse?lat=…&lon=…&format=jsonv2&addressdetails=1
//	Route            GET {osrm}/route/v1/driving/{lon,lat;…}?overview=full&geometries=polyline6
//	Matrix           GET {osrm}/table/v1/driving/{lon,lat;…}?sources=…&destinations=…&annotations=duration,distance
//
// Coordinates: Nominatim takes lat and lon as separate parameters and
// answers them as strings; OSRM takes lon,lat in the URL path.
//
// Usage policies. The public Nominatim server (nominatim.openstreetmap.org)
// allows at most one request per second per application, requires an
// identifying User-Agent (New fails without WithUserAgent) and forbids heavy
// use; against it the client limits itself to 1 request/s by default
// (WithRateLimit changes that) and fails fast with geo.ErrRateLimited rather
// than sleeping past the caller's deadline. The public OSRM demo
// (router.project-osrm.org) is for light, non-commercial use, car profile
// only, without guarantees. Production failover should point both URLs at
// self-hosted servers, which have no such limits.
//
// Not supported: route priorities (OSRM has one metric per server, Priority
// is ignored); AvoidTolls only where the server's profile has a toll class
// (otherwise geo.ErrUnsupported); future departure times (ignored).
//
// Errors: an empty search or {"error":"Unable to geocode"} is
// geo.ErrNotFound; Nominatim 400 is geo.ErrInvalidRequest, 403 "Access
// blocked" geo.ErrUnauthorized, 429 geo.ErrRateLimited; OSRM NoRoute,
// NoSegment and null table cells are geo.ErrNotFound, Invalid* codes
// geo.ErrInvalidRequest, NotImplemented/InvalidService geo.ErrUnsupported;
// 5xx, HTML and malformed bodies are geo.ErrUnavailable.
package osm
