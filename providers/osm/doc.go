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
// Points off the OSRM server's map. A self-hosted OSRM usually holds one
// region, and by default it snaps any point, however far, to its nearest
// road and answers 200 Ok: a point in the sea or across a border would get
// a confident route from the wrong place. OSRM reports how far it moved
// each point (waypoints[].distance, sources[].distance,
// destinations[].distance); a point moved farther than
// DefaultMaxSnapDistance (500 m, WithMaxSnapDistance) makes a route
// geo.ErrNotFound, with a message naming the point and the distance, so
// the failover asks the next provider, and makes that point's matrix row
// or column geo.ErrNotFound cells while the rest of the matrix is
// answered. Table requests carry no radiuses: OSRM would then refuse the
// whole table for one far point. Servers that report no distances are
// taken at their word. Routes carry the snap distances of their ends in
// geo.Route.OriginSnapMeters and DestinationSnapMeters.
//
// Matrices. osrm-routed refuses a table when sources × destinations
// exceeds max-table-size squared (WithMaxTableSize, default 100: 10 000
// cells, in any shape), so matrices are cut into the fewest tiles within
// that many cells (120 × 120 is two requests of 60 × 120) and of at most
// 250 coordinates (max-table-size when larger), which keeps the URL under
// the 8 KB that proxies and osrm-routed itself accept by default. Tiles
// are sent at most WithMatrixConcurrency at a time; a TooBig answer, from
// a server whose limit is lower than configured, splits the tile further.
// When the context ends part way, Matrix returns the answered cells with
// ctx.Err() in every other cell, together with ctx.Err().
//
// OSRM coordinates are sent with 6 decimals, the precision OSRM keeps, and
// durations are rounded to the nanosecond.
//
// Not supported: route priorities (OSRM has one metric per server, Priority
// is ignored); AvoidTolls only where the server's profile has a toll class
// (otherwise geo.ErrUnsupported); future departure times (ignored).
//
// Addresses are assembled from Nominatim's address parts and normalised
// (geo.Address.Normalize). OSM cannot give a jibun address, dong codes, or
// a road address where the building has no house_number (only the road).
//
// Errors: an empty search or {"error":"Unable to geocode"} is
// geo.ErrNotFound; Nominatim 400 is geo.ErrInvalidRequest, 403 "Access
// blocked" geo.ErrUnauthorized, 429 geo.ErrRateLimited; OSRM NoRoute,
// NoSegment, null table cells and points moved too far are
// geo.ErrNotFound, Invalid* codes
// geo.ErrInvalidRequest, NotImplemented/InvalidService geo.ErrUnsupported;
// 5xx, HTML and malformed bodies are geo.ErrUnavailable.
package osm
