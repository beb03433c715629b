package kakao

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
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
	name        string
	auth        string // "KakaoAK {key}": the key lives only here
	hc          *http.Client
	ownHC       bool // hc was made here, so Close may release its connections
	limiter     limit.Limiter
	local       string
	mobility    string
	concurrency int
	logger      *slog.Logger
}

// Option configures a Client.
type Option func(*Client) error

// New returns a Client using the app's REST API key.
func New(restAPIKey string, opts ...Option) (*Client, error) {
	restAPIKey = strings.TrimSpace(restAPIKey)
	if restAPIKey == "" {
		return nil, errors.New("kakao: empty REST API key")
	}
	c := &Client{name: "kakao", auth: "KakaoAK " + restAPIKey, local: DefaultBaseURL, mobility: DefaultMobilityBaseURL,
		concurrency: DefaultMatrixConcurrency, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
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
// failover's status (default "kakao"), so that two apps' keys (to spread a
// daily quota) can sit in one failover chain.
func WithName(name string) Option {
	return func(c *Client) error {
		if strings.TrimSpace(name) == "" {
			return errors.New("kakao: empty name")
		}
		c.name = name
		return nil
	}
}

// WithLimiter paces every HTTP call the client makes (Local and Mobility;
// a matrix is many calls) through l; a call l refuses fails with
// geo.ErrRateLimited. Default: no limit.
func WithLimiter(l limit.Limiter) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("kakao: nil limiter")
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

// Name returns the client's name: "kakao" unless WithName set another.
func (c *Client) Name() string { return c.name }

// WithBaseURL sets the Kakao Local host (default DefaultBaseURL).
func WithBaseURL(u string) Option {
	return func(c *Client) (err error) { c.local, err = httpx.BaseURL("kakao", "base URL", u); return }
}

// WithMobilityBaseURL sets the Kakao Mobility host (default DefaultMobilityBaseURL).
func WithMobilityBaseURL(u string) Option {
	return func(c *Client) (err error) { c.mobility, err = httpx.BaseURL("kakao", "mobility base URL", u); return }
}

// WithHTTPClient sets the HTTP client; it is copied, never modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("kakao: nil HTTP client")
		}
		cp := *hc
		c.hc = &cp
		return nil
	}
}

// WithLogger sets the logger; default discards. The key is never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("kakao: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithMatrixConcurrency bounds concurrent calls of one Matrix (default 4).
func WithMatrixConcurrency(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("kakao: matrix concurrency %d must be at least 1", n)
		}
		c.concurrency = n
		return nil
	}
}

// do sends one request and decodes a successful JSON answer into out.
// mobility selects the error dialect of Kakao Mobility.
func (c *Client) do(ctx context.Context, op geo.Op, method, u string, body any, out any, mobility bool) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return &geo.ProviderError{Provider: "kakao", Op: op, Kind: geo.ErrInvalidRequest, Err: err}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return &geo.ProviderError{Provider: "kakao", Op: op, Kind: geo.ErrInvalidRequest, Err: err}
	}
	req.Header.Set("Authorization", c.auth)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if err := httpx.Acquire(ctx, c.limiter, "kakao", op); err != nil {
		return err
	}
	resp, err := httpx.Do(c.hc, req, "kakao", op)
	if err != nil {
		return err
	}
	if err := classify(op, resp, mobility); err != nil {
		c.logger.Debug("kakao request failed", "op", string(op), "status", resp.StatusCode, "err", err)
		return err
	}
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return &geo.ProviderError{Provider: "kakao", Op: op, StatusCode: resp.StatusCode, Kind: geo.ErrUnavailable,
			Message: "malformed response: " + httpx.Snippet(resp.Body), Err: err}
	}
	return nil
}
