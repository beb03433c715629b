package redisfleet_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/redistest"
)

// requestBound is the slowest a caller request may be, healthy providers
// answering at once: far above the Redis bound (5 ms a call) and far below
// what waiting on a dead or slow Redis would cost (go-redis's 3 s
// timeouts, the 2 s latency).
const requestBound = 600 * time.Millisecond

// redisTrouble runs 4 instances under steady load while trouble happens to
// Redis, then heals it, and checks: no caller error, no request slowed by
// Redis, and a decision made during the trouble reaches every instance
// once Redis is back.
func redisTrouble(t *testing.T, addr string, trouble, heal func()) {
	w := newWorld(t)
	slowLog = t.Logf
	defer func() { slowLog = nil }()
	var ins []*instance
	for range 4 {
		// The shared cache puts a Redis lookup on every request's path.
		fl := newFleet(t, addr)
		ins = append(ins, w.instanceWith(t, fl, fastPolicy(), fallback.WithCacheStore(fl.Cache(), time.Minute, time.Hour),
			// Kakao is left alone once NAVER is forced open: give it time
			// on this shared machine.
			fallback.WithAttemptTimeout(time.Second)))
	}
	time.Sleep(300 * time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.load(ctx, ins, 20); close(done) }()

	time.Sleep(500 * time.Millisecond)
	t.Logf("trouble at %s", time.Now().Format("05.000"))
	trouble()
	time.Sleep(time.Second)
	t.Logf("during the trouble: %+v", ins[1].fleet.Stats())
	// An operator acts while Redis is in trouble.
	if err := ins[0].client.ForceOpen("naver", time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	t.Logf("heal at %s", time.Now().Format("05.000"))
	heal()
	healed := time.Now()
	defer func() { t.Logf("adopted %v after healing", time.Since(healed)) }()
	waitFor(t, 10*time.Second, "every instance to adopt the ForceOpen made during the trouble", func() bool {
		for _, in := range ins {
			if !open(in.client, "naver") {
				return false
			}
		}
		return true
	})
	time.Sleep(300 * time.Millisecond)
	cancel()
	<-done
	for i, in := range ins {
		in.mu.Lock()
		if in.failures > 0 {
			t.Errorf("instance %d: %d caller errors, first: %v", i, in.failures, in.firstErr)
		}
		if in.slowest > requestBound {
			t.Errorf("instance %d: a request took %v", i, in.slowest)
		}
		t.Logf("instance %d: slowest request %v; fleet %+v", i, in.slowest, in.fleet.Stats())
		in.mu.Unlock()
	}
}

func open(c *fallback.Client, provider string) bool {
	for _, s := range c.Status() {
		if s.Provider == provider && s.Op == geo.OpGeocode {
			return s.State == "open"
		}
	}
	return false
}

// TestRedisKilledAndRestarted: SIGKILL mid-run, restart on the same port.
func TestRedisKilledAndRestarted(t *testing.T) {
	r := redistest.Start(t)
	redisTrouble(t, r.Addr(), r.Kill, r.Restart)
}

// TestRedisSlow: Redis behind toxiproxy (in process) with 2 s latency.
func TestRedisSlow(t *testing.T) {
	r := redistest.Start(t)
	server := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	u, _ := url.Parse("tcp://" + r.Addr())
	proxy := toxiproxy.NewProxy(server, "redis", "127.0.0.1:0", u.Host)
	if err := proxy.Start(); err != nil {
		t.Fatal(err)
	}
	defer proxy.Stop()
	slow := func() {
		if _, err := proxy.Toxics.AddToxicJson(strings.NewReader(`{"name":"lag","type":"latency","attributes":{"latency":2000}}`)); err != nil {
			t.Fatal(err)
		}
	}
	heal := func() { proxy.Toxics.ResetToxics(context.Background()) }
	redisTrouble(t, proxy.Listen, slow, heal)
}
