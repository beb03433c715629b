package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/config"
)

// app is one invocation: its streams, its global flags and the chain,
// built on first use so that commands without providers (convert,
// distance, demo) never need credentials.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	flags     config.Flags
	providers string
	jsonOut   bool
	geojson   bool
	timeout   time.Duration

	cfg    *config.Config
	client *fallback.Client
	chain  []geo.Provider
}

// run executes the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := codeOf(err)
	var ee *exitError
	switch {
	case errors.As(err, &ee) && ee.msg == "":
	case errors.As(err, &ee):
		fmt.Fprintln(stderr, "mapswitch:", ee.msg)
	case isUsageError(err):
		code = exitBadInput
		fmt.Fprintf(stderr, "mapswitch: %v; see mapswitch %s --help\n", err, commandPath(root, args))
	case errors.Is(err, context.Canceled):
		code = 130 // the shell's convention for Ctrl-C
		fmt.Fprintln(stderr, "mapswitch: interrupted")
	default:
		fmt.Fprintln(stderr, "mapswitch:", describe(err))
	}
	return code
}

// isUsageError reports errors cobra raises for the command line itself.
func isUsageError(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires exactly", "required flag"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// commandPath names the subcommand args asked for, for the help hint.
func commandPath(root *cobra.Command, args []string) string {
	c, _, err := root.Find(args)
	if err != nil || c == root {
		return ""
	}
	return strings.TrimPrefix(c.CommandPath(), root.Name()+" ")
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "mapswitch",
		Short: "Korean maps from the command line, with automatic failover between providers",
		Long: `mapswitch answers geocoding, reverse geocoding, routing and distance questions
through a chain of map providers (Kakao, NAVER, TMAP, OpenStreetMap, and an offline
estimate), switching to the next one when a provider fails, and says which
provider answered. It also converts between Korean coordinate systems and runs
bulk jobs that resume after being killed.

Credentials come from the environment (KAKAO_REST_KEY, NCP_CLIENT_ID,
NCP_CLIENT_SECRET, MAPSWITCH_OSM_USER_AGENT) or a config file; see
"mapswitch help config". A provider without credentials is left out.

Points are written lon,lat (longitude first), e.g. 127.1112,37.3948.

Exit codes: 0 answered, 1 not found, 2 bad input, 3 every provider failed.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return err })
	pf := root.PersistentFlags()
	pf.StringVar(&a.providers, "providers", "", "provider chain in order of preference, e.g. kakao,naver,osm,estimate (default: the config file's, else kakao,naver,osm,estimate)")
	pf.StringVar(&a.flags.ConfigFile, "config", "", "config file (default "+defaultConfigHint()+", absent is fine)")
	pf.DurationVar(&a.flags.AttemptTimeout, "attempt-timeout", 0, "time limit of one provider call (default 1.5s)")
	pf.DurationVar(&a.flags.Hedge, "hedge", 0, "call the next provider in parallel after this delay (default off)")
	pf.DurationVar(&a.timeout, "timeout", 10*time.Second, "time limit of one answer, failover included")
	pf.BoolVar(&a.jsonOut, "json", false, "print one JSON object per answer")
	pf.BoolVar(&a.geojson, "geojson", false, "print places and routes as a GeoJSON FeatureCollection")
	root.MarkFlagsMutuallyExclusive("json", "geojson")

	root.AddCommand(a.geocodeCommand(), a.reverseCommand(), a.routeCommand(), a.matrixCommand(),
		a.distanceCommand(), a.convertCommand(), a.batchCommand(), a.doctorCommand(), a.demoCommand(),
		a.serveCommand())
	root.AddCommand(&cobra.Command{Use: "config", Short: "How to configure providers (help topic)", Long: configHelp})
	return root
}

func defaultConfigHint() string {
	if p := config.DefaultFile(); p != "" {
		return p
	}
	return "$XDG_CONFIG_HOME/mapswitch/config.toml"
}

// load reads the configuration once and prints its notices.
func (a *app) load() (*config.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	f := a.flags
	if a.providers != "" {
		f.Providers = strings.Split(a.providers, ",")
	}
	cfg, err := config.Load(f, a.getenv)
	if errors.Is(err, config.ErrNoProvider) {
		a.cfg = cfg // for doctor, which reports why each one is missing
		return nil, &exitError{code: exitBadInput, msg: err.Error(), err: err}
	}
	if err != nil {
		return nil, badInput("%v", err)
	}
	a.cfg = cfg
	return cfg, nil
}

// client returns the failover client over the configured chain.
func (a *app) failover() (*fallback.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	cfg, err := a.load()
	if err != nil {
		return nil, err
	}
	c, ps, err := cfg.Chain()
	for _, n := range cfg.Notices {
		fmt.Fprintln(a.stderr, "mapswitch: notice:", n)
	}
	if err != nil {
		return nil, badInput("%v", err)
	}
	a.client, a.chain = c, ps
	return c, nil
}

// answerCtx bounds one answer by --timeout.
func (a *app) answerCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, a.timeout)
}

// isTerminal reports whether w is a terminal, for tables and progress bars.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

const configHelp = `Providers and failover are configured by flags, a TOML file and the
environment; flags win over the file, the file wins over the environment.

Environment:
  KAKAO_REST_KEY                      Kakao REST API key
  NCP_CLIENT_ID, NCP_CLIENT_SECRET    NAVER Cloud Maps credentials
  TMAP_APP_KEY                        SK open API TMAP app key; adds TMAP after NAVER
  MAPSWITCH_OSM_USER_AGENT            identifying User-Agent, required to use OpenStreetMap
  MAPSWITCH_ADMIN_TOKEN               bearer token of mapswitch serve's operator controls
  MAPSWITCH_NOMINATIM_URL             your Nominatim server (default: the public one)
  MAPSWITCH_OSRM_URL                  your OSRM server (default: the public one)
  MAPSWITCH_<PROVIDER>_BASE_URL       KAKAO, KAKAO_MOBILITY, NAVER, TMAP, NOMINATIM, OSRM
  MAPSWITCH_REDIS_URL                 redis:// URL: mapswitch serve joins a fleet of instances
  MAPSWITCH_FLEET_NAMESPACE           key prefix in that Redis (default mapswitch)
  MAPSWITCH_FLEET_SIZE                instances sharing the limits when Redis is gone (default 1)

File (--config, default ` + "`os.UserConfigDir()/mapswitch/config.toml`" + `, absent is fine):

  providers = ["kakao", "kakao-backup", "naver", "osm", "estimate"]
  attempt_timeout = "1.5s"
  hedge = "150ms"

  [provider.kakao-backup]     # a second instance with its own key
  type = "kakao"
  key = "..."

  [provider.osm]
  user_agent = "acme-dispatch/2.1 (ops@acme.example)"
  nominatim_url = "http://nominatim.internal"
  osrm_url = "http://osrm.internal"

  [fleet]                     # instances share outages, probes and quotas through Redis
  redis = "redis://127.0.0.1:6379/0"
  namespace = "dispatch-prod"

  [[policy]]                  # circuit breaker; provider and op may be left out
  provider = "kakao"
  op = "route"
  open_for = "10s"
  failure_ratio = 0.6

Keys are never printed: not in output, logs or errors.`
