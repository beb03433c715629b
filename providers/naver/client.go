package naver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/internal/provider"
	"github.com/mapswitch/mapswitch/limit"
)

// Hosts. Which one a key works on depends on the console product it was
// issued under: the Maps product (DefaultBaseURL) or the older AI·NAVER API
// (LegacyBaseURL). Paths are the same on both.
const (
	DefaultBaseURL = "https://maps.apigw.ntruss.com"
	LegacyBaseURL  = "https://naveropenapi.apigw.ntruss.com"
)

// DefaultMatrixConcurrency bounds concurrent Directions calls of one Matrix.
const DefaultMatrixConcurrency = 8

// DefaultMaxMatrixCells is the largest matrix a Client computes: 100 cells
// (10 × 10) are 100 paid Directions calls and take about a second at the
// default concurrency. Larger matrices belong to a provider with a matrix
// API (Kakao's 1→N, OSRM's table).
const DefaultMaxMatrixCells = 100

// Client talks to NAVER Cloud Platform Maps. It implements geo.Geocoder,
// geo.ReverseGeocoder, geo.Router and geo.Matrixer. Safe for concurrent use.
type Client struct {
	b         provider.Base // its Header holds the client ID and secret, their only home
	base      string
	maxMatrix int
	// answered records, per API, whether it has ever answered this client
	// successfully: NAVER reports an API not enabled for the key with the
	// same 429 "Quota Exceeded" as a spent quota, and only history tells
	// the two apart.
	answered [apiCount]atomic.Bool
}

type api int

const (
	apiGeocode api = iota
	apiReverse
	apiDirections
	apiCount
)

// Option configures a Client.
type Option func(*Client) error

// New returns a Client for the application's Client ID and Client Secret.
func New(clientID, clientSecret string, opts ...Option) (*Client, error) {
	clientID, clientSecret = strings.TrimSpace(clientID), strings.TrimSpace(clientSecret)
	if clientID == "" || clientSecret == "" {
		return nil, errors.New("naver: empty client ID or client secret")
	}
	c := &Client{b: provider.NewBase("naver", DefaultMatrixConcurrency), base: DefaultBaseURL, maxMatrix: DefaultMaxMatrixCells}
	c.b.Header.Set("x-ncp-apigw-api-key-id", clientID)
	c.b.Header.Set("x-ncp-apigw-api-key", clientSecret)
	if err := provider.Apply(c, &c.b, opts); err != nil {
		return nil, err
	}
	return c, nil
}

// WithName sets the name the client answers to in results, errors and the
// failover's status (default "naver"), so that two applications' keys can
// sit in one failover chain.
func WithName(name string) Option { return func(c *Client) error { return c.b.SetName(name) } }

// WithMaxMatrixCells sets the largest matrix Matrix computes, in cells
// (default DefaultMaxMatrixCells); larger ones get geo.ErrUnsupported.
func WithMaxMatrixCells(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("naver: max matrix cells %d must be at least 1", n)
		}
		c.maxMatrix = n
		return nil
	}
}

// WithLimiter paces every HTTP call the client makes (a matrix is one
// Directions call per cell) through l; a call l refuses fails with
// geo.ErrRateLimited. Default: no limit.
func WithLimiter(l limit.Limiter) Option { return func(c *Client) error { return c.b.SetLimiter(l) } }

// Close releases the idle connections of the client's own HTTP client; one
// given with WithHTTPClient is the caller's and is left alone. The Client
// stays usable.
func (c *Client) Close() error { return c.b.Close() }

// Name returns the client's name: "naver" unless WithName set another.
func (c *Client) Name() string { return c.b.Name() }

// WithBaseURL sets the API host (default DefaultBaseURL; LegacyBaseURL for
// keys of the older console product).
func WithBaseURL(raw string) Option {
	return func(c *Client) error { return c.b.SetURL(&c.base, "base URL", raw) }
}

// WithHTTPClient sets the HTTP client; it is copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error { return c.b.SetHTTPClient(hc) }
}

// WithLogger sets the logger; default discards. Credentials are never logged.
func WithLogger(l *slog.Logger) Option { return func(c *Client) error { return c.b.SetLogger(l) } }

// WithMatrixConcurrency bounds the concurrent route calls a Matrix makes
// (default DefaultMatrixConcurrency).
func WithMatrixConcurrency(n int) Option {
	return func(c *Client) error { return c.b.SetConcurrency(n) }
}

// get sends a GET to path with query q and decodes a 200 JSON answer.
func (c *Client) get(ctx context.Context, op geo.Op, which api, path string, q url.Values, out any) error {
	err := c.b.DoJSON(ctx, provider.Call{Op: op, URL: c.base + path + "?" + q.Encode(),
		Classify: func(r *httpx.Response) error { return classify(op, r, c.answered[which].Load()) }}, out)
	if err == nil {
		c.answered[which].Store(true)
	}
	return err
}
