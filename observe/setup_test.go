package observe_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/trace/noop"

	"github.com/mapswitch/mapswitch/observe"
)

func TestFromEnvWithoutExporters(t *testing.T) {
	env := map[string]string{"OTEL_SERVICE_NAME": "gw-test"}
	tel, err := observe.FromEnv(context.Background(), "mapswitch", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	defer tel.Shutdown(context.Background())
	if _, ok := tel.TracerProvider.(noop.TracerProvider); !ok {
		t.Errorf("no OTEL_TRACES_EXPORTER gave %T, want the no-op provider", tel.TracerProvider)
	}
	if _, err := observe.New(tel.TracerProvider, tel.MeterProvider); err != nil {
		t.Fatal(err)
	}
	mfs, err := tel.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	if !names["go_goroutines"] || !names["target_info"] {
		t.Errorf("registry holds %v; want the Go collector and OpenTelemetry's target_info", names)
	}

	off, err := observe.FromEnv(context.Background(), "mapswitch", func(k string) string {
		return map[string]string{"OTEL_SDK_DISABLED": "true"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := off.TracerProvider.(noop.TracerProvider); !ok {
		t.Errorf("OTEL_SDK_DISABLED gave %T", off.TracerProvider)
	}
}
