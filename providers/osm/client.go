package osm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/internal/provider"
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
	b            provider.Base // its Header carries the User-Agent
	nominatim    string
	osrm         string
	userAgent    string
	email        string
	language     string
	countryCodes string
	maxTable     int
	maxSnap      float64       // metres
	nomLimiter   limit.Limiter // Nominatim calls only; nil = unlimited
	rateSet      bool
}

// Option configures a Client.
type Option func(*Client) error

// New returns a Client. WithUserAgent is required: Nominatim's usage policy
// asks every application to identify itself, and the public server answers
// 403 to stock library user agents.
func New(opts ...Option) (*Client, error) {
	c := &Client{b: provider.NewBase("osm", DefaultMatrixConcurrency), nominatim: PublicNominatimURL, osrm: PublicOSRMURL,
		language: "ko", countryCodes: "kr", maxTable: DefaultMaxTableSize, maxSnap: DefaultMaxSnapDistance}
	if err := provider.Apply(c, &c.b, opts); err != nil {
		return nil, err
	}
	if c.userAgent == "" {
		return nil, errors.New("osm: WithUserAgent is required: Nominatim's policy asks for an identifying User-Agent, e.g. \"acme-dispatch/2.1 (ops@acme.example)\"")
	}
	c.b.Header.Set("User-Agent", c.userAgent)
	if !c.rateSet && strings.EqualFold(hostOf(c.nominatim), hostOf(PublicNominatimURL)) {
		// The public server's policy: at most one request per second.
		c.nomLimiter, _ = limit.PerSecond(1, 1, time.Second)
	}
	return c, nil
}

// Name returns the client's name: "osm" unless WithName set another.
func (c *Client) Name() string { return c.b.Name() }

// WithName sets the name the client answers to in results, errors and the
// failover's status (default "osm"), so that two servers (a self-hosted
// OSRM and a second region, say) can sit in one failover chain.
func WithName(name string) Option { return func(c *Client) error { return c.b.SetName(name) } }

// Close releases the idle connections of the client's own HTTP client; one
// given with WithHTTPClient is the caller's and is left alone. The Client
// stays usable.
func (c *Client) Close() error { return c.b.Close() }

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// WithNominatimURL sets the Nominatim base URL (default PublicNominatimURL).
func WithNominatimURL(u string) Option {
	return func(c *Client) error { return c.b.SetURL(&c.nominatim, "Nominatim URL", u) }
}

// WithOSRMURL sets the OSRM base URL (default PublicOSRMURL).
func WithOSRMURL(u string) Option {
	return func(c *Client) error { return c.b.SetURL(&c.osrm, "OSRM URL", u) }
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
	return func(c *Client) error { return c.b.SetHTTPClient(hc) }
}

// WithLogger sets the logger; default discards.
func WithLogger(l *slog.Logger) Option { return func(c *Client) error { return c.b.SetLogger(l) } }

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
func WithLimiter(l limit.Limiter) Option { return func(c *Client) error { return c.b.SetLimiter(l) } }

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
	return func(c *Client) error { return c.b.SetConcurrency(n) }
}

// get sends a GET and returns the response, classified per service when it
// is an error. Callers decode the body with decode.
func (c *Client) get(ctx context.Context, op geo.Op, u string, nominatim bool) (*httpx.Response, error) {
	call := provider.Call{Op: op, URL: u, Classify: func(r *httpx.Response) error { return osrmError(op, r) }}
	if nominatim {
		call.Limiters = []limit.Limiter{c.nomLimiter}
		call.Classify = func(r *httpx.Response) error { return nominatimError(op, r) }
	}
	return c.b.Do(ctx, call)
}
