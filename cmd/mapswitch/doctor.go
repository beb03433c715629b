package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/config"
)

// check is one row of the doctor's table.
type check struct {
	Provider  string  `json:"provider"`
	Check     string  `json:"check"`
	Verdict   string  `json:"verdict"` // "ok" or the problem, e.g. "key rejected"
	LatencyMS float64 `json:"latency_ms,omitempty"`
	Detail    string  `json:"detail,omitempty"`
	Fix       string  `json:"fix,omitempty"`
}

// Probe requests: a well-known address and a short route near it, which
// every provider can answer.
var (
	probeQuery = "서울특별시 중구 세종대로 110"
	probeFrom  = orb.Point{126.9779692, 37.5662952}
	probeTo    = orb.Point{126.9706, 37.5547}
)

func (a *app) doctorCommand() *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check each configured provider: credentials, reachability, key, quota, latency",
		Long: `Check each provider of the chain directly, without failover: are its
credentials present, does its endpoint answer, is the key accepted, is its
quota spent, how fast does it answer. Kakao and OSM run two services each
(Local and Mobility; Nominatim and OSRM), checked separately. Each problem
comes with the fix.

Exit code: 0 when every check passed, 3 when any failed, 2 for bad options.`,
		Example: `  mapswitch doctor
  mapswitch doctor --providers kakao,naver --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.loadForDoctor()
			if err != nil {
				return err
			}
			checks := a.runChecks(cmd.Context(), cfg, timeout)
			code := exitOK
			for _, c := range checks {
				if c.Verdict != "ok" {
					code = exitFailed
				}
			}
			if a.jsonOut || a.geojson {
				for _, c := range checks {
					if err := emitJSON(a.stdout, c); err != nil {
						return err
					}
				}
				return silentExit(code)
			}
			var t table
			t.add("PROVIDER", "CHECK", "VERDICT", "LATENCY", "DETAIL")
			for _, c := range checks {
				lat := "-"
				if c.LatencyMS > 0 {
					lat = strconv.FormatFloat(c.LatencyMS, 'f', 0, 64) + " ms"
				}
				t.add(c.Provider, c.Check, c.Verdict, lat, c.Detail)
			}
			t.print(a.stdout)
			var fixes []string
			for _, c := range checks {
				if c.Fix != "" {
					fixes = append(fixes, fmt.Sprintf("  %s %s: %s", c.Provider, c.Check, c.Fix))
				}
			}
			if len(fixes) > 0 {
				fmt.Fprintln(a.stdout, "\nTo fix:\n"+strings.Join(fixes, "\n"))
			}
			return silentExit(code)
		},
	}
	cmd.Flags().DurationVar(&timeout, "check-timeout", 3*time.Second, "how long to wait for each provider's answer")
	return cmd
}

// loadForDoctor loads the configuration like every command, but a chain
// with no usable provider is a finding, not an error.
func (a *app) loadForDoctor() (*config.Config, error) {
	cfg, err := a.load()
	if errors.Is(err, config.ErrNoProvider) {
		return a.cfg, nil
	}
	return cfg, err
}

func (a *app) runChecks(ctx context.Context, cfg *config.Config, timeout time.Duration) []check {
	var out []check
	for _, l := range cfg.LeftOut {
		c := check{Provider: l.Name, Check: "credentials", Verdict: "missing", Detail: l.Reason}
		if i := strings.Index(l.Reason, "(set "); i >= 0 {
			c.Fix = strings.TrimSuffix(l.Reason[i+1:], ")")
			c.Detail = l.Reason[:i-1]
		}
		out = append(out, c)
	}
	results := make([][]check, len(cfg.Providers))
	var wg sync.WaitGroup
	for i, p := range cfg.Providers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = checkProvider(ctx, p, timeout)
		}()
	}
	wg.Wait()
	for _, r := range results {
		out = append(out, r...)
	}
	return out
}

// checkProvider checks one provider's services.
func checkProvider(ctx context.Context, p config.Provider, timeout time.Duration) []check {
	gp, err := p.Build()
	if err != nil {
		return []check{{Provider: p.Name, Check: "configuration", Verdict: "invalid", Detail: err.Error(),
			Fix: "correct the provider's settings in the config file or environment"}}
	}
	type service struct {
		name string
		call func(ctx context.Context) error
		url  string
	}
	geocode := func(ctx context.Context) error {
		_, err := gp.(geo.Geocoder).Geocode(ctx, geo.GeocodeRequest{Query: probeQuery, Limit: 1})
		return err
	}
	route := func(ctx context.Context) error {
		_, err := gp.(geo.Router).Route(ctx, geo.RouteRequest{Origin: probeFrom, Destination: probeTo})
		return err
	}
	var services []service
	switch p.Type {
	case config.TypeKakao:
		services = []service{{"local (geocode)", geocode, p.BaseURL}, {"mobility (route)", route, p.MobilityBaseURL}}
	case config.TypeNaver:
		services = []service{{"geocode", geocode, p.BaseURL}, {"directions (route)", route, p.BaseURL}}
	case config.TypeOSM:
		services = []service{{"nominatim (geocode)", geocode, p.NominatimURL}, {"osrm (route)", route, p.OSRMURL}}
	case config.TypeEstimate:
		return []check{{Provider: p.Name, Check: "offline estimate", Verdict: "ok", Detail: "no network needed; answers are flagged estimated"}}
	}
	out := make([]check, len(services))
	var wg sync.WaitGroup
	for i, s := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			start := time.Now()
			err := s.call(cctx)
			el := time.Since(start)
			c := diagnose(p, s.url, err, timeout)
			c.Provider, c.Check = p.Name, s.name
			if c.Verdict == "ok" || err != nil && !errors.Is(err, context.DeadlineExceeded) {
				c.LatencyMS = float64(el.Microseconds()) / 1000
			}
			out[i] = c
		}()
	}
	wg.Wait()
	return out
}

// diagnose turns a probe's outcome into a verdict and a fix.
func diagnose(p config.Provider, url string, err error, timeout time.Duration) check {
	var pe *geo.ProviderError
	errors.As(err, &pe)
	upper := strings.ToUpper(p.Name)
	answered := func() string {
		if pe == nil {
			return upper + " failed"
		}
		s := upper + " answered"
		if pe.StatusCode != 0 {
			s += " " + strconv.Itoa(pe.StatusCode)
		}
		if pe.Message != "" {
			s += ": " + pe.Message
		} else if pe.Code != "" {
			s += ": code " + pe.Code
		}
		return s
	}
	switch {
	case err == nil, errors.Is(err, geo.ErrNotFound):
		return check{Verdict: "ok"}
	case errors.Is(err, context.DeadlineExceeded):
		return check{Verdict: "no answer", Detail: fmt.Sprintf("no answer within %v: the server accepts connections but does not respond", timeout),
			Fix: "the provider is down or overloaded (check its status page); the failover skips it meanwhile. --check-timeout waits longer"}
	case errors.Is(err, geo.ErrUnauthorized):
		return check{Verdict: "key rejected", Detail: answered(), Fix: keyFix(p)}
	case errors.Is(err, geo.ErrQuotaExceeded):
		d := answered()
		if pe != nil && !pe.ResetAt.IsZero() {
			d += "; resets " + pe.ResetAt.In(time.FixedZone("KST", 9*3600)).Format("2006-01-02 15:04 KST")
		}
		return check{Verdict: "quota spent", Detail: d,
			Fix: "wait for the reset or raise the quota in the provider's console; meanwhile the next provider answers"}
	case errors.Is(err, geo.ErrRateLimited):
		d := answered()
		if pe != nil && pe.RetryAfter > 0 {
			d += "; retry after " + pe.RetryAfter.String()
		}
		return check{Verdict: "throttled", Detail: d, Fix: "send fewer requests per second (lower batch --concurrency)"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return check{Verdict: "unreachable", Detail: "connection refused at " + endpoint(url),
			Fix: "check the base URL (" + urlVar(p) + "), the network and any proxy"}
	case errors.Is(err, geo.ErrUnavailable) && pe != nil && pe.StatusCode == 0:
		return check{Verdict: "unreachable", Detail: answered() + ": " + errText(pe.Err),
			Fix: "check the base URL (" + urlVar(p) + "), DNS, the network and any proxy"}
	case errors.Is(err, geo.ErrUnavailable):
		return check{Verdict: "unavailable", Detail: answered(), Fix: "a fault on the provider's side; check its status page and retry later"}
	}
	return check{Verdict: "error", Detail: err.Error(), Fix: "unexpected; rerun with --json and report it"}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func keyFix(p config.Provider) string {
	switch p.Type {
	case config.TypeKakao:
		return "check KAKAO_REST_KEY (the app's REST API key, not the JavaScript or native key) and that Kakao Local and Kakao Mobility are enabled for the app"
	case config.TypeNaver:
		return "check NCP_CLIENT_ID and NCP_CLIENT_SECRET, and that Geocoding, Reverse Geocoding and Directions are subscribed for the application in the NAVER Cloud console"
	case config.TypeOSM:
		return "the server refused our User-Agent: set MAPSWITCH_OSM_USER_AGENT to name your application and a contact, or use your own Nominatim (MAPSWITCH_NOMINATIM_URL)"
	}
	return "check the provider's credentials"
}

func urlVar(p config.Provider) string {
	switch p.Type {
	case config.TypeKakao:
		return "MAPSWITCH_KAKAO_BASE_URL, MAPSWITCH_KAKAO_MOBILITY_BASE_URL"
	case config.TypeNaver:
		return "MAPSWITCH_NAVER_BASE_URL"
	case config.TypeOSM:
		return "MAPSWITCH_NOMINATIM_URL, MAPSWITCH_OSRM_URL"
	}
	return "the base URL"
}

// endpoint names a service's URL; "" is the provider's default.
func endpoint(url string) string {
	if url == "" {
		return "the provider's public endpoint"
	}
	return url
}
