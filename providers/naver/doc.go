// Package naver is the NAVER Cloud Platform Maps provider — the API that
// real-estate apps switched to by hand during the October 2022 Kakao outage.
//
// Endpoints (same paths on DefaultBaseURL and LegacyBaseURL):
//
//	Geocode          GET /map-geocode/v2/geocode?query=…
//	ReverseGeocode   GET /map-reversegeocode/v2/gc?coords=lon,lat&output=json&orders=legalcode,admcode,addr,roadaddr
//	Route            GET /map-direction/v1/driving (≤5 waypoints), /map-direction-15/v1/driving (≤15)
//	Matrix           built from Directions 5 calls, bounded by WithMatrixConcurrency
//
// Auth: headers x-ncp-apigw-api-key-id (Client ID) and x-ncp-apigw-api-key
// (Client Secret); neither appears in errors or logs.
//
// Coordinates: request parameters are "lon,lat"; geocode answers x/y as
// strings; Directions paths are [[lon, lat], …]; durations arrive in
// milliseconds.
//
// Errors follow the API gateway's table: 401 (200 Authentication Failed,
// 210 Permission Denied) → geo.ErrUnauthorized; 429 errorCode 410/420
// (Throttle/Rate Limited) → geo.ErrRateLimited; 429 errorCode 400 (Quota
// Exceeded) → geo.ErrQuotaExceeded, re-checked at the next KST midnight —
// except when that API has never answered this client, which is how NAVER
// reports an API not enabled for the application: geo.ErrUnauthorized;
// 400 errorCode 100 → geo.ErrInvalidRequest; 5xx (500, 510, 900) →
// geo.ErrUnavailable. Reverse status.code 3 and geocode totalCount 0 are
// geo.ErrNotFound. Directions code 1 (start equals goal) is geo.ErrNotFound
// marked Final, 2–4 geo.ErrNotFound, 5 (over 1,500 km) geo.ErrInvalidRequest.
//
// Quotas are monthly per account (free tiers for geocoding and Directions
// 5/15, paid beyond) plus any usage limit set in the console.
//
// Addresses are normalised (geo.Address.Normalize): the building names
// NAVER appends to both address lines are dropped (BuildingName keeps
// them). NAVER's geocoding gives no dong codes; reverse geocoding gives no
// administrative-dong name beyond its code's region.
//
// Not supported: DepartAt (NAVER routes on current traffic); a true
// shortest-distance route (PriorityDistance uses tracomfort).
package naver
