package geotest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

var (
	cityHall = orb.Point{126.9779, 37.5663}
	busan    = orb.Point{129.0756, 35.1796}
)

func TestSuitePassesOnFake(t *testing.T) {
	f := NewFake("fake")
	TestGeocoder(t, f, []GeocodeCase{
		{Name: "near", Req: geo.GeocodeRequest{Query: "서울시청", Near: &cityHall}, WantPoint: cityHall},
	})
	TestReverseGeocoder(t, f, []ReverseCase{{Name: "city hall", Req: geo.ReverseRequest{Point: cityHall}, WantContains: "세종대로"}})
	TestRouter(t, f, []RouteCase{{Name: "seoul-busan", Req: geo.RouteRequest{Origin: cityHall, Destination: busan},
		MinMeters: 300e3, MaxMeters: 350e3}})
	TestMatrixer(t, f, []MatrixCase{{Name: "2x1", Req: geo.MatrixRequest{Origins: []orb.Point{cityHall, busan}, Destinations: []orb.Point{busan}}}})
}

// recorder is a tb that records failures instead of failing the test.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}
func (r *recorder) Run(name string, f func(tb)) bool {
	f(r)
	return true
}

// liar wraps a Fake and breaks one rule of the suite.
type liar struct {
	*Fake
	emptyOK    bool // empty slice instead of ErrNotFound
	ignoreCtx  bool // answers after cancellation
	noValidate bool // accepts bad coordinates
	wrongName  bool // results name another provider
}

func (l liar) Geocode(ctx context.Context, req geo.GeocodeRequest) ([]geo.Place, error) {
	if l.ignoreCtx {
		ctx = context.Background()
	}
	if l.noValidate && req.Near != nil {
		req.Near = nil
	}
	if l.emptyOK {
		return []geo.Place{}, nil
	}
	ps, err := l.Fake.Geocode(ctx, req)
	if l.wrongName {
		for i := range ps {
			ps[i].Provider = "someone-else"
		}
	}
	return ps, err
}

func TestSuiteCatchesBrokenProviders(t *testing.T) {
	cases := []GeocodeCase{{Name: "ok", Req: geo.GeocodeRequest{Query: "서울시청"}}}
	for name, l := range map[string]liar{
		"empty slice":       {emptyOK: true},
		"ignores ctx":       {ignoreCtx: true},
		"no validation":     {noValidate: true},
		"wrong provider":    {wrongName: true},
		"wrong point (far)": {},
	} {
		l.Fake = NewFake("liar")
		c := cases
		if name == "wrong point (far)" {
			c = []GeocodeCase{{Name: "far", Req: geo.GeocodeRequest{Query: "x", Near: &busan}, WantPoint: cityHall}}
		}
		var r recorder
		testGeocoder(&r, l, c)
		if len(r.errs) == 0 {
			t.Errorf("%s: the suite reported nothing", name)
		}
	}
}

func TestFakeScript(t *testing.T) {
	f := NewFake("k")
	f.Push(geo.OpRoute, Step{Err: geo.ErrUnavailable}, Step{Err: geo.ErrQuotaExceeded})
	ctx := context.Background()
	req := geo.RouteRequest{Origin: cityHall, Destination: busan}
	_, err := f.Route(ctx, req)
	var pe *geo.ProviderError
	if !errors.As(err, &pe) || pe.Provider != "k" || pe.Op != geo.OpRoute || !errors.Is(err, geo.ErrUnavailable) {
		t.Fatalf("first call: %v", err)
	}
	if _, err := f.Route(ctx, req); !errors.Is(err, geo.ErrQuotaExceeded) {
		t.Fatalf("second call: %v", err)
	}
	r, err := f.Route(ctx, req)
	if err != nil || r.Provider != "k" || r.DistanceMeters < 300e3 {
		t.Fatalf("third call: %+v, %v", r, err)
	}
	if n := f.Calls(geo.OpRoute); n != 3 {
		t.Errorf("Calls = %d, want 3", n)
	}
	if _, err := f.Route(ctx, geo.RouteRequest{Origin: orb.Point{37.5, 127}}); !errors.Is(err, geo.ErrInvalidRequest) {
		t.Errorf("invalid request: %v", err)
	}
	if n := f.Calls(geo.OpRoute); n != 3 {
		t.Errorf("an invalid request was counted as a call: Calls = %d", n)
	}
}

func TestFakeDelayHonoursContext(t *testing.T) {
	f := NewFake("slow")
	f.SetDefault(geo.OpGeocode, Step{Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := f.Geocode(ctx, geo.GeocodeRequest{Query: "판교역"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want deadline exceeded", err)
	}
}

func TestOnly(t *testing.T) {
	f := NewFake("x")
	p := Only(f, geo.OpGeocode, geo.OpReverse)
	if _, ok := p.(geo.Router); ok {
		t.Error("geocode+reverse provider is a Router")
	}
	if _, ok := p.(geo.ReverseGeocoder); !ok || p.Name() != "x" {
		t.Error("geocode+reverse provider lacks ReverseGeocoder or its name")
	}
	if _, ok := Only(f, geo.OpMatrix).(geo.Geocoder); ok {
		t.Error("matrix-only provider is a Geocoder")
	}
}

func ExampleFake() {
	f := NewFake("kakao")
	f.Push(geo.OpGeocode, Step{Err: geo.ErrUnavailable})
	_, err := f.Geocode(context.Background(), geo.GeocodeRequest{Query: "판교역"})
	fmt.Println(err)
	places, _ := f.Geocode(context.Background(), geo.GeocodeRequest{Query: "판교역"})
	fmt.Println(places[0].Provider, f.Calls(geo.OpGeocode))
	// Output:
	// kakao geocode: provider unavailable: scripted by geotest.Fake
	// kakao 2
}
