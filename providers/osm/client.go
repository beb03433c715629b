package osm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/limit"
)

// Public endpoints. Both are run by volunteers for light use only; point
// production failover at your own servers with WithNominatimURL and
// WithOSRMURL.
const (
	PublicNominatimURL = "https://nominatim.openstreetmap.org"
	PublicOSRMURL      = "https://router.project-osrm.org"
)

// DefaultMaxTableSize is osrm-routed's default --max-table-size: the server
// accepts tables of up to 100² = 10 000 cells (sources × destinations).
const DefaultMaxTableSize = 100

// DefaultMatrixConcurrency bounds concurrent OSRM table requests of one Matrix call.
const DefaultMatrixConcurrency = 4

// Client talks to Nominatim and OSRM. It implements geo.Geocoder,
// geo.ReverseGeocoder, geo.Router and geo.Matrixer. Safe for concurrent use.
type Client struct {
	name         string
	hc           *http.Client
	ownHC        bool // hc was made here, so Close may release its connections
	nominatim    string
	osrm         string
	userAgent    string
	email        string
	language     string
	countryCodes string
	maxTable     int
	maxSnap      float64 // metres
	concurrency  int
	limiter      limit.Limiter // every call; nil = unlimited
	nomLimiter   limit.Limiter // Nominatim calls only; nil = unlimited
	rateSet      bool
	logger       *slog.Logger
}

// Option configures a Client.
type Option func(*Client) error

// New returns a Client. WithUserAgent is required: Nominatim's usage policy
// asks every application to identify itself, and the public server answers
// 403 to stock library user agents.
func New(opts ...Option) (*Client, error) {
	c := &Client{name: "osm", nominatim: PublicNominatimURL, osrm: PublicOSRMURL, language: "ko", countryCodes: "kr",
		maxTable: DefaultMaxTableSize, maxSnap: DefaultMaxSnapDistance, concurrency: DefaultMatrixConcurrency,
		logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.userAgent == "" {
		return nil, errors.New("osm: WithUserAgent is required: Nominatim's policy asks for an identifying User-Agent, e.g. \"acme-dispatch/2.1 (ops@acme.example)\"")
	}
	if c.hc == nil {
		c.hc, c.ownHC = httpx.NewClient(), true
	}
	if !c.rateSet && strings.EqualFold(hostOf(c.nominatim), hostOf(PublicNominatimURL)) {
		// The public server's policy: at most one request per second.
		c.nomLimiter, _ = limit.PerSecond(1, 1, time.Second)
	}
	return c, nil
}

// Name returns the client's name: "osm" unless WithName set another.
func (c *Client) Name() string { return c.name }

// WithName sets the name the client answers to in results, errors and the
// failover's status (default "osm"), so that two servers (a self-hosted
// OSRM and a second region, say) can sit in one failover chain.
func WithName(name string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(name) == "" {
			return errors.New("osm: empty name")
		}
		c.name = name
		return nil
	}
}

// Close releases the idle connections of the client's own HTTP client; one
// given with WithHTTPClient is the caller's and is left alone. The Client
// stays usable.
func (c *Client) Close() error {
	if c.ownHC {
		c.hc.CloseIdleConnections()
	}
	return nil
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// WithNominatimURL sets the Nominatim base URL (default PublicNominatimURL).
func WithNominatimURL(u string) Option {
	return func(c *Client) (err error) { c.nominatim, err = httpx.BaseURL("osm", "Nominatim URL", u); return }
}

// WithOSRMURL sets the OSRM base URL (default PublicOSRMURL).
func WithOSRMURL(u string) Option {
	return func(c *Client) (err error) { c.osrm, err = httpx.BaseURL("osm", "OSRM URL", u); return }
}

// WithUserAgent sets the identifying User-Agent sent on every request.
// Required; generic library agents are rejected.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		ua = strings.TrimSpace(ua)
		low := strings.ToLower(ua)
		for _, generic := range []string{"go-http-client", "python-urllib", "curl/", "mozilla/"} {
			if strings.HasPrefix(low, generic) {
				return fmt.Errorf("osm: user agent %q is generic; name your application", ua)
			}
		}
		if ua == "" {
			return errors.New("osm: empty user agent")
		}
		c.userAgent = ua
		return nil
	}
}

// WithEmail sets Nominatim's email parameter, a contact for heavy users.
func WithEmail(email string) Option {
	return func(c *Client) error { c.email = email; return nil }
}

// WithHTTPClient sets the HTTP client; it is copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("osm: nil HTTP client")
		}
		cp := *hc
		c.hc = &cp
		return nil
	}
}

// WithLogger sets the logger; default discards.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("osm: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithRateLimit limits Nominatim requests to perSecond (burst 1) in this
// process, waiting up to a second for a slot; 0 means unlimited. Default:
// 1/s against the public server, unlimited elsewhere. WithNominatimLimiter
// takes any limit.Limiter instead (a fleet-wide one, say).
func WithRateLimit(perSecond float64) Option {
	return func(c *Client) error {
		if perSecond < 0 {
			return fmt.Errorf("osm: negative rate %v", perSecond)
		}
		c.rateSet, c.nomLimiter = true, nil
		if perSecond > 0 {
			c.nomLimiter, _ = limit.PerSecond(perSecond, 1, time.Second)
		}
		return nil
	}
}

// WithNominatimLimiter paces Nominatim calls through l, replacing the
// default public-server limit; a call l refuses fails with
// geo.ErrRateLimited.
func WithNominatimLimiter(l limit.Limiter) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("osm: nil limiter")
		}
		c.rateSet, c.nomLimiter = true, l
		return nil
	}
}

// WithLimiter paces every HTTP call (Nominatim and OSRM; a matrix may be
// several table requests) through l; a call l refuses fails with
// geo.ErrRateLimited. Default: no limit beyond Nominatim's.
func WithLimiter(l limit.Limiter) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("osm: nil limiter")
		}
		c.limiter = l
		return nil
	}
}

// WithLanguage sets accept-language (default "ko").
func WithLanguage(lang string) Option {
	return func(c *Client) error { c.language = lang; return nil }
}

// WithCountryCodes restricts geocoding to these ISO 3166-1 codes, comma
// separated (default "kr"; "" for worldwide).
func WithCountryCodes(codes string) Option {
	return func(c *Client) error { c.countryCodes = codes; return nil }
}

// WithMaxTableSize sets the OSRM server's --max-table-size (default 100):
// matrices are tiled so that no request has more than n² cells, which is
// the server's own rule (sources × destinations ≤ n², in any shape).
func WithMaxTableSize(n int) Option {
	return func(c *Client) error {
		if n < 2 {
			return fmt.Errorf("osm: max table size %d must be at least 2", n)
		}
		c.maxTable = n
		return nil
	}
}

// WithMatrixConcurrency bounds concurrent table requests (default 4).
func WithMatrixConcurrency(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("osm: matrix concurrency %d must be at least 1", n)
		}
		c.concurrency = n
		return nil
	}
}

// get sends a GET and returns the response, classified per service when it
// is an error. decode is not called here: callers decode the body.
func (c *Client) get(ctx context.Context, op geo.Op, u string, nominatim bool) (*httpx.Response, error) {
	if nominatim {
		if err := httpx.Acquire(ctx, c.nomLimiter, "osm", op); err != nil {
			return nil, err
		}
	}
	if err := httpx.Acquire(ctx, c.limiter, "osm", op); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, &geo.ProviderError{Provider: "osm", Op: op, Kind: geo.ErrInvalidRequest, Err: err}
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := httpx.Do(c.hc, req, "osm", op)
	if err != nil {
		return nil, err
	}
	if nominatim {
		err = nominatimError(op, resp)
	} else {
		err = osrmError(op, resp)
	}
	if err != nil {
		c.logger.Debug("osm request failed", "op", string(op), "status", resp.StatusCode, "err", err)
		return nil, err
	}
	return resp, nil
}

func decode(op geo.Op, resp *httpx.Response, v any) error {
	if err := json.Unmarshal(resp.Body, v); err != nil {
		return &geo.ProviderError{Provider: "osm", Op: op, StatusCode: resp.StatusCode, Kind: geo.ErrUnavailable,
			Message: "malformed response: " + httpx.Snippet(resp.Body), Err: err}
	}
	return nil
}
