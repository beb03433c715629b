package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// MaxBody bounds how much of a response body is read: a route with full
// geometry is well under 1 MiB; anything far larger is a misbehaving server.
const MaxBody = 8 << 20

// Response is a fully read HTTP response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Do sends req and reads the whole body (up to MaxBody) on every status, so
// that error bodies can be classified. A failure before a full response
// arrives becomes a *geo.ProviderError of kind ErrUnavailable, except when
// req's context is done: then the context's error is returned, so that the
// caller can tell its own cancellation from a provider fault.
func Do(c *http.Client, req *http.Request, provider string, op geo.Op) (*Response, error) {
	ctx := req.Context()
	resp, err := c.Do(req)
	if err != nil {
		return nil, transportError(ctx, provider, op, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, transportError(ctx, provider, op, fmt.Errorf("reading body: %w", err))
	}
	if len(body) > MaxBody {
		return nil, &geo.ProviderError{Provider: provider, Op: op, StatusCode: resp.StatusCode,
			Kind: geo.ErrUnavailable, Message: fmt.Sprintf("response body over %d bytes", MaxBody)}
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

func transportError(ctx context.Context, provider string, op geo.Op, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	// url.Error repeats the full URL, which may carry query parameters or a
	// key; keep only the cause.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &geo.ProviderError{Provider: provider, Op: op, Kind: geo.ErrUnavailable, Err: err}
}

// KindForStatus is the default mapping from an HTTP status to an error kind,
// for statuses whose body says nothing more specific. 2xx maps to nil.
func KindForStatus(status int) error {
	switch {
	case status >= 200 && status < 300:
		return nil
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return geo.ErrUnauthorized
	case status == http.StatusTooManyRequests:
		return geo.ErrRateLimited
	case status == http.StatusNotFound:
		return geo.ErrNotFound
	case status >= 400 && status < 500:
		return geo.ErrInvalidRequest
	}
	// 5xx, and 1xx/3xx that a JSON API should never send.
	return geo.ErrUnavailable
}

// RetryAfter parses a Retry-After header (seconds or an HTTP date) relative
// to now; 0 when absent or unparsable.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// Snippet returns the start of a body for an error message, so that an HTML
// error page does not flood logs.
func Snippet(body []byte) string {
	const max = 200
	s := strings.TrimSpace(string(body))
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strings.ToValidUTF8(s, "")
}
