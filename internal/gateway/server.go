package gateway

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server defaults.
const (
	DefaultAddr              = "127.0.0.1:8080"
	DefaultGrace             = 20 * time.Second
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 15 * time.Second
	DefaultIdleTimeout       = 2 * time.Minute
)

// ServerConfig says how to listen. Zero values take the defaults; the
// write timeout defaults to the answer timeout plus 5 s, so that an
// answer that used its whole budget can still be sent.
type ServerConfig struct {
	Addr string
	// TLSCert and TLSKey are PEM files; both set means HTTPS.
	TLSCert, TLSKey string
	// AllowExposed permits binding beyond loopback without an admin token
	// or TLS.
	AllowExposed bool
	// Grace bounds the graceful shutdown: in-flight requests get this long
	// to finish after the context ends.
	Grace                                                     time.Duration
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// Listening is called with the bound address once the server accepts
	// connections (with port 0, the port chosen).
	Listening func(net.Addr)
}

// ErrExposed is returned by Serve for an address beyond loopback when
// neither an admin token nor TLS is configured and AllowExposed is false.
var ErrExposed = errors.New("refusing to listen beyond loopback without an admin token or TLS")

// Serve listens and serves until ctx ends, then shuts down gracefully:
// no new connections, in-flight requests finish within Grace, event
// streams end at once.
func (g *Gateway) Serve(ctx context.Context, sc ServerConfig) error {
	if sc.Addr == "" {
		sc.Addr = DefaultAddr
	}
	tls := sc.TLSCert != "" || sc.TLSKey != ""
	if tls && (sc.TLSCert == "" || sc.TLSKey == "") {
		return errors.New("TLS needs both a certificate and a key")
	}
	if !sc.AllowExposed && g.cfg.AdminToken == "" && !tls && !loopback(sc.Addr) {
		return fmt.Errorf("%w: %s; set an admin token, TLS, or allow it explicitly", ErrExposed, sc.Addr)
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&sc.Grace, DefaultGrace)
	def(&sc.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	def(&sc.ReadTimeout, DefaultReadTimeout)
	def(&sc.WriteTimeout, g.cfg.AnswerTimeout+5*time.Second)
	def(&sc.IdleTimeout, DefaultIdleTimeout)

	srv := &http.Server{Handler: g.Handler(), ReadHeaderTimeout: sc.ReadHeaderTimeout, ReadTimeout: sc.ReadTimeout,
		WriteTimeout: sc.WriteTimeout, IdleTimeout: sc.IdleTimeout, MaxHeaderBytes: 64 << 10,
		ErrorLog: nil}
	srv.RegisterOnShutdown(g.Stop)
	ln, err := net.Listen("tcp", sc.Addr)
	if err != nil {
		return err
	}
	if sc.Listening != nil {
		sc.Listening(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() {
		if tls {
			errc <- srv.ServeTLS(ln, sc.TLSCert, sc.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	g.log.Info("shutting down: finishing in-flight requests", "grace", sc.Grace)
	sctx, cancel := context.WithTimeout(context.Background(), sc.Grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("graceful shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loopback reports whether addr's host is a loopback address or name.
// An empty host means every interface.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
