package provider

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/httpx"
	"github.com/mapswitch/mapswitch/limit"
)

func ok(*httpx.Response) error { return nil }

func TestCallSendsHeadersAndBody(t *testing.T) {
	var got *http.Request
	var body []byte
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, body = r, must(io.ReadAll(r.Body))
		w.Write([]byte(`{"n":"7"}`))
	}))
	defer s.Close()
	b := NewBase("test", 2)
	b.Header.Set("appKey", "FAKE-KEY")
	b.Init()
	defer b.Close()
	var out struct{ N httpx.Number }
	if err := b.DoJSON(context.Background(), Call{Op: geo.OpRoute, Method: http.MethodPost, URL: s.URL + "/x?a=1",
		Body: map[string]string{"k": "v"}, Classify: ok}, &out); err != nil {
		t.Fatal(err)
	}
	if got.Header.Get("appKey") != "FAKE-KEY" || got.Header.Get("Content-Type") != "application/json" ||
		got.Header.Get("Accept") != "application/json" || string(body) != `{"k":"v"}` || out.N != 7 {
		t.Errorf("headers %v body %s out %v", got.Header, body, out)
	}
}

func TestMalformedIsUnavailable(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"n":`)) }))
	defer s.Close()
	b := NewBase("test", 1)
	b.Init()
	var out struct{ N int }
	err := b.DoJSON(context.Background(), Call{Op: geo.OpGeocode, URL: s.URL, Classify: ok}, &out)
	var pe *geo.ProviderError
	if !errors.Is(err, geo.ErrUnavailable) || !errors.As(err, &pe) || pe.Provider != "test" {
		t.Errorf("err = %v", err)
	}
}

func TestLimitersRefuseBeforeAnyCall(t *testing.T) {
	calls := 0
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ }))
	defer s.Close()
	b := NewBase("test", 1)
	b.Init()
	l, _ := limit.PerSecond(0.1, 1, time.Millisecond)
	first, _ := limit.PerSecond(0.1, 1, time.Millisecond)
	call := Call{Op: geo.OpGeocode, URL: s.URL, Limiters: []limit.Limiter{first}, Classify: ok}
	b.Limiter = l
	if _, err := b.Do(context.Background(), call); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Do(context.Background(), call); !errors.Is(err, geo.ErrRateLimited) || calls != 1 {
		t.Errorf("err %v after %d calls", err, calls)
	}
}

func TestOptionsValidateAndCopy(t *testing.T) {
	b := NewBase("test", 1)
	for _, err := range []error{b.SetName(" "), b.SetHTTPClient(nil), b.SetLogger(nil), b.SetLimiter(nil),
		b.SetConcurrency(0), b.SetURL(new(string), "base URL", "ftp://x")} {
		if err == nil {
			t.Error("bad option accepted")
		}
	}
	hc := &http.Client{Timeout: time.Second}
	if err := b.SetHTTPClient(hc); err != nil || b.HC == hc || b.HC.Timeout != time.Second {
		t.Errorf("client not copied: %v", err)
	}
	b.Init()
	if b.HC.Timeout != time.Second || b.ownHC {
		t.Error("Init replaced the caller's client")
	}
	var u string
	if err := b.SetURL(&u, "base URL", "http://127.0.0.1:1/"); err != nil || u != "http://127.0.0.1:1" {
		t.Errorf("%q %v", u, err)
	}
}

func TestFound(t *testing.T) {
	if _, err := Found("test", geo.OpGeocode, nil, 0, "none"); !errors.Is(err, geo.ErrNotFound) {
		t.Errorf("err = %v", err)
	}
	ps, err := Found("test", geo.OpGeocode, make([]geo.Place, 5), 2, "")
	if err != nil || len(ps) != 2 {
		t.Errorf("%d %v", len(ps), err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestApplyAndCredential(t *testing.T) {
	type client struct {
		b Base
		n int
	}
	type option func(*client) error
	c := &client{b: NewBase("test", 1)}
	if err := Apply(c, &c.b, []option{func(c *client) error { c.n = 7; return nil }}); err != nil || c.n != 7 || c.b.HC == nil || !c.b.ownHC {
		t.Errorf("%+v %v", c, err)
	}
	if err := Apply(c, &c.b, []option{func(*client) error { return errors.New("bad") }}); err == nil {
		t.Error("option error lost")
	}
	if k, err := Credential("test", "key", " K "); k != "K" || err != nil {
		t.Errorf("%q %v", k, err)
	}
	if _, err := Credential("test", "app key", " "); err == nil || err.Error() != "test: empty app key" {
		t.Errorf("%v", err)
	}
}

func TestAddressLike(t *testing.T) {
	for q, want := range map[string]bool{"세종대로 110": true, "태평로1가 31": true, "신림동 산 56": true, "판교역": false, "서울시청": false} {
		if AddressLike(q) != want {
			t.Errorf("AddressLike(%q) = %v", q, !want)
		}
	}
}
