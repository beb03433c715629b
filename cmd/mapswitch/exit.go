package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// Exit codes, stable for scripts.
const (
	exitOK       = 0
	exitNotFound = 1
	exitBadInput = 2
	exitFailed   = 3
)

// exitError carries the exit code an error should end the program with and
// the one line to print for it.
type exitError struct {
	code int
	msg  string
	err  error // the cause, when there is one
}

func (e *exitError) Error() string { return e.msg }

func (e *exitError) Unwrap() error { return e.err }

// badInput is an error in what the user typed: exit 2.
func badInput(format string, args ...any) error {
	return &exitError{code: exitBadInput, msg: fmt.Sprintf(format, args...)}
}

// silentExit ends with code after the command has already said everything.
func silentExit(code int) error { return &exitError{code: code} }

// codeOf maps an answer's error to the exit code it deserves.
func codeOf(err error) int {
	var ee *exitError
	var fe *fallback.Error
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, geo.ErrInvalidRequest), unsupported(err):
		return exitBadInput
	case errors.As(err, &fe) && fe.NotFound():
		return exitNotFound
	case errors.As(err, &fe):
		return exitFailed
	case errors.Is(err, geo.ErrNotFound):
		return exitNotFound
	}
	return exitFailed
}

// worst combines the exit codes of several answers: bad input, then
// failure, then not found.
func worst(a, b int) int {
	rank := map[int]int{exitOK: 0, exitNotFound: 1, exitFailed: 2, exitBadInput: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// describe is the one line printed for an answer's error.
func describe(err error) string {
	var fe *fallback.Error
	var re *geo.RequestError
	switch {
	case errors.As(err, &re):
		return re.Error()
	case unsupported(err):
		return "no provider in the chain can do this; add kakao, naver or osm credentials (see mapswitch help config) or check --providers"
	case errors.As(err, &fe) && fe.NotFound():
		return "not found by any provider"
	case errors.As(err, &fe):
		return "every provider failed: " + strings.TrimPrefix(err.Error(), "fallback "+string(fe.Op)+": all providers failed: ")
	}
	return err.Error()
}

// errJSON is the {"kind","provider","message"} form of an error, as geo
// encodes a matrix cell's.
type errJSON struct {
	Kind     string `json:"kind"`
	Provider string `json:"provider,omitempty"`
	Message  string `json:"message"`
}

func toErrJSON(err error) *errJSON {
	if err == nil {
		return nil
	}
	j := &errJSON{Kind: geo.KindName(err), Message: describe(err)}
	var fe *fallback.Error
	var pe *geo.ProviderError
	switch {
	case unsupported(err):
		j.Kind = "unsupported"
	case errors.As(err, &fe) && fe.NotFound():
		j.Kind = "not_found"
	case errors.As(err, &fe):
		j.Kind = "unavailable" // every provider failed, whatever each one's reason
	case errors.As(err, &pe):
		j.Provider = pe.Provider
	}
	return j
}

// unsupported reports an answer no provider in the chain was able to try:
// a configuration problem, not an outage.
func unsupported(err error) bool {
	var fe *fallback.Error
	if !errors.As(err, &fe) {
		return false
	}
	for _, a := range fe.Attempts {
		if a.Skipped || geo.KindOf(a.Err) != geo.ErrUnsupported {
			return false
		}
	}
	return len(fe.Attempts) > 0
}
