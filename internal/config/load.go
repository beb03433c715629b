package config

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// ErrNoProvider is matched by Load's error when no provider of the chain
// has its credentials; Load then still returns the Config, whose LeftOut
// says why each one is missing.
var ErrNoProvider = errors.New("no usable provider")

// Load reads the file named by f.ConfigFile (or the default one), the
// environment through getenv (os.Getenv when nil) and the flags, and
// returns the chain. Missing credentials are notices, not errors; an
// unknown provider name, a malformed file or an empty chain are errors.
func Load(f Flags, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	path, required := f.ConfigFile, f.ConfigFile != ""
	if !required {
		path = DefaultFile()
	}
	fc, found, err := readFile(path, required)
	if err != nil {
		return nil, err
	}
	c := &Config{}
	if found {
		c.File = path
	}

	chain := DefaultChain
	switch {
	case len(f.Providers) > 0:
		chain = f.Providers
	case len(fc.Providers) > 0:
		chain = fc.Providers
	case getenv("TMAP_APP_KEY") != "":
		// TMAP joins the default chain only when its key is set, so that
		// shells without one see no new notice.
		chain = withTMAP(DefaultChain)
	}
	seen := map[string]bool{}
	for _, raw := range chain {
		name := strings.ToLower(strings.TrimSpace(raw))
		if name == "" {
			continue
		}
		if seen[name] {
			return nil, fmt.Errorf("provider %q is listed twice; each provider may appear once in the chain", name)
		}
		seen[name] = true
		p, err := instance(name, fc)
		if err != nil {
			return nil, err
		}
		fillFromEnv(&p, getenv)
		if why := missing(p); why != "" {
			c.LeftOut = append(c.LeftOut, LeftOut{Name: p.Name, Type: p.Type, Reason: why})
			c.Notices = append(c.Notices, fmt.Sprintf("%s: %s; left out of the chain", p.Name, why))
			continue
		}
		c.Providers = append(c.Providers, p)
	}
	if len(c.Providers) == 0 {
		return c, fmt.Errorf("%w in the chain %s: set KAKAO_REST_KEY, NCP_CLIENT_ID and NCP_CLIENT_SECRET, TMAP_APP_KEY, or MAPSWITCH_OSM_USER_AGENT, or add estimate to --providers",
			ErrNoProvider, strings.Join(chain, ","))
	}

	c.AttemptTimeout, c.Hedge = fc.AttemptTimeout.Duration, fc.Hedge.Duration
	if f.AttemptTimeout > 0 {
		c.AttemptTimeout = f.AttemptTimeout
	}
	if f.Hedge > 0 {
		c.Hedge = f.Hedge
	}
	if c.Fleet, err = loadFleet(fc.Fleet, getenv); err != nil {
		return nil, err
	}
	for i, fp := range fc.Policy {
		p, err := fp.policy()
		if err != nil {
			return nil, fmt.Errorf("config file %s: policy %d: %w", path, i+1, err)
		}
		c.Policies = append(c.Policies, p)
	}
	return c, nil
}

var knownTypes = []string{TypeKakao, TypeNaver, TypeTMAP, TypeOSM, TypeEstimate}

// withTMAP returns chain with TMAP after NAVER (or at the end when there is
// no NAVER): the order of the default chain, kakao → naver → tmap → osm →
// estimate.
func withTMAP(chain []string) []string {
	i := slices.Index(chain, TypeNaver) + 1
	if i == 0 {
		i = len(chain)
	}
	return slices.Insert(slices.Clone(chain), i, TypeTMAP)
}

// instance returns the chain entry called name: a [provider.name] section
// of the file, or a bare provider type.
func instance(name string, fc *fileConfig) (Provider, error) {
	fp, ok := fc.Provider[name]
	if !ok && !slices.Contains(knownTypes, name) {
		names := slices.Clone(knownTypes)
		for k := range fc.Provider {
			names = append(names, k)
		}
		slices.Sort(names)
		return Provider{}, fmt.Errorf("unknown provider %q; use one of %s (or define [provider.%s] in the config file)",
			name, strings.Join(names, ", "), name)
	}
	typ := strings.ToLower(strings.TrimSpace(fp.Type))
	if typ == "" {
		typ = name
	}
	if !slices.Contains(knownTypes, typ) {
		return Provider{}, fmt.Errorf("provider %q has unknown type %q; use one of %s", name, fp.Type, strings.Join(knownTypes, ", "))
	}
	return Provider{
		Name: name, Type: typ,
		Key: Secret(fp.Key), ClientID: Secret(fp.ClientID), ClientSecret: Secret(fp.ClientSecret),
		BaseURL: fp.BaseURL, MobilityBaseURL: fp.MobilityBaseURL,
		NominatimURL: fp.NominatimURL, OSRMURL: fp.OSRMURL, UserAgent: fp.UserAgent,
	}, nil
}

// fillFromEnv fills what the file left empty (the file wins over the
// environment).
func fillFromEnv(p *Provider, getenv func(string) string) {
	set := func(dst *string, keys ...string) {
		for _, k := range keys {
			if *dst != "" {
				return
			}
			*dst = strings.TrimSpace(getenv(k))
		}
	}
	setSecret := func(dst *Secret, key string) {
		if *dst == "" && p.Name == p.Type {
			*dst = Secret(strings.TrimSpace(getenv(key)))
		}
	}
	switch p.Type {
	case TypeKakao:
		setSecret(&p.Key, "KAKAO_REST_KEY")
		set(&p.BaseURL, "MAPSWITCH_KAKAO_BASE_URL")
		set(&p.MobilityBaseURL, "MAPSWITCH_KAKAO_MOBILITY_BASE_URL")
	case TypeNaver:
		setSecret(&p.ClientID, "NCP_CLIENT_ID")
		setSecret(&p.ClientSecret, "NCP_CLIENT_SECRET")
		set(&p.BaseURL, "MAPSWITCH_NAVER_BASE_URL")
	case TypeOSM:
		set(&p.UserAgent, "MAPSWITCH_OSM_USER_AGENT")
		set(&p.NominatimURL, "MAPSWITCH_NOMINATIM_URL", "MAPSWITCH_NOMINATIM_BASE_URL")
		set(&p.OSRMURL, "MAPSWITCH_OSRM_URL", "MAPSWITCH_OSRM_BASE_URL")
	case TypeTMAP:
		setSecret(&p.Key, "TMAP_APP_KEY")
		set(&p.BaseURL, "MAPSWITCH_TMAP_BASE_URL")
	}
}

// missing says why p cannot be built, "" when it can.
func missing(p Provider) string {
	switch p.Type {
	case TypeKakao:
		if p.Key == "" {
			return "no REST API key (set KAKAO_REST_KEY)"
		}
	case TypeNaver:
		if p.ClientID == "" || p.ClientSecret == "" {
			return "no client ID and secret (set NCP_CLIENT_ID and NCP_CLIENT_SECRET)"
		}
	case TypeOSM:
		if p.UserAgent == "" {
			return "no User-Agent, which Nominatim's policy requires (set MAPSWITCH_OSM_USER_AGENT, e.g. \"acme-dispatch/2.1 (ops@acme.example)\")"
		}
	case TypeTMAP:
		if p.Key == "" {
			return "no app key (set TMAP_APP_KEY)"
		}
	}
	return ""
}

func (fp filePolicy) policy() (Policy, error) {
	p := fallback.DefaultPolicy()
	if fp.Window.set {
		p.Window = fp.Window.Duration
	}
	if fp.OpenFor.set {
		p.OpenFor = fp.OpenFor.Duration
	}
	if fp.Buckets != nil {
		p.Buckets = *fp.Buckets
	}
	if fp.MinRequests != nil {
		p.MinRequests = *fp.MinRequests
	}
	if fp.FailureRatio != nil {
		p.FailureRatio = *fp.FailureRatio
	}
	if fp.ConsecutiveFailures != nil {
		p.ConsecutiveFailures = *fp.ConsecutiveFailures
	}
	if fp.Probes != nil {
		p.Probes = *fp.Probes
	}
	op := geo.Op(strings.ToLower(fp.Op))
	switch op {
	case "", geo.OpGeocode, geo.OpReverse, geo.OpRoute, geo.OpMatrix:
	default:
		return Policy{}, fmt.Errorf("op %q: use geocode, reverse, route or matrix (or leave it out for all)", fp.Op)
	}
	return Policy{Provider: strings.ToLower(fp.Provider), Op: op, Policy: p}, nil
}
