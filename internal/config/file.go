package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// duration reads "1.5s"-style TOML strings.
type duration struct {
	time.Duration
	set bool
}

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	if v <= 0 {
		return fmt.Errorf("duration %q must be positive", b)
	}
	d.Duration, d.set = v, true
	return nil
}

// fileConfig is the TOML schema; see the package documentation.
type fileConfig struct {
	Providers      []string                `toml:"providers"`
	AttemptTimeout duration                `toml:"attempt_timeout"`
	Hedge          duration                `toml:"hedge"`
	Provider       map[string]fileProvider `toml:"provider"`
	Policy         []filePolicy            `toml:"policy"`
	Fleet          fileFleet               `toml:"fleet"`
}

type fileProvider struct {
	Type            string `toml:"type"`
	Key             string `toml:"key"`
	ClientID        string `toml:"client_id"`
	ClientSecret    string `toml:"client_secret"`
	BaseURL         string `toml:"base_url"`
	MobilityBaseURL string `toml:"mobility_base_url"`
	NominatimURL    string `toml:"nominatim_url"`
	OSRMURL         string `toml:"osrm_url"`
	UserAgent       string `toml:"user_agent"`
}

type filePolicy struct {
	Provider            string   `toml:"provider"`
	Op                  string   `toml:"op"`
	Window              duration `toml:"window"`
	Buckets             *int     `toml:"buckets"`
	MinRequests         *uint32  `toml:"min_requests"`
	FailureRatio        *float64 `toml:"failure_ratio"`
	ConsecutiveFailures *uint32  `toml:"consecutive_failures"`
	OpenFor             duration `toml:"open_for"`
	Probes              *uint32  `toml:"probes"`
}

// DefaultFile returns os.UserConfigDir()/mapswitch/config.toml, or "" when
// the platform has no such directory.
func DefaultFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "mapswitch", "config.toml")
}

// readFile reads path; a missing file is no error unless required (the user
// named it). Unknown keys are errors: a misspelt "hegde" silently ignored
// would leave the operator believing hedging is on.
func readFile(path string, required bool) (*fileConfig, bool, error) {
	var fc fileConfig
	if path == "" {
		return &fc, false, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return &fc, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("config file: %w", err)
	}
	md, err := toml.Decode(string(b), &fc)
	var pe toml.ParseError
	if errors.As(err, &pe) {
		// Only the position: the offending line may hold a key.
		return nil, false, fmt.Errorf("config file %s: TOML syntax error at line %d (after key %q); fix the file or pass --config with another", path, pe.Position.Line, pe.LastKey)
	}
	if err != nil {
		return nil, false, fmt.Errorf("config file %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		sort.Strings(keys)
		return nil, false, fmt.Errorf("config file %s: unknown key %s; see `mapswitch help config`", path, strings.Join(keys, ", "))
	}
	return &fc, true, nil
}
