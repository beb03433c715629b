package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mapswitch/mapswitch/providers/sim"
)

// chromiumPath is Debian's chromium.
const chromiumPath = "/usr/bin/chromium"

// TestStatusPageInChromium watches the status page in a real headless
// Chromium while the Kakao simulator is black-holed and then recovers.
// The screenshot of the open breaker is saved in $MAPSWITCH_ARTIFACTS
// (default: the test's temporary directory).
func TestStatusPageInChromium(t *testing.T) {
	_, err := os.Stat(chromiumPath)
	requireComponent(t, "chromium", err == nil, "apt-get install chromium")
	w := startWorld(t)
	g := startServe(t, w.env, "--providers", "kakao,naver", "--attempt-timeout", "300ms")

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()

	row := `tr[data-provider="kakao"][data-op="geocode"]`
	state := func(want string, within time.Duration) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const r = document.querySelector('`+row+`'); return r && r.dataset.state === "`+want+`"; })()`,
			chromedp.WithPollingTimeout(within), chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
			html, _ := chromedp.Run(ctx, chromedp.OuterHTML("body"))
			t.Fatalf("the page did not show kakao's geocode breaker %s within %v: %v\n%s", want, within, err, html)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(g.url+"/")); err != nil {
		t.Fatal(err)
	}
	state("closed", 10*time.Second)

	// Traffic, so that the breaker has something to judge.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := &http.Client{Timeout: 5 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				if resp, err := cl.Get(g.url + "/v1/geocode?query=%EA%B0%95%EB%82%A8%EC%97%AD"); err == nil {
					resp.Body.Close()
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()

	if err := w.kakao.SetFault(sim.Fault{Kind: sim.BlackHole}); err != nil {
		t.Fatal(err)
	}
	openAt := waitStatus(t, g, "kakao", "geocode", "open", 20*time.Second)
	state("open", 3*time.Second)
	t.Logf("the page showed the open breaker %v after /v1/status did", time.Since(openAt).Round(time.Millisecond))
	reason, err := chromedp.Run(ctx, chromedp.Text(row+` td.reason`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reason, "timed out") && !strings.Contains(reason, "slow") && !strings.Contains(reason, "unavailable") {
		t.Errorf("the open breaker's reason on the page is %q", reason)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: lossless PNG
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("MAPSWITCH_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, "status-page-kakao-open.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", path, len(shot))

	if err := w.kakao.SetFault(sim.Fault{}); err != nil {
		t.Fatal(err)
	}
	closedAt := waitStatus(t, g, "kakao", "geocode", "closed", 30*time.Second)
	state("closed", 3*time.Second)
	t.Logf("the page showed the closed breaker %v after /v1/status did", time.Since(closedAt).Round(time.Millisecond))
}

// waitStatus polls /v1/status until provider's breaker for op is in state.
func waitStatus(t *testing.T, g *gatewayProc, provider, op, state string, within time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		var st struct {
			Providers []struct {
				Name     string
				Breakers []struct{ Op, State string }
			}
		}
		g.getJSON(t, "/v1/status", &st)
		for _, p := range st.Providers {
			for _, b := range p.Breakers {
				if p.Name == provider && b.Op == op && b.State == state {
					return time.Now()
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s's %s breaker never became %s", provider, op, state)
	return time.Time{}
}
