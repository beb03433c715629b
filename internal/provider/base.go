package provider

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/limit"
)

// Base is the state every provider client shares. Wire is the provider's
// fixed name, used in errors raised below the public methods (which rename
// them with internal/named); the other fields are set through the setters
// by options and read by the provider's code.
type Base struct {
	// Wire is the provider's default name: "kakao", "naver", "osm", "tmap".
	Wire string
	// HC is the HTTP client; Init makes the default one when no option
	// gave one.
	HC *http.Client
	// Logger is never nil after NewBase.
	Logger *slog.Logger
	// Limiter paces every HTTP call; nil means no limit.
	Limiter limit.Limiter
	// Concurrency bounds the concurrent calls of one matrix.
	Concurrency int
	// Header is sent with every request: the credentials live here and
	// nowhere else, so that they never reach a URL, an error or a log.
	Header http.Header

	name  string
	ownHC bool // HC was made by Init, so Close may release its connections
}

// NewBase returns a Base named wire with the given default matrix
// concurrency and a logger that discards.
func NewBase(wire string, concurrency int) Base {
	return Base{Wire: wire, name: wire, Concurrency: concurrency, Header: http.Header{},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// Init completes b after the options ran: without a caller's HTTP client
// it makes the default one (internal/httpx), which Close then owns.
func (b *Base) Init() {
	if b.HC == nil {
		b.HC, b.ownHC = httpx.NewClient(), true
	}
}

// Name returns the name set with SetName, the wire name by default.
func (b *Base) Name() string { return b.name }

// Close releases the idle connections of an HTTP client made by Init; a
// caller's client is left alone. The client stays usable.
func (b *Base) Close() error {
	if b.ownHC {
		b.HC.CloseIdleConnections()
	}
	return nil
}

// SetName backs WithName: the name results, errors and the failover's
// status carry, so that two accounts of one provider can share a chain.
func (b *Base) SetName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New(b.Wire + ": empty name")
	}
	b.name = name
	return nil
}

// SetHTTPClient backs WithHTTPClient. The client is copied, so that the
// caller's value is never modified.
func (b *Base) SetHTTPClient(hc *http.Client) error {
	if hc == nil {
		return errors.New(b.Wire + ": nil HTTP client")
	}
	cp := *hc
	b.HC, b.ownHC = &cp, false
	return nil
}

// SetLogger backs WithLogger.
func (b *Base) SetLogger(l *slog.Logger) error {
	if l == nil {
		return errors.New(b.Wire + ": nil logger")
	}
	b.Logger = l
	return nil
}

// SetLimiter backs WithLimiter.
func (b *Base) SetLimiter(l limit.Limiter) error {
	if l == nil {
		return errors.New(b.Wire + ": nil limiter")
	}
	b.Limiter = l
	return nil
}

// SetConcurrency backs WithMatrixConcurrency.
func (b *Base) SetConcurrency(n int) error {
	if n < 1 {
		return fmt.Errorf("%s: matrix concurrency %d must be at least 1", b.Wire, n)
	}
	b.Concurrency = n
	return nil
}

// SetURL backs the base-URL options: raw must be an absolute http(s) URL;
// *dst gets it without a trailing slash. what names it in the error
// ("base URL", "OSRM URL").
func (b *Base) SetURL(dst *string, what, raw string) error {
	u, err := httpx.BaseURL(b.Wire, what, raw)
	if err != nil {
		return err
	}
	*dst = u
	return nil
}

// Apply runs a client's options over c and completes b (Init), for New.
func Apply[C any, O ~func(C) error](c C, b *Base, opts []O) error {
	for _, o := range opts {
		if err := o(c); err != nil {
			return err
		}
	}
	b.Init()
	return nil
}

// Credential trims a key and refuses an empty one ("tmap: empty app key").
func Credential(wire, what, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", fmt.Errorf("%s: empty %s", wire, what)
	}
	return v, nil
}
