package naver

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
	"sync/atomic"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
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
	name        string
	id, secret  string
	hc          *http.Client
	ownHC       bool // hc was made here, so Close may release its connections
	limiter     limit.Limiter
	base        string
	concurrency int
	maxMatrix   int
	logger      *slog.Logger
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
	c := &Client{name: "naver", id: clientID, secret: clientSecret, base: DefaultBaseURL, concurrency: DefaultMatrixConcurrency,
		maxMatrix: DefaultMaxMatrixCells, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.hc == nil {
		c.hc, c.ownHC = httpx.NewClient(), true
	}
	return c, nil
}

// WithName sets the name the client answers to in results, errors and the
// failover's status (default "naver"), so that two applications' keys can
// sit in one failover chain.
func WithName(name string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(name) == "" {
			return errors.New("naver: empty name")
		}
		c.name = name
		return nil
	}
}

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
func WithLimiter(l limit.Limiter) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("naver: nil limiter")
		}
		c.limiter = l
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

// Name returns the client's name: "naver" unless WithName set another.
func (c *Client) Name() string { return c.name }

// WithBaseURL sets the API host (default DefaultBaseURL; LegacyBaseURL for
// keys of the older console product).
func WithBaseURL(raw string) Option {
	return func(c *Client) (err error) {
		c.base, err = httpx.BaseURL("naver", "base URL", raw)
		return err
	}
}

// WithHTTPClient sets the HTTP client; it is copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("naver: nil HTTP client")
		}
		cp := *hc
		c.hc = &cp
		return nil
	}
}

// WithLogger sets the logger; default discards. Credentials are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("naver: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithMatrixConcurrency bounds the concurrent route calls a Matrix makes
// (default DefaultMatrixConcurrency).
func WithMatrixConcurrency(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("naver: matrix concurrency %d must be at least 1", n)
		}
		c.concurrency = n
		return nil
	}
}

// get sends a GET to path with query q and decodes a 200 JSON answer.
func (c *Client) get(ctx context.Context, op geo.Op, which api, path string, q url.Values, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return &geo.ProviderError{Provider: "naver", Op: op, Kind: geo.ErrInvalidRequest, Err: err}
	}
	req.Header.Set("x-ncp-apigw-api-key-id", c.id)
	req.Header.Set("x-ncp-apigw-api-key", c.secret)
	req.Header.Set("Accept", "application/json")
	if err := httpx.Acquire(ctx, c.limiter, "naver", op); err != nil {
		return err
	}
	resp, err := httpx.Do(c.hc, req, "naver", op)
	if err != nil {
		return err
	}
	if err := classify(op, resp, c.answered[which].Load()); err != nil {
		c.logger.Debug("naver request failed", "op", string(op), "status", resp.StatusCode, "err", err)
		return err
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return &geo.ProviderError{Provider: "naver", Op: op, StatusCode: resp.StatusCode, Kind: geo.ErrUnavailable,
			Message: "malformed response: " + httpx.Snippet(resp.Body), Err: err}
	}
	c.answered[which].Store(true)
	return nil
}
