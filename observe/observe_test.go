package observe_test

import (
	"context"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/geo/geotest"
	"github.com/mapswitch/mapswitch/observe"
)

// TestFailoverTelemetry runs one route request that fails over from kakao
// to naver and checks the spans and metric values it leaves.
func TestFailoverTelemetry(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	o, err := observe.New(tp, mp)
	if err != nil {
		t.Fatal(err)
	}
	kakao, naver := geotest.NewFake("kakao"), geotest.NewFake("naver")
	kakao.Push(geo.OpRoute, geotest.Step{Err: geo.ErrUnavailable})
	c, err := fallback.New([]geo.Provider{kakao, naver}, o.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	o.Watch(c)
	r, err := c.Route(context.Background(), geo.RouteRequest{Origin: orb.Point{127.0276, 37.4979}, Destination: orb.Point{127.1112, 37.3948}})
	if err != nil || r.Provider != "naver" {
		t.Fatalf("route: %v, %+v", err, r)
	}

	ended := spans.Ended()
	if len(ended) != 3 {
		t.Fatalf("%d spans, want 3 (request and two attempts)", len(ended))
	}
	var req sdktrace.ReadOnlySpan
	var attempts []sdktrace.ReadOnlySpan
	for _, s := range ended {
		switch s.Name() {
		case "mapswitch.route":
			req = s
		case "mapswitch.attempt":
			attempts = append(attempts, s)
		default:
			t.Errorf("unexpected span %q", s.Name())
		}
	}
	if req == nil || len(attempts) != 2 {
		t.Fatalf("want one mapswitch.route span and two mapswitch.attempt spans")
	}
	wantAttrs(t, req.Attributes(), "mapswitch.op", "route", "mapswitch.provider", "naver", "mapswitch.outcome", "ok")
	if len(req.Events()) != 1 || req.Events()[0].Name != "failover" {
		t.Errorf("request span events %v, want one failover", req.Events())
	}
	byProvider := map[string]sdktrace.ReadOnlySpan{}
	for _, a := range attempts {
		if a.Parent().SpanID() != req.SpanContext().SpanID() {
			t.Errorf("attempt span is not a child of the request span")
		}
		for _, kv := range a.Attributes() {
			if kv.Key == "mapswitch.provider" {
				byProvider[kv.Value.AsString()] = a
			}
		}
	}
	wantAttrs(t, byProvider["kakao"].Attributes(), "mapswitch.op", "route", "mapswitch.outcome", "unavailable", "error.type", "unavailable")
	wantAttrs(t, byProvider["naver"].Attributes(), "mapswitch.outcome", "ok")

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	sums := map[string]map[string]int64{}
	gauges := map[string]int64{}
	hist := map[string]uint64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				sums[m.Name] = map[string]int64{}
				for _, p := range d.DataPoints {
					sums[m.Name][p.Attributes.Encoded(attribute.DefaultEncoder())] += p.Value
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					v, _ := p.Attributes.Value("mapswitch.provider")
					op, _ := p.Attributes.Value("mapswitch.op")
					gauges[v.AsString()+"/"+op.AsString()] = p.Value
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					hist[m.Name] += p.Count
				}
			}
		}
	}
	check := func(name, attrs string, want int64) {
		t.Helper()
		if got := sums[name][attrs]; got != want {
			t.Errorf("%s{%s} = %d, want %d (have %v)", name, attrs, got, want, sums[name])
		}
	}
	check("mapswitch.requests", "mapswitch.op=route,mapswitch.outcome=ok,mapswitch.provider=naver", 1)
	check("mapswitch.attempts", "mapswitch.op=route,mapswitch.outcome=unavailable,mapswitch.provider=kakao", 1)
	check("mapswitch.attempts", "mapswitch.op=route,mapswitch.outcome=ok,mapswitch.provider=naver", 1)
	check("mapswitch.failovers", "mapswitch.from=kakao,mapswitch.op=route,mapswitch.to=naver", 1)
	if hist["mapswitch.request.duration"] != 1 || hist["mapswitch.attempt.duration"] != 2 {
		t.Errorf("histogram counts %v", hist)
	}
	if len(gauges) != 8 || gauges["kakao/route"] != 0 {
		t.Errorf("breaker gauges %v, want 8 closed breakers", gauges)
	}

	// An operator's force-open shows in the gauge and the change counter.
	if err := c.ForceOpen("kakao", time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	rm = metricdata.ResourceMetrics{}
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if g, ok := m.Data.(metricdata.Gauge[int64]); ok {
				for _, p := range g.DataPoints {
					v, _ := p.Attributes.Value("mapswitch.provider")
					if v.AsString() == "kakao" && p.Value == 2 {
						found = true
					}
				}
			}
		}
	}
	if !found {
		t.Error("forced-open kakao does not show as 2 (open) in mapswitch.breaker.state")
	}
}

func wantAttrs(t *testing.T, kvs []attribute.KeyValue, pairs ...string) {
	t.Helper()
	set := attribute.NewSet(kvs...)
	for i := 0; i+1 < len(pairs); i += 2 {
		v, ok := set.Value(attribute.Key(pairs[i]))
		if !ok || v.Emit() != pairs[i+1] {
			t.Errorf("attribute %s = %q, want %q (all: %v)", pairs[i], v.Emit(), pairs[i+1], kvs)
		}
	}
}
