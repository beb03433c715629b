// Command gateway loads `mapswitch serve`'s handler (in process, on a
// loopback port, over simulators answering at once) with vegeta at the
// highest rate this machine sustains, then calls the failover library
// directly at the same rate, and reports the gateway's added latency (p50,
// p99). It finds the rate by short probes unless -rate is given, keeps it
// for -duration, and checks that no request failed and that goroutines and
// heap return to where they were once the load ends (exit 1 otherwise).
//
//	go run ./bench/gateway [-rate 0] [-duration 10s]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/gateway"
	"github.com/mapswitch/mapswitch/observe"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/sim"
)

func main() {
	rate := flag.Int("rate", 0, "requests per second (0: find the highest sustained)")
	duration := flag.Duration("duration", 10*time.Second, "length of the measured run")
	flag.Parse()
	if err := run(*rate, *duration); err != nil {
		fmt.Fprintln(os.Stderr, "gateway bench:", err)
		os.Exit(1)
	}
}

func run(rate int, duration time.Duration) error {
	g0 := runtime.NumGoroutine()
	ks, err := sim.NewKakao(sim.WithLatency(0, 0))
	if err != nil {
		return err
	}
	defer ks.Close()
	ns, err := sim.NewNaver(sim.WithLatency(0, 0))
	if err != nil {
		return err
	}
	defer ns.Close()
	k, _ := kakao.New("BENCH-KEY-not-real", kakao.WithBaseURL(ks.URL()), kakao.WithMobilityBaseURL(ks.URL()))
	n, _ := naver.New("BENCH-ID-not-real", "BENCH-SECRET-not-real", naver.WithBaseURL(ns.URL()))

	// The gateway as serve builds it: stats and OpenTelemetry hooks on.
	tel, err := observe.FromEnv(context.Background(), "mapswitch-bench", func(string) string { return "" })
	if err != nil {
		return err
	}
	obs, err := observe.New(tel.TracerProvider, tel.MeterProvider)
	if err != nil {
		return err
	}
	stats := gateway.NewStats()
	client, err := fallback.New([]geo.Provider{k, n}, append(stats.Options(), obs.Options()...)...)
	if err != nil {
		return err
	}
	defer client.Close()
	obs.Watch(client)
	gw, err := gateway.New(gateway.Config{Client: client, Stats: stats, Metrics: tel.Registry, MaxInFlight: 4096,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: gw.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Shutdown
	base := "http://" + ln.Addr().String()

	reqs := routes(500)
	targets := make([]vegeta.Target, len(reqs))
	for i, r := range reqs {
		targets[i] = vegeta.Target{Method: "GET", URL: fmt.Sprintf("%s/v1/route?origin=%v,%v&destination=%v,%v",
			base, r.Origin[0], r.Origin[1], r.Destination[0], r.Destination[1])}
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 512}
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	// A warm-up, then the heap the growth check compares against.
	attack(hc, targets, 200, time.Second)
	h0 := settle(tr)

	fixed := rate != 0
	if !fixed {
		rate = findRate(hc, targets)
	}
	// A short probe can hold a rate that a full run cannot; step down by a
	// quarter until a whole run is clean (a fixed -rate gets one run).
	var m vegeta.Metrics
	for try := 0; ; try++ {
		fmt.Printf("rate %d/s for %v through the gateway (GET /v1/route, kakao over a simulator)\n", rate, duration)
		m = attack(hc, targets, rate, duration)
		fmt.Printf("  requests %d, success %.2f%%, throughput %.0f/s, latency p50 %v p99 %v max %v\n",
			m.Requests, m.Success*100, m.Throughput, m.Latencies.P50, m.Latencies.P99, m.Latencies.Max)
		clean := len(m.Errors) == 0 && m.Success == 1 && m.Throughput >= 0.95*float64(rate)
		if clean {
			break
		}
		if fixed || try == 3 {
			return fmt.Errorf("errors under load: %v (status codes %v)", m.Errors, m.StatusCodes)
		}
		fmt.Printf("  not sustained (status codes %v); stepping down\n", m.StatusCodes)
		rate = rate * 3 / 4
		settle(tr)
	}
	fmt.Printf("sustained: %d/s for %v, no errors\n", rate, duration)

	d50, d99 := direct(client, reqs, rate, duration)
	fmt.Printf("the library directly at %d/s: latency p50 %v p99 %v\n", rate, d50, d99)
	fmt.Printf("gateway added: p50 %v, p99 %v\n", m.Latencies.P50-d50, m.Latencies.P99-d99)

	h1 := settle(tr)
	// Everything closed, no goroutine may be left beyond those of the
	// start: a leak per request would show in thousands.
	_ = srv.Shutdown(context.Background())
	client.Close()
	ks.Close()
	ns.Close()
	_ = tel.Shutdown(context.Background())
	settle(tr)
	g1 := runtime.NumGoroutine()
	fmt.Printf("after the load: live heap %.1f → %.1f MiB; goroutines once closed %d → %d\n", mib(h0), mib(h1), g0, g1)
	if g1 > g0+5 {
		return fmt.Errorf("goroutines grew from %d to %d", g0, g1)
	}
	if h1 > 2*h0+16<<20 {
		return fmt.Errorf("heap grew from %.1f to %.1f MiB", mib(h0), mib(h1))
	}
	return nil
}

// findRate doubles the rate from 250/s in 2-second probes until a probe
// fails, falls short of its rate by 5%, or its p99 passes 250 ms (requests
// queueing), and returns the last rate that held.
func findRate(hc *http.Client, targets []vegeta.Target) int {
	best := 0
	for r := 250; r <= 64000; r *= 2 {
		m := attack(hc, targets, r, 2*time.Second)
		ok := m.Success == 1 && m.Throughput >= 0.95*float64(r) && m.Latencies.P99 < 250*time.Millisecond
		fmt.Printf("probe %6d/s: throughput %6.0f/s, success %.2f%%, p99 %v\n", r, m.Throughput, m.Success*100, m.Latencies.P99)
		if !ok {
			break
		}
		best = r
	}
	// One step between the last rate that held and the one that did not.
	if best > 0 {
		r := best * 3 / 2
		m := attack(hc, targets, r, 2*time.Second)
		fmt.Printf("probe %6d/s: throughput %6.0f/s, success %.2f%%, p99 %v\n", r, m.Throughput, m.Success*100, m.Latencies.P99)
		if m.Success == 1 && m.Throughput >= 0.95*float64(r) && m.Latencies.P99 < 250*time.Millisecond {
			best = r
		}
	}
	return max(best, 100)
}

func attack(hc *http.Client, targets []vegeta.Target, rate int, d time.Duration) vegeta.Metrics {
	a := vegeta.NewAttacker(vegeta.Client(hc), vegeta.MaxWorkers(2048))
	var m vegeta.Metrics
	for res := range a.Attack(vegeta.NewStaticTargeter(targets...), vegeta.Rate{Freq: rate, Per: time.Second}, d, "gateway") {
		m.Add(res)
	}
	m.Close()
	return m
}

// direct calls the failover client itself at rate for d, one goroutine
// per request as an HTTP server would, and returns p50 and p99.
func direct(c *fallback.Client, reqs []geo.RouteRequest, rate int, d time.Duration) (time.Duration, time.Duration) {
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	end := time.Now().Add(d)
	for i := 0; time.Now().Before(end); i++ {
		<-tick.C
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			_, err := c.Route(context.Background(), reqs[i%len(reqs)])
			el := time.Since(t0)
			if err == nil {
				mu.Lock()
				lat = append(lat, el)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	if len(lat) == 0 {
		return 0, 0
	}
	return lat[len(lat)*50/100], lat[len(lat)*99/100]
}

// settle closes idle connections, lets goroutines end and collects
// garbage, then reports the live heap.
func settle(tr *http.Transport) uint64 {
	tr.CloseIdleConnections()
	time.Sleep(time.Second)
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// routes are n distinct routes in Seoul, so that coalescing does not turn
// the load into a handful of provider calls.
func routes(n int) []geo.RouteRequest {
	out := make([]geo.RouteRequest, n)
	for i := range out {
		out[i] = geo.RouteRequest{Origin: [2]float64{127.0276, 37.4979},
			Destination: [2]float64{126.95 + float64(i)*0.0001, 37.55 + float64(i%50)*0.0002}}
	}
	return out
}
