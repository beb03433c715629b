package fallback

import (
	"strings"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

// Error is returned when no provider could answer. It lists every provider
// tried or skipped, in order; errors.Is matches the kind of any attempt, so
// errors.Is(err, geo.ErrNotFound) holds when a provider found nothing.
type Error struct {
	Op       geo.Op
	Attempts []AttemptError
}

// AttemptError is one provider's part in a failed request.
type AttemptError struct {
	Provider string
	// Skipped is true when the provider was not called because its breaker
	// was open (or it was forced open).
	Skipped bool
	Elapsed time.Duration
	Err     error
}

// Error lists each provider's failure: "fallback geocode: all providers
// failed: kakao: …; naver: …".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("fallback ")
	b.WriteString(string(e.Op))
	b.WriteString(": all providers failed")
	for i, a := range e.Attempts {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		if a.Err == nil { // not made by this package, but do not panic on it
			b.WriteString(a.Provider)
			b.WriteString(": skipped")
			continue
		}
		b.WriteString(a.Err.Error()) // a skip says why and until when
	}
	return b.String()
}

// Unwrap returns every attempt's error, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	out := make([]error, 0, len(e.Attempts))
	for _, a := range e.Attempts {
		out = append(out, a.Err)
	}
	return out
}

// NotFound reports whether every provider that was called found nothing:
// then the answer is "not found", not an outage.
func (e *Error) NotFound() bool {
	called := false
	for _, a := range e.Attempts {
		if a.Skipped {
			continue
		}
		called = true
		if geo.KindOf(a.Err) != geo.ErrNotFound {
			return false
		}
	}
	return called
}
