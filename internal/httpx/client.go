package httpx

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

// Retry tuning. One retry only: the failover client above has other
// providers to try, and a second or third retry on a sick provider only
// delays the switch.
const (
	RetryMax     = 1
	RetryWaitMin = 25 * time.Millisecond
	RetryWaitMax = 100 * time.Millisecond
)

// MaxIdleConnsPerHost keeps enough warm connections for a matrix's
// concurrent calls and a busy instance's requests to one provider host;
// net/http's default of 2 would open and close connections under load.
const MaxIdleConnsPerHost = 64

// NewClient returns the default HTTP client for providers: go-retryablehttp
// with logging off (it never writes to stderr), at most RetryMax retry on a
// transport error or a 502, 503 or 504 answer, a short jittered backoff that
// ignores Retry-After (a provider asking us to wait is a reason to fail
// over, not to sleep), and the last response or error passed through
// unchanged. 429 and every other status are never retried.
//
// go-retryablehttp closes every idle connection of its client whenever a
// request ends in an error, a cancelled hedge loser included; under
// hedging that would flush the pool many times a second. Its transport is
// therefore wrapped so that those calls do nothing, and the returned
// client's CloseIdleConnections (what the providers' Close calls) reaches
// the real pool. Safe for concurrent use.
func NewClient() *http.Client {
	pool := http.DefaultTransport.(*http.Transport).Clone()
	pool.MaxIdleConnsPerHost = MaxIdleConnsPerHost
	c := retryablehttp.NewClient()
	c.HTTPClient = &http.Client{Transport: keepPool{pool}}
	c.Logger = nil
	c.RetryMax = RetryMax
	c.RetryWaitMin = RetryWaitMin
	c.RetryWaitMax = RetryWaitMax
	c.CheckRetry = checkRetry
	c.Backoff = backoff
	c.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return &http.Client{Transport: closer{rt: &retryablehttp.RoundTripper{Client: c}, pool: pool}}
}

// keepPool hides the pool's CloseIdleConnections from go-retryablehttp.
type keepPool struct{ rt http.RoundTripper }

func (k keepPool) RoundTrip(r *http.Request) (*http.Response, error) { return k.rt.RoundTrip(r) }

// closer is the outer transport: requests go through the retrying client,
// CloseIdleConnections to the pool.
type closer struct {
	rt   http.RoundTripper
	pool *http.Transport
}

// RoundTrip passes the request to the retrying client. That client can
// return a response together with an error (its last check failed after a
// response arrived, say when a hedge loser is cancelled); net/http would
// then log "RoundTripper returned a response & error" to the standard
// logger, which is stderr. The response is closed and dropped here instead.
func (c closer) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.rt.RoundTrip(r)
	if err != nil && resp != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, err
}

// CloseIdleConnections closes the pool's idle connections.
func (c closer) CloseIdleConnections() { c.pool.CloseIdleConnections() }

func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		// A transport error: retry unless it is a timeout, which already
		// spent the attempt's budget.
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return false, nil
		}
		return true, nil
	}
	switch resp.StatusCode {
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, nil
	}
	return false, nil
}

func backoff(minWait, maxWait time.Duration, attempt int, _ *http.Response) time.Duration {
	d := minWait << attempt
	if d > maxWait || d <= 0 {
		d = maxWait
	}
	// Full jitter keeps a fleet's retries from arriving together.
	return minWait/2 + rand.N(d-minWait/2+1)
}
