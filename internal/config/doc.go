// Package config turns flags, environment variables and an optional TOML
// file into a provider chain and failover options, for the mapswitch
// command and, later, its gateway.
//
// # Precedence
//
// Flags override the file, and the file overrides the environment: an
// operator's explicit command line wins, a checked-in config file beats
// whatever happens to be exported in a shell.
//
// # Environment
//
//	KAKAO_REST_KEY                      Kakao REST API key
//	NCP_CLIENT_ID, NCP_CLIENT_SECRET    NAVER Cloud Maps credentials
//	TMAP_APP_KEY                        SK open API app key; adds TMAP to the default chain after NAVER
//	MAPSWITCH_OSM_USER_AGENT            identifying User-Agent, required by Nominatim's policy
//	MAPSWITCH_NOMINATIM_URL             Nominatim base URL (alias of MAPSWITCH_NOMINATIM_BASE_URL)
//	MAPSWITCH_OSRM_URL                  OSRM base URL (alias of MAPSWITCH_OSRM_BASE_URL)
//	MAPSWITCH_<PROVIDER>_BASE_URL       KAKAO, KAKAO_MOBILITY, NAVER, NOMINATIM, OSRM, TMAP
//	MAPSWITCH_REDIS_URL                 redis:// URL of the fleet (see OpenFleet); may hold a password, never printed
//	MAPSWITCH_FLEET_NAMESPACE           key prefix (default "mapswitch"); MAPSWITCH_FLEET_SIZE, instances (default 1)
//
// Credentials from the environment go to the provider instance named after
// its type ("kakao", "naver"); base URLs go to every instance of the type
// that does not set its own, so that tests can point every instance at a
// simulator.
//
// # File
//
// The file (default: os.UserConfigDir()/mapswitch/config.toml; absent is
// fine unless named explicitly) looks like this:
//
//	providers = ["kakao", "kakao-backup", "naver", "osm", "estimate"]
//	attempt_timeout = "1.5s"
//	hedge = "150ms"
//
//	[provider.kakao-backup]
//	type = "kakao"
//	key = "…"
//
//	[provider.osm]
//	user_agent = "acme-dispatch/2.1 (ops@acme.example)"
//	nominatim_url = "http://nominatim.internal"
//
//	[fleet]               # share outages, probes and quotas through Redis
//	redis = "redis://127.0.0.1:6379/0"
//	namespace = "dispatch-prod"
//
//	[[policy]]            # breaker policy; provider and op may be omitted
//	provider = "kakao"
//	op = "route"
//	open_for = "10s"
//	failure_ratio = 0.6
//
// A provider whose credentials are missing is left out of the chain with a
// one-line notice, never an error: a chain with one provider fewer still
// answers. Keys are held as Secret, which never prints.
package config
