package geo

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Error kinds. Every error returned by this module's providers matches exactly
// one of them with errors.Is. The kind decides what the failover client does:
// see docs/design.md and the fallback package.
var (
	// ErrInvalidRequest: the caller's request is wrong (bad coordinates,
	// empty query, a provider's 400 InvalidArgument). Never retried
	// elsewhere, never counted against a provider.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrNotFound: the provider answered and found nothing (no address, no
	// route). A success for breaker purposes.
	ErrNotFound = errors.New("not found")
	// ErrUnsupported: the provider lacks the capability or option asked for.
	ErrUnsupported = errors.New("unsupported")
	// ErrUnauthorized: the key is wrong, revoked or the API is not enabled
	// for it. A provider fault that will not heal by itself.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrRateLimited: the provider throttles us for now (HTTP 429).
	ErrRateLimited = errors.New("rate limited")
	// ErrQuotaExceeded: a daily or monthly quota is spent; see
	// ProviderError.ResetAt.
	ErrQuotaExceeded = errors.New("quota exceeded")
	// ErrUnavailable: transport error, timeout, 5xx, or a body that is not
	// what the provider documents.
	ErrUnavailable = errors.New("provider unavailable")
)

// kinds lists every error kind in the order KindOf tries them.
var kinds = [...]error{
	ErrInvalidRequest, ErrNotFound, ErrUnsupported, ErrUnauthorized,
	ErrRateLimited, ErrQuotaExceeded, ErrUnavailable,
}

// KindOf returns the kind err matches, or nil when it matches none (for
// example context.Canceled). The first matching kind in the order
// declared above wins.
func KindOf(err error) error {
	if err == nil {
		return nil
	}
	for _, k := range kinds {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}

// ProviderError is the error every provider returns. It matches its Kind with
// errors.Is and unwraps to Err, the underlying cause (a transport error, a
// JSON error), when there is one. It never contains an API key.
type ProviderError struct {
	Provider   string        // "kakao", "naver", "osm", ...
	Op         Op            // the operation that failed
	StatusCode int           // HTTP status, 0 when no response arrived
	Code       string        // the provider's own error or result code, e.g. "-10"
	Message    string        // the provider's message, trimmed
	Kind       error         // one of the Err* kinds
	RetryAfter time.Duration // from a Retry-After header, 0 when absent
	ResetAt    time.Time     // when a spent quota renews, zero when unknown
	// Final marks an answer that no other provider could improve on, such as
	// "origin and destination are the same point": the failover stops.
	Final bool
	Err   error
}

// Error formats as "kakao route: quota exceeded (HTTP 400, code -10): message".
func (e *ProviderError) Error() string {
	var b strings.Builder
	b.WriteString(e.Provider)
	if e.Op != "" {
		b.WriteByte(' ')
		b.WriteString(string(e.Op))
	}
	b.WriteString(": ")
	if e.Kind != nil {
		b.WriteString(e.Kind.Error())
	} else {
		b.WriteString("error")
	}
	if e.StatusCode != 0 || e.Code != "" {
		b.WriteString(" (")
		if e.StatusCode != 0 {
			b.WriteString("HTTP ")
			b.WriteString(strconv.Itoa(e.StatusCode))
			if e.Code != "" {
				b.WriteString(", ")
			}
		}
		if e.Code != "" {
			b.WriteString("code ")
			b.WriteString(e.Code)
		}
		b.WriteByte(')')
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Is reports whether target is e's Kind.
func (e *ProviderError) Is(target error) bool { return target != nil && target == e.Kind }

// Unwrap returns the underlying cause.
func (e *ProviderError) Unwrap() error { return e.Err }

// RequestError is returned, before any I/O, for a request that no provider
// could answer: it names the offending field and the problem. It matches
// ErrInvalidRequest.
type RequestError struct {
	Field  string // e.g. "Origin", "Waypoints[3]", "Query"
	Reason string // e.g. "latitude 127.1 is outside [-90, 90]"
}

// Error formats as "invalid request: Origin: latitude 127.1 is outside [-90, 90]".
func (e *RequestError) Error() string {
	return "invalid request: " + e.Field + ": " + e.Reason
}

// Is reports whether target is ErrInvalidRequest.
func (e *RequestError) Is(target error) bool { return target == ErrInvalidRequest }

// kst is Korea Standard Time. Korea has no daylight saving, so a fixed zone is
// exact and needs no tzdata on the host.
var kst = time.FixedZone("KST", 9*60*60)

// NextMidnightKST returns the first 00:00 Asia/Seoul strictly after t: when
// Kakao's and Naver's daily quotas renew.
func NextMidnightKST(t time.Time) time.Time {
	k := t.In(kst)
	return time.Date(k.Year(), k.Month(), k.Day()+1, 0, 0, 0, 0, kst)
}
