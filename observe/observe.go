package observe

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// scope is the instrumentation scope of every span and instrument.
const scope = "github.com/mapswitch/mapswitch/observe"

// Attribute keys.
const (
	KeyOp        = attribute.Key("mapswitch.op")
	KeyProvider  = attribute.Key("mapswitch.provider")
	KeyOutcome   = attribute.Key("mapswitch.outcome")
	KeyStale     = attribute.Key("mapswitch.stale")
	KeyErrorType = attribute.Key("error.type")
	KeyFrom      = attribute.Key("mapswitch.from")
	KeyTo        = attribute.Key("mapswitch.to")
)

// Observer holds the tracer and the instruments the hooks feed.
type Observer struct {
	tracer trace.Tracer
	meter  metric.Meter

	requests, attempts, failovers, changes metric.Int64Counter
	reqDur, attDur                         metric.Float64Histogram
	state                                  metric.Int64ObservableGauge

	mu      sync.Mutex
	clients []*fallback.Client
}

// New returns an Observer reporting to tp and mp.
func New(tp trace.TracerProvider, mp metric.MeterProvider) (*Observer, error) {
	o := &Observer{tracer: tp.Tracer(scope), meter: mp.Meter(scope)}
	m := o.meter
	// Buckets from 5 ms to 10 s: provider calls live between a local
	// OSRM's milliseconds and a black hole's attempt timeout.
	buckets := metric.WithExplicitBucketBoundaries(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10)
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	var err error
	o.requests, err = m.Int64Counter("mapswitch.requests", metric.WithDescription("Requests to the failover client, by outcome."))
	add(err)
	o.attempts, err = m.Int64Counter("mapswitch.attempts", metric.WithDescription("Provider calls, by outcome."))
	add(err)
	o.failovers, err = m.Int64Counter("mapswitch.failovers", metric.WithDescription("Requests answered by a provider other than the first called."))
	add(err)
	o.changes, err = m.Int64Counter("mapswitch.breaker.changes", metric.WithDescription("Breaker state changes, by new state."))
	add(err)
	o.reqDur, err = m.Float64Histogram("mapswitch.request.duration", metric.WithUnit("s"), buckets,
		metric.WithDescription("Time to answer a request, failover included."))
	add(err)
	o.attDur, err = m.Float64Histogram("mapswitch.attempt.duration", metric.WithUnit("s"), buckets,
		metric.WithDescription("Time of one provider call."))
	add(err)
	o.state, err = m.Int64ObservableGauge("mapswitch.breaker.state",
		metric.WithDescription("Breaker state: 0 closed, 1 half-open, 2 open, 3 disabled."))
	add(err)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if _, err := m.RegisterCallback(o.observeState, o.state); err != nil {
		return nil, err
	}
	return o, nil
}

// Options returns the fallback hooks that feed o; pass them to fallback.New.
func (o *Observer) Options() []fallback.Option {
	return []fallback.Option{
		fallback.OnRequest(o.onRequest),
		fallback.OnAttempt(o.onAttempt),
		fallback.OnFailover(o.onFailover),
		fallback.OnStateChange(o.onStateChange),
	}
}

// Watch makes c's breakers appear in the breaker-state gauge.
func (o *Observer) Watch(c *fallback.Client) {
	o.mu.Lock()
	o.clients = append(o.clients, c)
	o.mu.Unlock()
}

func (o *Observer) onRequest(ctx context.Context, op geo.Op) (context.Context, func(fallback.RequestEnd)) {
	ctx, span := o.tracer.Start(ctx, "mapswitch."+string(op), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(KeyOp.String(string(op))))
	return ctx, func(e fallback.RequestEnd) {
		out := outcome(e.Err)
		span.SetAttributes(KeyOutcome.String(out))
		if e.Provider != "" {
			span.SetAttributes(KeyProvider.String(e.Provider))
		}
		if e.Stale {
			span.SetAttributes(KeyStale.Bool(true))
		}
		if e.Err != nil {
			span.SetAttributes(KeyErrorType.String(out))
			span.SetStatus(codes.Error, e.Err.Error())
		}
		span.End()
		// The caller's context may be cancelled already; metrics must
		// still count the request.
		mctx := context.WithoutCancel(ctx)
		attrs := metric.WithAttributes(KeyOp.String(string(op)), KeyOutcome.String(out), KeyProvider.String(e.Provider))
		o.requests.Add(mctx, 1, attrs)
		o.reqDur.Record(mctx, e.Elapsed.Seconds(), metric.WithAttributes(KeyOp.String(string(op)), KeyOutcome.String(out)))
	}
}

func (o *Observer) onAttempt(a fallback.Attempt) {
	ctx := a.Context
	if ctx == nil {
		ctx = context.Background()
	}
	out := outcome(a.Err)
	if a.Err == nil && a.Slow {
		out = "slow"
	}
	attrs := []attribute.KeyValue{KeyProvider.String(a.Provider), KeyOp.String(string(a.Op)), KeyOutcome.String(out)}
	start := a.Start
	if start.IsZero() {
		start = time.Now().Add(-a.Elapsed)
	}
	_, span := o.tracer.Start(ctx, "mapswitch.attempt", trace.WithTimestamp(start), trace.WithAttributes(attrs...))
	if a.Err != nil && !errors.Is(a.Err, fallback.ErrLostRace) {
		span.SetAttributes(KeyErrorType.String(out))
		span.SetStatus(codes.Error, a.Err.Error())
	}
	span.End(trace.WithTimestamp(start.Add(a.Elapsed)))
	mctx := context.WithoutCancel(ctx)
	o.attempts.Add(mctx, 1, metric.WithAttributes(attrs...))
	o.attDur.Record(mctx, a.Elapsed.Seconds(), metric.WithAttributes(KeyProvider.String(a.Provider), KeyOp.String(string(a.Op))))
}

func (o *Observer) onFailover(f fallback.Failover) {
	ctx := f.Context
	if ctx == nil {
		ctx = context.Background()
	}
	trace.SpanFromContext(ctx).AddEvent("failover", trace.WithAttributes(KeyFrom.String(f.From), KeyTo.String(f.To)))
	o.failovers.Add(context.WithoutCancel(ctx), 1,
		metric.WithAttributes(KeyOp.String(string(f.Op)), KeyFrom.String(f.From), KeyTo.String(f.To)))
}

func (o *Observer) onStateChange(s fallback.StateChange) {
	o.changes.Add(context.Background(), 1,
		metric.WithAttributes(KeyProvider.String(s.Provider), KeyOp.String(string(s.Op)), KeyTo.String(s.To)))
}

// observeState reports every watched breaker's state.
func (o *Observer) observeState(_ context.Context, obs metric.Observer) error {
	o.mu.Lock()
	cs := append([]*fallback.Client(nil), o.clients...)
	o.mu.Unlock()
	for _, c := range cs {
		for _, s := range c.Status() {
			obs.ObserveInt64(o.state, StateValue(s.State),
				metric.WithAttributes(KeyProvider.String(s.Provider), KeyOp.String(string(s.Op))))
		}
	}
	return nil
}

// StateValue is the breaker-state gauge's number for a state name.
func StateValue(state string) int64 {
	switch state {
	case "half-open":
		return 1
	case "open":
		return 2
	case "disabled":
		return 3
	}
	return 0
}

// outcome names err for attributes: "ok", "lost_race", or its kind.
func outcome(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, fallback.ErrLostRace):
		return "lost_race"
	}
	var fe *fallback.Error
	if errors.As(err, &fe) {
		if fe.NotFound() {
			return "not_found"
		}
		return "all_failed"
	}
	return geo.KindName(err)
}
