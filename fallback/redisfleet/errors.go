package redisfleet

import "errors"

// OptionError reports an invalid option given to New.
type OptionError struct {
	Option string // "WithNamespace", …
	Reason string
}

func (e *OptionError) Error() string { return "redisfleet: " + e.Option + ": " + e.Reason }

// ErrNilClient is returned by New without a Redis client.
var ErrNilClient = errors.New("redisfleet: nil Redis client")

// ErrMalformed is wrapped by the errors of messages the fleet ignores: not
// JSON, of another version, or with a field out of range.
var ErrMalformed = errors.New("redisfleet: malformed message")

// errUnreachable means Redis did not answer within the bound, or is known
// to be down: the caller goes on with local state.
var errUnreachable = errors.New("redisfleet: Redis unreachable")
