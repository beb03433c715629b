package main

import (
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/internal/gateway"
	"github.com/mapswitch/mapswitch/observe"
)

// serveFlags are serve's own settings.
type serveFlags struct {
	addr, tlsCert, tlsKey, cors string
	allowExposed                bool
	grace                       time.Duration
	maxInFlight, maxMatrix      int
	maxBody                     int64
}

func (a *app) serveCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the failover gateway: HTTP API, OSRM and Nominatim endpoints, status page, metrics",
		Long: `serve runs mapswitch as an HTTP sidecar in front of the configured providers,
so that applications in any language get failover:

  /v1/geocode /v1/reverse /v1/route /v1/matrix   JSON API (GET or POST)
  /route/v1/driving/{coords} /table/v1/driving/{coords}   OSRM-compatible
  /search /reverse                                Nominatim-compatible
  /                                               live status page
  /v1/status  /metrics  /healthz  /readyz

Operator controls (POST /v1/admin/{provider}/force-open|disable|enable|prefer)
need the bearer token in MAPSWITCH_ADMIN_TOKEN; without it they are refused.
It listens on 127.0.0.1 unless --addr says otherwise, and refuses an address
beyond loopback without an admin token or TLS unless --allow-exposed.
OpenTelemetry export follows the OTEL_* variables (OTEL_TRACES_EXPORTER,
OTEL_METRICS_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME…).
SIGTERM or Ctrl-C stops it gracefully: in-flight requests finish within --grace.`,
		Example: `  mapswitch serve --addr 127.0.0.1:8080
  curl 'http://127.0.0.1:8080/v1/geocode?query=판교역'
  curl 'http://127.0.0.1:8080/route/v1/driving/127.1112,37.3948;127.0276,37.4979'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.addr, "addr", gateway.DefaultAddr, "address to listen on")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate file (PEM); with --tls-key serves HTTPS")
	fl.StringVar(&f.tlsKey, "tls-key", "", "TLS key file (PEM)")
	fl.BoolVar(&f.allowExposed, "allow-exposed", false, "allow listening beyond loopback without an admin token or TLS")
	fl.StringVar(&f.cors, "cors", "", "origins browsers may call from, comma-separated (* for any)")
	fl.DurationVar(&f.grace, "grace", gateway.DefaultGrace, "time in-flight requests get to finish on shutdown")
	fl.IntVar(&f.maxInFlight, "max-inflight", gateway.DefaultMaxInFlight, "concurrent requests; more are answered 429")
	fl.IntVar(&f.maxMatrix, "max-matrix", gateway.DefaultMaxMatrix, "largest matrix, in cells")
	fl.Int64Var(&f.maxBody, "max-body", gateway.DefaultMaxBody, "largest request body, in bytes")
	return cmd
}

func (a *app) serve(cmd *cobra.Command, f serveFlags) error {
	cfg, err := a.load()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	logger := slog.New(slog.NewJSONHandler(a.stderr, nil))
	tel, err := observe.FromEnv(ctx, "mapswitch", a.getenv)
	if err != nil {
		return badInput("OpenTelemetry configuration: %v", err)
	}
	defer tel.Shutdown(ctx)
	obs, err := observe.New(tel.TracerProvider, tel.MeterProvider)
	if err != nil {
		return err
	}
	stats := gateway.NewStats()
	opts := append(stats.Options(), obs.Options()...)
	fleet, err := cfg.OpenFleet()
	if err != nil {
		return badInput("%v", err)
	}
	var fleetState func() any
	if fleet != nil {
		defer fleet.Close()
		opts = append(opts, fallback.WithFleet(fleet))
		fleetState = func() any { return fleetStatus(fleet, cfg.Providers) }
	}
	client, _, err := cfg.Chain(append(opts, fallback.WithLogger(logger))...)
	for _, n := range cfg.Notices {
		fmt.Fprintln(a.stderr, "mapswitch: notice:", n)
	}
	if err != nil {
		return badInput("%v", err)
	}
	defer client.Close()
	obs.Watch(client)

	attribution := map[string]string{}
	for _, p := range cfg.Providers {
		attribution[p.Name] = gateway.DefaultAttribution(p.Type)
	}
	var origins []string
	for _, o := range strings.Split(f.cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	gw, err := gateway.New(gateway.Config{Client: client, Stats: stats, Attribution: attribution,
		AdminToken: strings.TrimSpace(a.getenv("MAPSWITCH_ADMIN_TOKEN")), CORSOrigins: origins,
		MaxBody: f.maxBody, MaxMatrix: f.maxMatrix, MaxInFlight: f.maxInFlight, AnswerTimeout: a.timeout,
		Metrics: tel.Registry, Logger: logger, Fleet: fleetState})
	if err != nil {
		return err
	}
	scheme := "http"
	if f.tlsCert != "" {
		scheme = "https"
	}
	err = gw.Serve(ctx, gateway.ServerConfig{Addr: f.addr, TLSCert: f.tlsCert, TLSKey: f.tlsKey,
		AllowExposed: f.allowExposed, Grace: f.grace,
		Listening: func(addr net.Addr) {
			fmt.Fprintf(a.stderr, "mapswitch: serving on %s://%s (status page at /)\n", scheme, addr)
		}})
	if err != nil {
		return badInput("%v", err)
	}
	fmt.Fprintln(a.stderr, "mapswitch: stopped")
	return nil
}
