package kakao

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/internal/provider"
	"github.com/mapswitch/mapswitch/limit"
)

// Default hosts.
const (
	DefaultBaseURL         = "https://dapi.kakao.com"
	DefaultMobilityBaseURL = "https://apis-navi.kakaomobility.com"
)

// DefaultMatrixConcurrency bounds concurrent Kakao Mobility calls of one Matrix.
const DefaultMatrixConcurrency = 4

// Client talks to Kakao Local and Kakao Mobility. It implements
// geo.Geocoder, geo.ReverseGeocoder, geo.Router and geo.Matrixer. Safe for
// concurrent use.
type Client struct {
	b        provider.Base // its Header holds "Authorization: KakaoAK {key}", the key's only home
	local    string
	mobility string
}

// Option configures a Client.
type Option func(*Client) error

// New returns a Client using the app's REST API key.
func New(restAPIKey string, opts ...Option) (*Client, error) {
	restAPIKey, err := provider.Credential("kakao", "REST API key", restAPIKey)
	if err != nil {
		return nil, err
	}
	c := &Client{b: provider.NewBase("kakao", DefaultMatrixConcurrency), local: DefaultBaseURL, mobility: DefaultMobilityBaseURL}
	c.b.Header.Set("Authorization", "KakaoAK "+restAPIKey)
	if err := provider.Apply(c, &c.b, opts); err != nil {
		return nil, err
	}
	return c, nil
}

// WithName sets the name the client answers to in results, errors and the
// failover's status (default "kakao"), so that two apps' keys (to spread a
// daily quota) can sit in one failover chain.
func WithName(name string) Option { return func(c *Client) error { return c.b.SetName(name) } }

// WithLimiter paces every HTTP call the client makes (Local and Mobility;
// a matrix is many calls) through l; a call l refuses fails with
// geo.ErrRateLimited. Default: no limit.
func WithLimiter(l limit.Limiter) Option { return func(c *Client) error { return c.b.SetLimiter(l) } }

// Close releases the idle connections of the client's own HTTP client; one
// given with WithHTTPClient is the caller's and is left alone. The Client
// stays usable.
func (c *Client) Close() error { return c.b.Close() }

// Name returns the client's name: "kakao" unless WithName set another.
func (c *Client) Name() string { return c.b.Name() }

// WithBaseURL sets the Kakao Local host (default DefaultBaseURL).
func WithBaseURL(u string) Option {
	return func(c *Client) error { return c.b.SetURL(&c.local, "base URL", u) }
}

// WithMobilityBaseURL sets the Kakao Mobility host (default DefaultMobilityBaseURL).
func WithMobilityBaseURL(u string) Option {
	return func(c *Client) error { return c.b.SetURL(&c.mobility, "mobility base URL", u) }
}

// WithHTTPClient sets the HTTP client; it is copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error { return c.b.SetHTTPClient(hc) }
}

// WithLogger sets the logger; default discards. The key is never logged.
func WithLogger(l *slog.Logger) Option { return func(c *Client) error { return c.b.SetLogger(l) } }

// WithMatrixConcurrency bounds concurrent calls of one Matrix (default 4).
func WithMatrixConcurrency(n int) Option {
	return func(c *Client) error { return c.b.SetConcurrency(n) }
}

// do sends one request and decodes a successful JSON answer into out.
// mobility selects the error dialect of Kakao Mobility.
func (c *Client) do(ctx context.Context, op geo.Op, method, u string, body any, out any, mobility bool) error {
	return c.b.DoJSON(ctx, provider.Call{Op: op, Method: method, URL: u, Body: body,
		Classify: func(r *httpx.Response) error { return classify(op, r, mobility) }}, out)
}
