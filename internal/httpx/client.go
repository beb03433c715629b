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

// NewClient returns the default HTTP client for providers: go-retryablehttp
// with logging off, at most RetryMax retry on a transport error or a 502, 503
// or 504 answer, a short jittered backoff that ignores Retry-After (a
// provider asking us to wait is a reason to fail over, not to sleep), and the
// last response or error passed through unchanged. 429 and every other
// status are never retried. Safe for concurrent use.
func NewClient() *http.Client {
	c := retryablehttp.NewClient()
	c.Logger = nil
	c.RetryMax = RetryMax
	c.RetryWaitMin = RetryWaitMin
	c.RetryWaitMax = RetryWaitMax
	c.CheckRetry = checkRetry
	c.Backoff = backoff
	c.ErrorHandler = retryablehttp.PassthroughErrorHandler
	return c.StandardClient()
}

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
