package config

import (
	"time"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// Provider types a chain may name.
const (
	TypeKakao    = "kakao"
	TypeNaver    = "naver"
	TypeOSM      = "osm"
	TypeEstimate = "estimate"
	TypeTMAP     = "tmap"
)

// DefaultChain is the chain used when neither flags nor file name one: the
// Korean commercial providers first, OpenStreetMap next, and the offline
// estimate last so that a distance or a fee can always be given (flagged
// Estimated). When TMAP_APP_KEY is set, TMAP joins it after NAVER.
var DefaultChain = []string{TypeKakao, TypeNaver, TypeOSM, TypeEstimate}

// Secret holds a credential. It formats as "[redacted]" with every verb of
// fmt, in JSON and in text encodings, so that a key cannot reach output, a
// log line or an error by accident; Reveal returns the value for the one
// place that needs it, the provider constructor.
type Secret string

// String returns "[redacted]", or "" for an empty secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString returns the same as String, for %#v.
func (s Secret) GoString() string { return s.String() }

// MarshalText returns the same as String.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reveal returns the credential itself.
func (s Secret) Reveal() string { return string(s) }

// Provider is one instance in the chain. Fields not used by its Type are
// ignored.
type Provider struct {
	// Name is the instance's name in results and breaker status; by
	// default its type. Two instances of one type need distinct names.
	Name string
	// Type is one of the Type constants.
	Type string

	Key          Secret // Kakao REST API key, TMAP app key
	ClientID     Secret // NAVER
	ClientSecret Secret // NAVER

	BaseURL         string // Kakao Local, NAVER, TMAP
	MobilityBaseURL string // Kakao Mobility
	NominatimURL    string // OSM
	OSRMURL         string // OSM
	UserAgent       string // OSM; required
}

// Policy is a breaker policy for one provider ("" for all) and one
// operation ("" for all).
type Policy struct {
	Provider string
	Op       geo.Op
	Policy   fallback.Policy
}

// Config is the loaded configuration.
type Config struct {
	// Providers is the chain, in order of preference, holding only the
	// instances that can be built (credentials present).
	Providers []Provider
	// AttemptTimeout and Hedge are 0 when unset: the fallback defaults.
	AttemptTimeout time.Duration
	Hedge          time.Duration
	Policies       []Policy
	// Fleet is the Redis fleet to join, zero when none (see OpenFleet).
	Fleet Fleet
	// File is the config file read, "" when none.
	File string
	// LeftOut lists the chain's providers that could not join it.
	LeftOut []LeftOut
	// Notices are one-line remarks for stderr: providers left out and why,
	// variables that are accepted but unused.
	Notices []string
}

// LeftOut is a provider of the chain that was left out, and why, with the
// fix in the reason's words ("no REST API key (set KAKAO_REST_KEY)").
type LeftOut struct {
	Name, Type, Reason string
}

// Flags are the command-line settings; zero values mean "not given".
type Flags struct {
	// Providers picks and orders the chain, e.g. kakao,naver,osm,estimate.
	Providers []string
	// ConfigFile is the file to read; "" means the default location,
	// where a missing file is fine. A named file must exist.
	ConfigFile     string
	AttemptTimeout time.Duration
	Hedge          time.Duration
}
