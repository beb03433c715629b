package tmap

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/internal/provider"
	"github.com/mapswitch/mapswitch/limit"
)

// DefaultBaseURL is the SK open API gateway.
const DefaultBaseURL = "https://apis.openapi.sk.com"

// DefaultMatrixConcurrency bounds concurrent /tmap/matrix tiles of one Matrix.
const DefaultMatrixConcurrency = 4

// Client talks to the SK open API TMAP products. It implements
// geo.Geocoder, geo.ReverseGeocoder, geo.Router and geo.Matrixer. Safe for
// concurrent use.
type Client struct {
	b    provider.Base // its Header holds "appKey", the key's only home
	base string
}

// Option configures a Client.
type Option func(*Client) error

// New returns a Client using the app key of an SK open API app that has
// the TMAP products added.
func New(appKey string, opts ...Option) (*Client, error) {
	appKey, err := provider.Credential("tmap", "app key", appKey)
	if err != nil {
		return nil, err
	}
	c := &Client{b: provider.NewBase("tmap", DefaultMatrixConcurrency), base: DefaultBaseURL}
	c.b.Header.Set("appKey", appKey)
	if err := provider.Apply(c, &c.b, opts); err != nil {
		return nil, err
	}
	return c, nil
}

// WithName sets the name the client answers to in results, errors and the
// failover's status (default "tmap"), so that two apps' keys (each with
// its own daily quota) can sit in one failover chain.
func WithName(name string) Option { return func(c *Client) error { return c.b.SetName(name) } }

// WithBaseURL sets the gateway host (default DefaultBaseURL).
func WithBaseURL(u string) Option {
	return func(c *Client) error { return c.b.SetURL(&c.base, "base URL", u) }
}

// WithHTTPClient sets the HTTP client; it is copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error { return c.b.SetHTTPClient(hc) }
}

// WithLogger sets the logger; default discards. The key is never logged.
func WithLogger(l *slog.Logger) Option { return func(c *Client) error { return c.b.SetLogger(l) } }

// WithLimiter paces every HTTP call the client makes (a large matrix is
// several tiles) through l; a call l refuses fails with geo.ErrRateLimited.
// Default: no limit.
func WithLimiter(l limit.Limiter) Option { return func(c *Client) error { return c.b.SetLimiter(l) } }

// WithMatrixConcurrency bounds the concurrent tiles of one Matrix
// (default DefaultMatrixConcurrency).
func WithMatrixConcurrency(n int) Option {
	return func(c *Client) error { return c.b.SetConcurrency(n) }
}

// Close releases the idle connections of the client's own HTTP client; one
// given with WithHTTPClient is the caller's and is left alone. The Client
// stays usable.
func (c *Client) Close() error { return c.b.Close() }

// Name returns the client's name: "tmap" unless WithName set another.
func (c *Client) Name() string { return c.b.Name() }

// do calls path with version=1 added to q, sends body as JSON when not nil,
// and decodes the answer into out. It reports whether there was an answer:
// false for a 204, TMAP's way of saying "no hits".
func (c *Client) do(ctx context.Context, op geo.Op, path string, q url.Values, body any, out any) (bool, error) {
	if q == nil {
		q = url.Values{}
	}
	q.Set("version", "1")
	method := http.MethodGet
	if body != nil {
		method = http.MethodPost
	}
	resp, err := c.b.Do(ctx, provider.Call{Op: op, Method: method, URL: c.base + path + "?" + q.Encode(), Body: body,
		Classify: func(r *httpx.Response) error { return classify(op, r) }})
	if err != nil {
		return false, err
	}
	if resp.StatusCode == http.StatusNoContent {
		return false, nil
	}
	return true, c.b.Decode(op, resp, out)
}
