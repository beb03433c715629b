// Package kakao is the Kakao provider: Kakao Local (dapi.kakao.com) for
// geocoding and reverse geocoding, Kakao Mobility
// (apis-navi.kakaomobility.com) for routes and matrices — the APIs most
// Korean apps depended on when the Pangyo data-centre fire took them down
// on 15 October 2022.
//
// Endpoints:
//
//	Geocode          GET  /v2/local/search/address.json, then /v2/local/search/keyword.json for place names
//	ReverseGeocode   GET  /v2/local/geo/coord2address.json + /v2/local/geo/coord2regioncode.json
//	Route            GET  /v1/directions (/v1/future/directions for a future DepartAt),
//	                 POST /v1/waypoints/directions with waypoints
//	Matrix           POST /v1/destinations/directions (≤30 destinations within 10 km),
//	                 GET  /v1/directions for farther pairs
//
// Auth: the app's REST API key in the header "Authorization: KakaoAK {key}";
// the key never appears in an error, a log line or a URL. Since December
// 2024 the app must have "Kakao Map" enabled in the console, otherwise Local
// answers 403 NotAuthorizedError (geo.ErrUnauthorized).
//
// Coordinates: x is longitude, y latitude; Local sends them as strings in
// search documents and as numbers elsewhere — both parse. Route vertexes are
// flat [x0, y0, x1, y1, …] arrays.
//
// Quotas (free tier, per day, renewing at 00:00 KST): 100,000 per Local API,
// 10,000 car directions, 5,000 multi-waypoint, 1,000 multi-destination.
// A spent quota arrives as 429 RequestThrottled (Local) or code -10 on HTTP
// 400 (platform and Mobility); both become geo.ErrQuotaExceeded with ResetAt
// at the next KST midnight. Mobility's other 429s are geo.ErrRateLimited.
//
// Route result codes: 104 (origin and destination within 5 m) is
// geo.ErrNotFound marked Final; 1, 101–107 and other codes are
// geo.ErrNotFound; 202 and 303 (too many points) geo.ErrInvalidRequest.
//
// Addresses are normalised (geo.Address.Normalize): Kakao's abbreviated
// provinces ("서울", "경기", "전북") come back in full. Kakao cannot give an
// English address, nor a postcode or dong codes for keyword (place)
// results, which carry only the two address lines.
//
// Not supported: future departure together with waypoints
// (geo.ErrUnsupported); Language (Kakao answers in Korean).
package kakao
