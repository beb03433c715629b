package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/limit"
)

// Call is one HTTP exchange with a provider.
type Call struct {
	// Op names the operation in errors and logs.
	Op     geo.Op
	Method string // GET when empty
	URL    string // absolute; any query already encoded
	// Body, when non-nil, is sent as JSON.
	Body any
	// Limiters are consulted before Base.Limiter, in order (Nominatim's
	// own usage-policy limit, say).
	Limiters []limit.Limiter
	// Classify returns nil for an answer to decode, otherwise the
	// provider's *geo.ProviderError for it. Required.
	Classify func(*httpx.Response) error
}

// Do runs c: the limiters, the request with Base.Header, Accept and (with
// a body) Content-Type, the exchange (httpx.Do) and the classification.
// A failure is logged at debug level without any header.
func (b *Base) Do(ctx context.Context, c Call) (*httpx.Response, error) {
	var rd io.Reader
	if c.Body != nil {
		buf, err := json.Marshal(c.Body)
		if err != nil {
			return nil, &geo.ProviderError{Provider: b.Wire, Op: c.Op, Kind: geo.ErrInvalidRequest, Err: err}
		}
		rd = bytes.NewReader(buf)
	}
	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, c.URL, rd)
	if err != nil {
		return nil, &geo.ProviderError{Provider: b.Wire, Op: c.Op, Kind: geo.ErrInvalidRequest, Err: err}
	}
	for k, v := range b.Header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if c.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, l := range c.Limiters {
		if err := httpx.Acquire(ctx, l, b.Wire, c.Op); err != nil {
			return nil, err
		}
	}
	if err := httpx.Acquire(ctx, b.Limiter, b.Wire, c.Op); err != nil {
		return nil, err
	}
	resp, err := httpx.Do(b.HC, req, b.Wire, c.Op)
	if err != nil {
		return nil, err
	}
	if err := c.Classify(resp); err != nil {
		b.Logger.Debug(b.Wire+" request failed", "op", string(c.Op), "status", resp.StatusCode, "err", err)
		return nil, err
	}
	return resp, nil
}

// DoJSON runs c and decodes the answer into out.
func (b *Base) DoJSON(ctx context.Context, c Call, out any) error {
	resp, err := b.Do(ctx, c)
	if err != nil {
		return err
	}
	return b.Decode(c.Op, resp, out)
}

// Decode unmarshals a classified answer; a body that does not decode is
// the provider's fault (geo.ErrUnavailable), quoted briefly.
func (b *Base) Decode(op geo.Op, resp *httpx.Response, out any) error {
	if err := json.Unmarshal(resp.Body, out); err != nil {
		return &geo.ProviderError{Provider: b.Wire, Op: op, StatusCode: resp.StatusCode, Kind: geo.ErrUnavailable,
			Message: "malformed response: " + httpx.Snippet(resp.Body), Err: err}
	}
	return nil
}

// Found ends a geocode or reverse geocode of provider wire: no places is geo.ErrNotFound
// (an answered 200 without results, msg says how), more than limit (when
// positive) are cut.
func Found(wire string, op geo.Op, places []geo.Place, limit int, msg string) ([]geo.Place, error) {
	if len(places) == 0 {
		return nil, &geo.ProviderError{Provider: wire, Op: op, StatusCode: http.StatusOK, Kind: geo.ErrNotFound, Message: msg}
	}
	if limit > 0 && len(places) > limit {
		places = places[:limit]
	}
	return places, nil
}
