package fallback_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/osm"
)

// The overhead of the failover client: the same OSRM-shaped local server
// asked through the osm provider directly and through fallback.Client over
// that one provider, in the same run.
//
//	go test -run '^$' -bench Overhead -benchmem -count 6 ./fallback/

func overheadSetup(b *testing.B) (*osm.Client, *fallback.Client) {
	line := geo.EncodePolyline(orb.LineString{{127.1112, 37.3948}, {126.9779, 37.5663}}, 6)
	body := fmt.Sprintf(`{"code":"Ok","routes":[{"geometry":%q,"legs":[{"distance":23012,"duration":2405}],"distance":23012,"duration":2405}],"waypoints":[]}`, line)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	b.Cleanup(srv.Close)
	o, err := osm.New(osm.WithUserAgent("mapswitch-bench/1.0"), osm.WithOSRMURL(srv.URL), osm.WithNominatimURL(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	f, err := fallback.New([]geo.Provider{o})
	if err != nil {
		b.Fatal(err)
	}
	return o, f
}

var benchReq = geo.RouteRequest{Origin: orb.Point{127.1112, 37.3948}, Destination: orb.Point{126.9779, 37.5663}}

func BenchmarkOverheadDirect(b *testing.B) {
	o, _ := overheadSetup(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := o.Route(context.Background(), benchReq); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOverheadDirectTimeout calls the provider the way production code
// does: with a per-call deadline, which costs net/http a cancellation watch.
func BenchmarkOverheadDirectTimeout(b *testing.B) {
	o, _ := overheadSetup(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), fallback.DefaultAttemptTimeout)
		if _, err := o.Route(ctx, benchReq); err != nil {
			b.Fatal(err)
		}
		cancel()
	}
}

func BenchmarkOverheadFallback(b *testing.B) {
	_, f := overheadSetup(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := f.Route(context.Background(), benchReq); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOverheadPaired alternates a direct call (with a per-call
// deadline) and a fallback call in the same loop, so that both see the same
// machine load, and reports each one's mean time and the overhead in percent.
//
//	go test -run '^$' -bench OverheadPaired -count 5 ./fallback/
func BenchmarkOverheadPaired(b *testing.B) {
	o, f := overheadSetup(b)
	var direct, via time.Duration
	b.ResetTimer()
	directCall := func() time.Duration {
		t0 := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), fallback.DefaultAttemptTimeout)
		if _, err := o.Route(ctx, benchReq); err != nil {
			b.Fatal(err)
		}
		cancel()
		return time.Since(t0)
	}
	viaCall := func() time.Duration {
		t0 := time.Now()
		if _, err := f.Route(context.Background(), benchReq); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	for i := 0; i < b.N; i++ {
		// Alternate which goes first, so neither always pays for the
		// other's garbage or warms the connection for it.
		if i%2 == 0 {
			direct += directCall()
			via += viaCall()
		} else {
			via += viaCall()
			direct += directCall()
		}
	}
	b.ReportMetric(float64(direct.Nanoseconds())/float64(b.N), "direct-ns/call")
	b.ReportMetric(float64(via.Nanoseconds())/float64(b.N), "fallback-ns/call")
	b.ReportMetric(100*(float64(via)/float64(direct)-1), "overhead-%")
}
