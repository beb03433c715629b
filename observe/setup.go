package observe

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"go.opentelemetry.io/contrib/exporters/autoexport"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	noopmetric "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
	"go.opentelemetry.io/otel/trace"
	nooptrace "go.opentelemetry.io/otel/trace/noop"
)

// Telemetry is what FromEnv set up: the providers to pass to New, the
// Prometheus registry to serve, and Shutdown to flush exporters on exit.
type Telemetry struct {
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider
	// Registry holds the metrics in Prometheus form (and the Go runtime's);
	// serve it with promhttp.HandlerFor.
	Registry *prometheus.Registry
	shutdown []func(context.Context) error
}

// FromEnv configures OpenTelemetry from the standard environment:
// OTEL_SDK_DISABLED, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, the
// sampler (OTEL_TRACES_SAMPLER), and exporters by OTEL_TRACES_EXPORTER and
// OTEL_METRICS_EXPORTER ("otlp", "console", "none") with their
// OTEL_EXPORTER_OTLP_* settings. Unlike the specification's default of
// "otlp", an unset exporter variable means no export: a sidecar should not
// try a collector nobody configured. Metrics are always kept for the
// Prometheus registry. getenv (os.Getenv when nil) decides whether the
// SDK is on and which signals are exported; the exporters' and resource's
// own settings are read from the process environment by the SDK.
func FromEnv(ctx context.Context, serviceName string, getenv func(string) string) (*Telemetry, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	t := &Telemetry{Registry: prometheus.NewRegistry()}
	t.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		t.TracerProvider, t.MeterProvider = nooptrace.NewTracerProvider(), noopmetric.NewMeterProvider()
		return t, nil
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceName(serviceName)))
	if err != nil {
		return nil, err
	}
	// The environment's service name and attributes win over ours.
	if envRes, err := resource.New(ctx, resource.WithFromEnv()); err == nil {
		if merged, err := resource.Merge(res, envRes); err == nil {
			res = merged
		}
	}

	prom, err := otelprom.New(otelprom.WithRegisterer(t.Registry), otelprom.WithoutScopeInfo())
	if err != nil {
		return nil, err
	}
	mopts := []sdkmetric.Option{sdkmetric.WithResource(res), sdkmetric.WithReader(prom)}
	if v := getenv("OTEL_METRICS_EXPORTER"); v != "" && v != "none" {
		r, err := autoexport.NewMetricReader(ctx)
		if err != nil {
			return nil, err
		}
		mopts = append(mopts, sdkmetric.WithReader(r))
	}
	mp := sdkmetric.NewMeterProvider(mopts...)
	t.MeterProvider = mp
	t.shutdown = append(t.shutdown, mp.Shutdown)

	if v := getenv("OTEL_TRACES_EXPORTER"); v == "" || v == "none" {
		t.TracerProvider = nooptrace.NewTracerProvider()
	} else {
		exp, err := autoexport.NewSpanExporter(ctx)
		if err != nil {
			return nil, errors.Join(err, t.Shutdown(ctx))
		}
		tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithBatcher(exp))
		t.TracerProvider = tp
		t.shutdown = append(t.shutdown, tp.Shutdown)
	}
	return t, nil
}

// Shutdown flushes and stops the exporters.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var errs []error
	for _, f := range t.shutdown {
		errs = append(errs, f(ctx))
	}
	t.shutdown = nil
	return errors.Join(errs...)
}
