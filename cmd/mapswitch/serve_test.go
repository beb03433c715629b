package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"github.com/mapswitch/mapswitch/internal/redistest"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// adminToken is an obviously fake operator token.
const adminToken = "SENTINEL-ADMIN-TOKEN-5e1a-not-real"

// gatewayProc is a running `mapswitch serve`.
type gatewayProc struct {
	cmd    *exec.Cmd
	url    string
	mu     sync.Mutex
	stderr bytes.Buffer
	exited chan struct{}
	err    error
}

var servingRE = regexp.MustCompile(`serving on (https?://\S+)`)

// startServe runs the binary's serve on a free loopback port and waits
// until it listens. The process gets SIGTERM at cleanup if still running.
func startServe(t *testing.T, env map[string]string, args ...string) *gatewayProc {
	t.Helper()
	g := &gatewayProc{exited: make(chan struct{})}
	g.cmd = exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	g.cmd.Env = envList(env)
	pipe, err := g.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			g.mu.Lock()
			g.stderr.WriteString(line + "\n")
			g.mu.Unlock()
			if m := servingRE.FindStringSubmatch(line); m != nil {
				urls <- m[1]
			}
		}
		g.err = g.cmd.Wait()
		close(g.exited)
	}()
	t.Cleanup(func() {
		g.stop(t, 10*time.Second)
		out := g.log()
		for _, s := range append(sentinels, adminToken) {
			if strings.Contains(out, s) {
				t.Errorf("serve logged a credential:\n%s", out)
			}
		}
		if strings.Contains(out, "panic:") {
			t.Errorf("serve crashed:\n%s", out)
		}
	})
	select {
	case g.url = <-urls:
	case <-g.exited:
		t.Fatalf("serve exited: %v\n%s", g.err, g.log())
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not start listening:\n%s", g.log())
	}
	return g
}

func (g *gatewayProc) log() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stderr.String()
}

// stop sends SIGTERM and waits up to limit; it reports how long the exit
// took.
func (g *gatewayProc) stop(t *testing.T, limit time.Duration) time.Duration {
	t.Helper()
	select {
	case <-g.exited:
		return 0
	default:
	}
	start := time.Now()
	_ = g.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-g.exited:
		return time.Since(start)
	case <-time.After(limit):
		_ = g.cmd.Process.Kill()
		<-g.exited
		t.Errorf("serve did not exit within %v of SIGTERM:\n%s", limit, g.log())
		return time.Since(start)
	}
}

func (g *gatewayProc) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	resp, err := http.Get(g.url + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, b)
	}
	return resp.StatusCode
}

// requireComponent skips a test whose real third-party component is
// missing, loudly, and fails it instead when CI is set: there the
// component must have been installed by .ci/run.
func requireComponent(t *testing.T, what string, ok bool, install string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing on CI; .ci/run should have installed it (%s)", what, install)
	}
	t.Skipf("SKIPPING: %s is not installed here (%s); this test runs on CI", what, install)
}

func TestServeAnswersAndStops(t *testing.T) {
	w := startWorld(t)
	g := startServe(t, with(w.env, "MAPSWITCH_ADMIN_TOKEN", adminToken), "--providers", "kakao,naver,osm,estimate")
	var v map[string]any
	if code := g.getJSON(t, "/v1/geocode?query=%EA%B0%95%EB%82%A8%EC%97%AD", &v); code != 200 || v["provider"] != "kakao" {
		t.Fatalf("geocode %d %v", code, v)
	}
	if code := g.getJSON(t, "/v1/status", &v); code != 200 || len(v["providers"].([]any)) != 4 {
		t.Fatalf("status %d %v", code, v)
	}
	if d := g.stop(t, 5*time.Second); d > 3*time.Second {
		t.Errorf("an idle gateway took %v to stop", d)
	}
	if g.err != nil {
		t.Errorf("serve exited with %v:\n%s", g.err, g.log())
	}
}

func TestServeRefusesExposedAddress(t *testing.T) {
	w := startWorld(t)
	r := runCLI(t, w.env, "", "serve", "--addr", "0.0.0.0:0").want(t, exitBadInput)
	r.oneLine(t, "beyond loopback", "admin token")
}

// TestServeJoinsFleet: with MAPSWITCH_REDIS_URL the gateway joins the fleet
// and /v1/status shows its state beside the local breakers; an operator's
// force-open on one instance reaches another through Redis.
func TestServeJoinsFleet(t *testing.T) {
	rs := redistest.Start(t)
	w := startWorld(t)
	env := with(with(w.env, "MAPSWITCH_ADMIN_TOKEN", adminToken), "MAPSWITCH_REDIS_URL", "redis://"+rs.Addr()+"/0")
	a := startServe(t, env, "--providers", "kakao,naver,estimate")
	b := startServe(t, env, "--providers", "kakao,naver,estimate")
	var v struct {
		Fleet *struct {
			Instance string `json:"instance"`
			Redis    bool   `json:"redis"`
		} `json:"fleet"`
	}
	if code := a.getJSON(t, "/v1/status", &v); code != 200 || v.Fleet == nil || v.Fleet.Instance == "" {
		t.Fatalf("status %d: %+v", code, v.Fleet)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !v.Fleet.Redis && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		a.getJSON(t, "/v1/status", &v)
	}
	if !v.Fleet.Redis {
		t.Errorf("the fleet never reported Redis healthy")
	}
	req, _ := http.NewRequest(http.MethodPost, a.url+"/v1/admin/kakao/force-open", nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("force-open on a: %v %v", resp, err)
	}
	resp.Body.Close()
	var st struct {
		Providers []struct {
			Name     string `json:"name"`
			Breakers []struct {
				State string `json:"state"`
			} `json:"breakers"`
		} `json:"providers"`
	}
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		b.getJSON(t, "/v1/status", &st)
		for _, p := range st.Providers {
			if p.Name == "kakao" && len(p.Breakers) > 0 && p.Breakers[0].State == "open" {
				return
			}
		}
	}
	t.Errorf("instance b never saw kakao forced open on a: %+v", st)
}
