package config

import (
	"fmt"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/estimate"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/tmap"
)

// Build constructs one provider client. Its errors never contain a key:
// the provider constructors only ever see it, and report option problems.
func (p Provider) Build() (geo.Provider, error) {
	// Every instance gets its name, so that two accounts of one provider
	// have distinct breakers and say which of them answered.
	var (
		gp  geo.Provider
		err error
	)
	switch p.Type {
	case TypeKakao:
		opts := []kakao.Option{kakao.WithName(p.Name)}
		if p.BaseURL != "" {
			opts = append(opts, kakao.WithBaseURL(p.BaseURL))
		}
		if p.MobilityBaseURL != "" {
			opts = append(opts, kakao.WithMobilityBaseURL(p.MobilityBaseURL))
		}
		gp, err = kakao.New(p.Key.Reveal(), opts...)
	case TypeNaver:
		opts := []naver.Option{naver.WithName(p.Name)}
		if p.BaseURL != "" {
			opts = append(opts, naver.WithBaseURL(p.BaseURL))
		}
		gp, err = naver.New(p.ClientID.Reveal(), p.ClientSecret.Reveal(), opts...)
	case TypeOSM:
		opts := []osm.Option{osm.WithName(p.Name), osm.WithUserAgent(p.UserAgent)}
		if p.NominatimURL != "" {
			opts = append(opts, osm.WithNominatimURL(p.NominatimURL))
		}
		if p.OSRMURL != "" {
			opts = append(opts, osm.WithOSRMURL(p.OSRMURL))
		}
		gp, err = osm.New(opts...)
	case TypeTMAP:
		opts := []tmap.Option{tmap.WithName(p.Name)}
		if p.BaseURL != "" {
			opts = append(opts, tmap.WithBaseURL(p.BaseURL))
		}
		gp, err = tmap.New(p.Key.Reveal(), opts...)
	case TypeEstimate:
		gp, err = estimate.New(estimate.WithName(p.Name))
	default:
		return nil, fmt.Errorf("%s: provider type %q is not supported in this build", p.Name, p.Type)
	}
	if err != nil {
		return nil, err
	}
	return gp, nil
}

// Options returns the failover options the configuration asks for.
func (c *Config) Options() []fallback.Option {
	var opts []fallback.Option
	if c.AttemptTimeout > 0 {
		opts = append(opts, fallback.WithAttemptTimeout(c.AttemptTimeout))
	}
	if c.Hedge > 0 {
		opts = append(opts, fallback.WithHedge(c.Hedge))
	}
	for _, p := range c.Policies {
		opts = append(opts, fallback.WithPolicy(p.Provider, p.Op, p.Policy))
	}
	return opts
}

// Chain builds every provider and the failover client over them; extra
// options (a logger, hooks) are applied after the configured ones. A
// provider that cannot be built is left out with a notice, as a missing
// key is.
func (c *Config) Chain(extra ...fallback.Option) (*fallback.Client, []geo.Provider, error) {
	var ps []geo.Provider
	for _, p := range c.Providers {
		gp, err := p.Build()
		if err != nil {
			c.Notices = append(c.Notices, err.Error()+"; left out of the chain")
			continue
		}
		ps = append(ps, gp)
	}
	if len(ps) == 0 {
		return nil, nil, fmt.Errorf("no provider could be built")
	}
	fc, err := fallback.New(ps, append(c.Options(), extra...)...)
	if err != nil {
		return nil, nil, err
	}
	return fc, ps, nil
}
