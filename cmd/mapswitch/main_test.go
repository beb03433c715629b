package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mapswitch/mapswitch/providers/sim"
)

// bin is the mapswitch binary the tests run, built once in TestMain.
var bin string

// Obviously fake credentials. The run helper fails any test whose output
// contains one of them.
const (
	kakaoKey    = "SENTINEL-KAKAO-KEY-9f2c-not-real"
	naverID     = "SENTINEL-NAVER-ID-31ab-not-real"
	naverSecret = "SENTINEL-NAVER-SECRET-77de-not-real"
)

var sentinels = []string{kakaoKey, naverID, naverSecret, "SENTINEL-"}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mapswitch-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "mapswitch")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	if out, err := exec.Command(goCmd, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building mapswitch: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// world is a set of simulators and the environment pointing the binary at
// them.
type world struct {
	kakao, naver, nominatim, osrm, tmap *sim.Server
	env                                 map[string]string
}

func startWorld(t *testing.T, opts ...sim.Option) *world {
	t.Helper()
	opts = append([]sim.Option{sim.WithLatency(0, 0)}, opts...)
	w := &world{}
	var err error
	if w.kakao, err = sim.NewKakao(append(opts, sim.WithKey(kakaoKey, ""))...); err != nil {
		t.Fatal(err)
	}
	if w.naver, err = sim.NewNaver(append(opts, sim.WithKey(naverID, naverSecret))...); err != nil {
		t.Fatal(err)
	}
	if w.nominatim, err = sim.NewNominatim(opts...); err != nil {
		t.Fatal(err)
	}
	if w.osrm, err = sim.NewOSRM(opts...); err != nil {
		t.Fatal(err)
	}
	// TMAP answers only where a test sets TMAP_APP_KEY; its base URL is
	// always the simulator, so that no test can reach the real API.
	if w.tmap, err = sim.NewTMAP(append(opts, sim.WithKey("SENTINEL-TMAP", ""))...); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, s := range []*sim.Server{w.kakao, w.naver, w.nominatim, w.osrm, w.tmap} {
			s.Close()
		}
	})
	home := t.TempDir()
	w.env = map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"KAKAO_REST_KEY": kakaoKey, "NCP_CLIENT_ID": naverID, "NCP_CLIENT_SECRET": naverSecret,
		"MAPSWITCH_OSM_USER_AGENT":          "mapswitch-test/1.0 (tests@example.invalid)",
		"MAPSWITCH_KAKAO_BASE_URL":          w.kakao.URL(),
		"MAPSWITCH_KAKAO_MOBILITY_BASE_URL": w.kakao.URL(),
		"MAPSWITCH_NAVER_BASE_URL":          w.naver.URL(),
		"MAPSWITCH_NOMINATIM_URL":           w.nominatim.URL(),
		"MAPSWITCH_OSRM_URL":                w.osrm.URL(),
		"MAPSWITCH_TMAP_BASE_URL":           w.tmap.URL(),
	}
	return w
}

// result is one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// envList turns env into a process environment holding nothing else, so
// that no real key of the developer's shell can reach a test.
func envList(env map[string]string) []string {
	out := []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// run runs the binary and checks that no credential appears in its output.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = envList(env)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{out.String(), errb.String(), cmd.ProcessState.ExitCode()}
	if err != nil && r.code < 0 {
		t.Fatalf("mapswitch %v: %v", args, err)
	}
	for _, s := range sentinels {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Fatalf("mapswitch %v printed a credential:\nstdout: %s\nstderr: %s", args, r.stdout, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic:") {
		t.Fatalf("mapswitch %v crashed:\n%s", args, r.stderr)
	}
	return r
}

func (r result) want(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// oneLine checks that stderr is one line holding every want.
func (r result) oneLine(t *testing.T, want ...string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	var errs []string
	for _, l := range lines {
		if !strings.Contains(l, "notice:") {
			errs = append(errs, l)
		}
	}
	if len(errs) != 1 {
		t.Fatalf("want one error line, got %d:\n%s", len(errs), r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(errs[0], w) {
			t.Errorf("error line %q lacks %q", errs[0], w)
		}
	}
}

func with(env map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}
