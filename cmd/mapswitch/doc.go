// Command mapswitch geocodes, reverse-geocodes, routes and converts
// coordinates from the command line through mapswitch's failover chain
// (Kakao, NAVER, TMAP, OpenStreetMap, and an offline estimate), and runs bulk jobs
// that survive being killed.
//
//	go install github.com/mapswitch/mapswitch/cmd/mapswitch@latest
//
//	mapswitch geocode "서울 중구 세종대로 110"
//	mapswitch route 127.1112,37.3948 "서울특별시청" --json
//	mapswitch convert --from WGS84 --to EPSG:5179 < points.txt
//	mapswitch batch geocode listings.csv -o geocoded.csv
//	mapswitch doctor
//
// Credentials come from KAKAO_REST_KEY, NCP_CLIENT_ID and NCP_CLIENT_SECRET,
// MAPSWITCH_OSM_USER_AGENT, or a config file (see `mapswitch help config`);
// a provider without them is left out with a notice.
//
// Exit codes: 0 answered, 1 not found, 2 bad input, 3 every provider failed.
package main
