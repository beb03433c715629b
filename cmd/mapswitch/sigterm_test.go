package main

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/mapswitch/mapswitch/providers/sim"
)

// TestServeSIGTERMUnderLoad sends requests at a modest rate to a gateway
// whose providers take 300 ms, sends SIGTERM mid-stream, and checks that
// every request in flight at that moment is answered, that later ones are
// answered or refused at connection (never cut off or failed), and that
// the process exits within its grace period.
func TestServeSIGTERMUnderLoad(t *testing.T) {
	w := startWorld(t, sim.WithLatency(300*time.Millisecond, 0))
	const grace = 5 * time.Second
	g := startServe(t, w.env, "--providers", "kakao,naver", "--grace", grace.String())
	// A new connection per request, so that no request is lost to a
	// keep-alive connection the server closes while idle.
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

	const rate = 40 // per second
	var (
		termAt                          atomic.Int64 // unix nanos of SIGTERM, 0 before
		wg                              sync.WaitGroup
		inflightAnswered, laterAnswered atomic.Int64
		refused                         atomic.Int64
		mu                              sync.Mutex
		failures                        []string
	)
	tick := time.NewTicker(time.Second / rate)
	defer tick.Stop()
	start := time.Now()
	for i := 0; time.Since(start) < 1500*time.Millisecond; i++ {
		<-tick.C
		if termAt.Load() == 0 && time.Since(start) > 700*time.Millisecond {
			if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			termAt.Store(time.Now().UnixNano())
		}
		sentBefore := termAt.Load() == 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			url := fmt.Sprintf("%s/v1/route?origin=127.0276,37.4979&destination=126.97%02d,37.5662952", g.url, i%100)
			resp, err := client.Get(url)
			if err != nil {
				if sentBefore {
					mu.Lock()
					failures = append(failures, "in flight at SIGTERM: "+err.Error())
					mu.Unlock()
				} else {
					refused.Add(1)
				}
				return
			}
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || rerr != nil {
				mu.Lock()
				failures = append(failures, fmt.Sprintf("status %d, read error %v: %s", resp.StatusCode, rerr, body))
				mu.Unlock()
				return
			}
			if sentBefore {
				inflightAnswered.Add(1)
			} else {
				laterAnswered.Add(1)
			}
		}()
	}
	wg.Wait()
	select {
	case <-g.exited:
	case <-time.After(grace + 2*time.Second):
		t.Fatalf("serve still running %v after SIGTERM", grace+2*time.Second)
	}
	exitAfter := time.Duration(0)
	if ta := termAt.Load(); ta != 0 {
		exitAfter = time.Since(time.Unix(0, ta))
	}
	t.Logf("answered: %d sent before SIGTERM, %d after; refused at connection after SIGTERM: %d; exited within %v",
		inflightAnswered.Load(), laterAnswered.Load(), refused.Load(), exitAfter.Round(10*time.Millisecond))
	for _, f := range failures {
		t.Error(f)
	}
	if inflightAnswered.Load() < 10 {
		t.Errorf("only %d requests before SIGTERM were answered", inflightAnswered.Load())
	}
	if g.err != nil {
		t.Errorf("serve exited with %v:\n%s", g.err, g.log())
	}
}
