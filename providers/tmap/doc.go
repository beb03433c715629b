// Package tmap is the SK open API TMAP provider — the other national-scale
// Korean routing engine people moved to when Kakao went dark in October
// 2022, with live traffic, taxi fares and the one true many-to-many matrix
// API among the Korean providers.
//
// Endpoints (all on DefaultBaseURL, every call with version=1):
//
//	Geocode          GET  /tmap/geo/fullAddrGeo?addressFlag=F00&fullAddr=…, then
//	                 GET  /tmap/pois?searchKeyword=… for place names
//	ReverseGeocode   GET  /tmap/geo/reversegeocoding?addressType=A10&lat=…&lon=…
//	Route            POST /tmap/routes (≤5 passList via points)
//	Matrix           POST /tmap/matrix, tiled to 30 origins × 30 destinations
//
// Auth: the app key in the header "appKey"; it never appears in a URL, an
// error or a log line. The app must have each product added in the SK open
// API console, otherwise the gateway answers 403 INVALID_API_KEY.
//
// Coordinates: X is longitude, Y latitude; GeoJSON coordinates are
// [lon, lat]. Geocoding answers send every number as a string, sometimes
// ""; route and matrix requests send them as strings too (the matrix
// refuses numbers).
//
// Geocoding: fullAddrGeo fills matchFlag and lat/lon for a jibun match,
// newMatchFlag and newLat/newLon for a road-name match, the other pair "";
// both are read, whichever holds a point wins. A road-name match carries no
// lot number and a jibun match no road name. No hits from POI search is an
// HTTP 204 with an empty body (geo.ErrNotFound). POI results use the
// centroid (noorLat/noorLon), the entrance (frontLat/frontLon) when that is
// missing.
//
// Route: Priority maps to searchOption (recommended 0, time 2, distance
// 10); AvoidTolls sends searchOption 1 ("free roads first") instead, since
// TMAP has no separate toll switch. Distance, duration, toll (totalFare)
// and taxi fares come from the first feature; the geometry joins the
// LineString features in order; legs are cut at the via points B1…B5.
//
// Matrix: per-element statuses become per-cell errors (ZeroResults,
// NoSegment, NoServiceArea: geo.ErrNotFound); a 60 × 60 matrix is four
// requests sent at most WithMatrixConcurrency at a time.
//
// Errors: the gateway and the services answer
// {"error":{"id","category","code","message"}}.
//
//	403 INVALID_API_KEY (gw)                 geo.ErrUnauthorized
//	429 QUOTA_EXCEEDED (gw)                  geo.ErrQuotaExceeded, ResetAt the next KST midnight
//	429 anything else (THROTTLED, no body)   geo.ErrRateLimited with Retry-After when sent
//	400 1007 start and end too close         geo.ErrNotFound, Final (no provider routes it)
//	400 3102 / NoServiceArea, NoSegment      geo.ErrNotFound
//	400 9401, 1100 and other codes           geo.ErrInvalidRequest
//	5xx, HTML, malformed JSON                geo.ErrUnavailable
//
// Quotas: per product and per day on the Free plan (the route group —
// car, pedestrian, prediction — 1,000 a day); the reset is taken to be
// midnight Korean time.
//
// Addresses: TMAP sends address parts, not address lines, so Road and
// Jibun are assembled from them and normalised like every provider's
// (geo.Address.Normalize). TMAP cannot give: an English address; a postal
// code from reverse geocoding (fullAddrGeo's zipcode and POI zipCode when
// present); the lot number of a road-name match or the road name of a jibun
// match; dong codes from fullAddrGeo unless it sends them.
//
// Not supported: DepartAt (the car route is on current traffic; the
// separate prediction endpoint is not used), more than five waypoints
// (geo.ErrUnsupported), Language (TMAP answers in Korean), PriorityDistance
// in matrices (the matrix's metric is always Recommendation).
//
// Uncertain, from the public record (checked 2026): the matrix's size
// limit (30 × 30 from clients, no official figure) and whether its 400s
// carry the error or the meta body (both are read); the passList maximum
// on /tmap/routes (5, inferred); the body of a burst 429 (SK documents a
// THROTTLED code but no Retry-After header); what fullAddrGeo and reverse
// geocoding answer when nothing matches (an empty list, a 204 and empty
// fields are all taken as not found); the quota reset time; whether a
// missing key is 401 or 403 (both are unauthorized); the POI fields
// beyond those in the wire notes (secondNo, firstBuildNo, mlClass,
// zipCode) are read when present.
package tmap
