package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/internal/config"
	"github.com/mapswitch/mapswitch/internal/gateway"
	"github.com/mapswitch/mapswitch/observe"
	"github.com/mapswitch/mapswitch/providers/sim"
)

// Obviously fake credentials.
const (
	kakaoKey    = "FAKE-KAKAO-KEY-not-real"
	naverID     = "FAKE-NAVER-ID-not-real"
	naverSecret = "FAKE-NAVER-SECRET-not-real"
	adminToken  = "FAKE-ADMIN-TOKEN-not-real"
)

// world is a gateway over simulators, as `mapswitch serve` builds it.
type world struct {
	kakao, naver, nominatim, osrm *sim.Server
	client                        *fallback.Client
	gw                            *gateway.Gateway
	srv                           *httptest.Server
	tel                           *observe.Telemetry
	logs                          *bytes.Buffer
}

// newWorld starts simulators and a gateway over the chain (default
// kakao,naver,osm); edit changes the gateway's configuration.
func newWorld(t *testing.T, chain string, edit func(*gateway.Config), opts ...fallback.Option) *world {
	t.Helper()
	w := &world{logs: &bytes.Buffer{}}
	simOpts := []sim.Option{sim.WithLatency(0, 0)}
	var err error
	if w.kakao, err = sim.NewKakao(append(simOpts, sim.WithKey(kakaoKey, ""))...); err != nil {
		t.Fatal(err)
	}
	if w.naver, err = sim.NewNaver(append(simOpts, sim.WithKey(naverID, naverSecret))...); err != nil {
		t.Fatal(err)
	}
	if w.nominatim, err = sim.NewNominatim(simOpts...); err != nil {
		t.Fatal(err)
	}
	if w.osrm, err = sim.NewOSRM(simOpts...); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"KAKAO_REST_KEY": kakaoKey, "NCP_CLIENT_ID": naverID, "NCP_CLIENT_SECRET": naverSecret,
		"MAPSWITCH_OSM_USER_AGENT":          "mapswitch-test/1.0 (tests@example.invalid)",
		"MAPSWITCH_KAKAO_BASE_URL":          w.kakao.URL(),
		"MAPSWITCH_KAKAO_MOBILITY_BASE_URL": w.kakao.URL(),
		"MAPSWITCH_NAVER_BASE_URL":          w.naver.URL(),
		"MAPSWITCH_NOMINATIM_URL":           w.nominatim.URL(),
		"MAPSWITCH_OSRM_URL":                w.osrm.URL(),
	}
	if chain == "" {
		chain = "kakao,naver,osm"
	}
	// An empty file of its own, so that no config of the machine's user
	// reaches the test.
	file := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(config.Flags{Providers: strings.Split(chain, ","), ConfigFile: file},
		func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	w.tel, err = observe.FromEnv(context.Background(), "mapswitch-test", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	obs, err := observe.New(w.tel.TracerProvider, w.tel.MeterProvider)
	if err != nil {
		t.Fatal(err)
	}
	stats := gateway.NewStats()
	extra := append(append(stats.Options(), obs.Options()...), opts...)
	w.client, _, err = cfg.Chain(extra...)
	if err != nil {
		t.Fatal(err)
	}
	obs.Watch(w.client)
	gc := gateway.Config{Client: w.client, Stats: stats, AdminToken: adminToken, Metrics: w.tel.Registry,
		Logger: slog.New(slog.NewJSONHandler(w.logs, nil))}
	if edit != nil {
		edit(&gc)
	}
	if w.gw, err = gateway.New(gc); err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(w.gw.Handler())
	t.Cleanup(func() {
		w.gw.Stop()
		w.srv.Close()
		w.client.Close()
		w.tel.Shutdown(context.Background())
		for _, s := range []*sim.Server{w.kakao, w.naver, w.nominatim, w.osrm} {
			s.Close()
		}
	})
	return w
}

// response is one answer of the gateway.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("answer is not a JSON object: %v\n%s", err, r.body)
	}
	return v
}

func (w *world) do(t *testing.T, method, path, body string, header ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, w.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, s := range []string{kakaoKey, naverID, naverSecret, adminToken} {
		if bytes.Contains(b, []byte(s)) {
			t.Fatalf("%s %s leaked a credential: %s", method, path, b)
		}
	}
	return response{resp.StatusCode, resp.Header, b}
}

func (w *world) get(t *testing.T, path string) response { t.Helper(); return w.do(t, "GET", path, "") }

func (r response) want(t *testing.T, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

// at reads a path of keys and indexes in decoded JSON.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}
