package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/geo"
)

func server(t *testing.T, h func(n int32, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h(hits.Add(1), w, r) }))
	t.Cleanup(s.Close)
	return s, &hits
}

func get(t *testing.T, ctx context.Context, url string) (*Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Do(NewClient(), req, "test", geo.OpRoute)
}

func TestRetriesOnceOn503(t *testing.T) {
	s, hits := server(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
		w.Write([]byte(`{"error":"busy"}`))
	})
	resp, err := get(t, context.Background(), s.URL)
	if err != nil || resp.StatusCode != 503 || string(resp.Body) != `{"error":"busy"}` {
		t.Fatalf("%+v %v", resp, err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d attempts, want 2 (one retry)", n)
	}
}

func TestSecondAttemptSucceeds(t *testing.T) {
	s, hits := server(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.WriteHeader(502)
			return
		}
		w.Write([]byte("ok"))
	})
	resp, err := get(t, context.Background(), s.URL)
	if err != nil || resp.StatusCode != 200 || hits.Load() != 2 {
		t.Fatalf("%+v %v after %d", resp, err, hits.Load())
	}
}

func TestNeverRetries429Or4xxOr500(t *testing.T) {
	for _, status := range []int{429, 400, 401, 500} {
		s, hits := server(t, func(n int32, w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) })
		resp, err := get(t, context.Background(), s.URL)
		if err != nil || resp.StatusCode != status || hits.Load() != 1 {
			t.Errorf("%d: %v, %d attempts", status, err, hits.Load())
		}
	}
}

func TestTransportErrorIsUnavailableWithoutURL(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connection refused
	_, err := get(t, context.Background(), "http://"+addr+"/v1?key=SECRET-IN-QUERY")
	if !errors.Is(err, geo.ErrUnavailable) || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("err = %v", err)
	}
}

func TestResetConnectionRetriedOnce(t *testing.T) {
	var hits atomic.Int32
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			hits.Add(1)
			c.(*net.TCPConn).SetLinger(0)
			c.Close() // reset
		}
	}()
	_, err := get(t, context.Background(), "http://"+ln.Addr().String())
	if !errors.Is(err, geo.ErrUnavailable) || hits.Load() != 2 {
		t.Errorf("err %v after %d connections", err, hits.Load())
	}
}

func TestCanceledContextIsReturnedAsIs(t *testing.T) {
	s, _ := server(t, func(n int32, w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := get(t, ctx, s.URL)
	if !errors.Is(err, context.DeadlineExceeded) || geo.KindOf(err) != nil {
		t.Errorf("err = %v", err)
	}
}

func TestBodyLimit(t *testing.T) {
	s, _ := server(t, func(n int32, w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, MaxBody+10))
	})
	if _, err := get(t, context.Background(), s.URL); !errors.Is(err, geo.ErrUnavailable) {
		t.Errorf("err = %v", err)
	}
}

func TestNumber(t *testing.T) {
	var v struct{ A, B, C, D, E Number }
	if err := json.Unmarshal([]byte(`{"A":127.5,"B":"37.25","C":" 1e3 ","D":"","E":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != 127.5 || v.B != 37.25 || v.C != 1000 || v.D != 0 || v.E != 0 {
		t.Errorf("%+v", v)
	}
	for _, bad := range []string{`{"A":"abc"}`, `{"A":true}`, `{"A":"1,5"}`} {
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2022, 10, 15, 6, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{"": 0, "3": 3 * time.Second, "-1": 0, "soon": 0,
		now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second} {
		h := http.Header{}
		if v != "" {
			h.Set("Retry-After", v)
		}
		if got := RetryAfter(h, now); got != want {
			t.Errorf("Retry-After %q = %v, want %v", v, got, want)
		}
	}
}

func TestKindForStatus(t *testing.T) {
	for status, want := range map[int]error{200: nil, 204: nil, 400: geo.ErrInvalidRequest, 401: geo.ErrUnauthorized,
		403: geo.ErrUnauthorized, 404: geo.ErrNotFound, 429: geo.ErrRateLimited, 500: geo.ErrUnavailable, 503: geo.ErrUnavailable, 302: geo.ErrUnavailable} {
		if got := KindForStatus(status); got != want {
			t.Errorf("%d → %v, want %v", status, got, want)
		}
	}
}

// TestCancelledRequestKeepsThePool: a cancelled call (a hedge loser) must
// not close the other idle connections, as go-retryablehttp would by
// itself; Close must.
func TestCancelledRequestKeepsThePool(t *testing.T) {
	var conns atomic.Int32
	s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hang" {
			<-r.Context().Done()
			return
		}
		w.Write([]byte("ok"))
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			conns.Add(1)
		}
	}
	s.Start()
	defer s.Close()
	hc := NewClient()
	fetch := func(ctx context.Context, path string) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+path, nil)
		_, err := Do(hc, req, "test", geo.OpRoute)
		return err
	}
	if err := fetch(context.Background(), "/"); err != nil {
		t.Fatal(err)
	}
	// The hanging call takes the idle connection; a call beside it opens a
	// second one, idle once answered. Cancelling the hanging call must not
	// close that second connection: the next call reuses it.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	hung := make(chan error)
	go func() { hung <- fetch(ctx, "/hang") }()
	time.Sleep(30 * time.Millisecond)
	if err := fetch(context.Background(), "/"); err != nil {
		t.Fatal(err)
	}
	if err := <-hung; err == nil {
		t.Fatal("the hanging call answered")
	}
	if err := fetch(context.Background(), "/"); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections opened, want 2: the pool was flushed", n)
	}
	hc.CloseIdleConnections()
	if err := fetch(context.Background(), "/"); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 3 {
		t.Errorf("%d connections after CloseIdleConnections, want 3: Close must reach the pool", n)
	}
}

// both returns a response and an error, as the retrying client can.
type both struct{}

func (both) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("late")), Request: r}, context.Canceled
}

func TestNothingWrittenToTheStandardLogger(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	hc := &http.Client{Transport: closer{rt: both{}, pool: &http.Transport{}}}
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/", nil)
	if _, err := hc.Do(req); err == nil {
		t.Fatal("no error")
	}
	if buf.Len() != 0 {
		t.Errorf("logged: %s", buf.String())
	}
}
