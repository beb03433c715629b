package gateway

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/mapswitch/mapswitch/fallback"
)

// Defaults for the limits in Config.
const (
	DefaultMaxBody       = 1 << 20 // 1 MiB: a 100×100 matrix in JSON is ~10 KiB
	DefaultMaxMatrix     = 10000   // cells, OSRM's own default max-table-size²
	DefaultMaxInFlight   = 512
	DefaultMaxWaypoints  = 25
	DefaultAnswerTimeout = 10 * time.Second
)

// Config configures a Gateway. Zero values take the defaults.
type Config struct {
	// Client answers every request; the gateway reads its Status and
	// calls its operator methods.
	Client *fallback.Client
	// Stats receives the client's hooks (see NewStats); the status page's
	// rates, percentiles and recent failovers come from it.
	Stats *Stats
	// Attribution maps a provider's name to the licence or attribution
	// text of its data. Names it lacks are guessed from their prefix
	// (kakao, naver, tmap, osm, estimate).
	Attribution map[string]string
	// AdminToken enables the operator controls; empty refuses them all.
	AdminToken string
	// CORSOrigins lists the origins browsers may call from ("*" for any);
	// empty sends no CORS headers.
	CORSOrigins []string
	// MaxBody bounds a request body in bytes; MaxMatrix a matrix's cells;
	// MaxWaypoints a route's intermediate points.
	MaxBody      int64
	MaxMatrix    int
	MaxWaypoints int
	// MaxInFlight bounds concurrent API requests; more are shed with 429.
	MaxInFlight int
	// AnswerTimeout bounds one answer, failover included.
	AnswerTimeout time.Duration
	// Metrics is served at /metrics; nil serves none.
	Metrics prometheus.Gatherer
	// Fleet, when set, returns the fleet-wide state to show beside this
	// process's breakers (any JSON-encodable value).
	Fleet func() any
	// Logger logs operator actions, panics and server errors; default
	// slog.Default().
	Logger *slog.Logger
}

// Gateway serves the HTTP API over a failover client.
type Gateway struct {
	cfg      Config
	log      *slog.Logger
	inflight chan struct{}
	mux      *http.ServeMux
	stopCh   chan struct{}
	stopOnce sync.Once
}

// New checks cfg and returns the gateway.
func New(cfg Config) (*Gateway, error) {
	if cfg.Client == nil {
		return nil, errors.New("gateway: no failover client")
	}
	if cfg.Stats == nil {
		return nil, errors.New("gateway: no Stats (pass NewStats's Options to fallback.New)")
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.MaxMatrix <= 0 {
		cfg.MaxMatrix = DefaultMaxMatrix
	}
	if cfg.MaxWaypoints <= 0 {
		cfg.MaxWaypoints = DefaultMaxWaypoints
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.AnswerTimeout <= 0 {
		cfg.AnswerTimeout = DefaultAnswerTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	g := &Gateway{cfg: cfg, log: cfg.Logger, inflight: make(chan struct{}, cfg.MaxInFlight), mux: http.NewServeMux(),
		stopCh: make(chan struct{})}
	g.routes()
	return g, nil
}

// Handler returns the gateway's handler, with panic recovery and CORS.
func (g *Gateway) Handler() http.Handler { return g.recover(g.cors(g.mux)) }

func (g *Gateway) routes() {
	api := func(pattern string, h http.HandlerFunc) { g.mux.Handle(pattern, g.limit(h)) }
	api("/v1/geocode", g.nativeGeocode)
	api("/v1/reverse", g.nativeReverse)
	api("/v1/route", g.nativeRoute)
	api("/v1/matrix", g.nativeMatrix)
	api("GET /route/v1/{profile}/{coords}", g.osrmRoute)
	api("GET /table/v1/{profile}/{coords}", g.osrmTable)
	api("GET /search", g.nominatimSearch)
	api("GET /reverse", g.nominatimReverse)

	g.mux.HandleFunc("GET /{$}", g.page)
	g.mux.HandleFunc("GET /v1/status", g.status)
	g.mux.HandleFunc("GET /v1/status/events", g.events)
	g.mux.HandleFunc("POST /v1/admin/{provider}/{action}", g.admin)
	g.mux.HandleFunc("GET /healthz", g.healthz)
	g.mux.HandleFunc("GET /readyz", g.readyz)
	if g.cfg.Metrics != nil {
		g.mux.Handle("GET /metrics", promhttp.HandlerFor(g.cfg.Metrics, promhttp.HandlerOpts{}))
	}
}

// attribution is the licence text of name's data.
func (g *Gateway) attribution(name string) string {
	if a, ok := g.cfg.Attribution[name]; ok {
		return a
	}
	for prefix, a := range defaultAttribution {
		if strings.HasPrefix(name, prefix) {
			return a
		}
	}
	return "Data from " + name
}

// DefaultAttribution returns the attribution of a provider type: kakao,
// naver, tmap, osm or estimate.
func DefaultAttribution(providerType string) string { return defaultAttribution[providerType] }

var defaultAttribution = map[string]string{
	"kakao":    "Data © Kakao Corp. (Kakao Maps)",
	"naver":    "Data © NAVER Corp. (NAVER Maps)",
	"tmap":     "Data © TMAP Mobility (TMAP)",
	"osm":      "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
	"estimate": "Estimated by mapswitch from straight-line distance; no map data",
}
