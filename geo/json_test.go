package geo

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func fullAddress() Address {
	return Address{Road: "서울특별시 중구 세종대로 110", Jibun: "서울특별시 중구 태평로1가 31", English: "110 Sejong-daero",
		Sido: "서울특별시", Sigungu: "중구", LegalDong: "태평로1가", AdminDong: "명동", Ri: "",
		RoadName: "세종대로", BuildingMain: "110", BuildingSub: "2", Underground: true, BuildingName: "서울특별시청",
		LandMain: "31", LandSub: "1", Mountain: true, PostalCode: "04524", LegalCode: "1114010300", AdminCode: "1114055000"}
}

func roundTrip[T any](t *testing.T, in T) (T, string) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	b2, _ := json.Marshal(out)
	if string(b) != string(b2) {
		t.Errorf("second encoding differs:\n%s\n%s", b, b2)
	}
	return out, string(b)
}

func TestJSONRoundTrips(t *testing.T) {
	near := orb.Point{127.1, 37.4}
	place := Place{Point: orb.Point{126.9779692, 37.5662952}, Address: fullAddress(), Name: "서울특별시청",
		Confidence: 0.9, Provider: "kakao", Stale: true}
	route := Route{DistanceMeters: 21034.5, Duration: 31*time.Minute + 500*time.Millisecond,
		Geometry:    orb.LineString{{127.1112, 37.3948}, {127.05, 37.5}, {126.9779, 37.5663}},
		Legs:        []Leg{{DistanceMeters: 10000, Duration: 15 * time.Minute}, {DistanceMeters: 11034.5, Duration: 16*time.Minute + 500*time.Millisecond}},
		TollFareKRW: 1200, TaxiFareKRW: 25300, FuelFareKRW: 2900, OriginSnapMeters: 12.5, DestinationSnapMeters: 3, Provider: "naver", Estimated: true, Stale: true}
	cases := []struct {
		name string
		do   func(t *testing.T) (any, any, string)
	}{
		{"place", func(t *testing.T) (any, any, string) { o, s := roundTrip(t, place); return place, o, s }},
		{"route", func(t *testing.T) (any, any, string) { o, s := roundTrip(t, route); return route, o, s }},
		{"geocode request", func(t *testing.T) (any, any, string) {
			in := GeocodeRequest{Query: "판교역", Limit: 3, Near: &near, Language: "ko"}
			o, s := roundTrip(t, in)
			return in, o, s
		}},
		{"reverse request", func(t *testing.T) (any, any, string) {
			in := ReverseRequest{Point: near, Language: "en"}
			o, s := roundTrip(t, in)
			return in, o, s
		}},
		{"route request", func(t *testing.T) (any, any, string) {
			in := RouteRequest{Origin: near, Destination: orb.Point{126.9, 37.5}, Waypoints: []orb.Point{{127, 37.45}},
				Priority: PriorityDistance, AvoidTolls: true, DepartAt: time.Date(2026, 3, 1, 8, 30, 0, 0, time.UTC)}
			o, s := roundTrip(t, in)
			return in, o, s
		}},
		{"matrix request", func(t *testing.T) (any, any, string) {
			in := MatrixRequest{Origins: []orb.Point{near}, Destinations: []orb.Point{{126.9, 37.5}, {129, 35.1}}, Priority: PriorityTime}
			o, s := roundTrip(t, in)
			return in, o, s
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in, out, s := tc.do(t)
			if !reflect.DeepEqual(in, out) {
				t.Errorf("round trip changed the value:\n in %+v\nout %+v\njson %s", in, out, s)
			}
		})
	}
}

func TestJSONShape(t *testing.T) {
	b, _ := json.Marshal(Route{DistanceMeters: 1500, Duration: 90500 * time.Millisecond,
		Geometry: orb.LineString{{127.1, 37.4}, {127.2, 37.5}}, Provider: "osm"})
	want := `{"distance_m":1500,"duration_s":90.5,"geometry":[[127.1,37.4],[127.2,37.5]],"provider":"osm"}`
	if string(b) != want {
		t.Errorf("route:\n got %s\nwant %s", b, want)
	}
	b, _ = json.Marshal(Place{Point: orb.Point{127.1, 37.4}, Address: Address{Road: "r", PostalCode: "04524"}, Confidence: 1})
	want = `{"point":[127.1,37.4],"address":{"road":"r","postal_code":"04524"},"confidence":1}`
	if string(b) != want {
		t.Errorf("place:\n got %s\nwant %s", b, want)
	}
	b, _ = json.Marshal(RouteRequest{Origin: orb.Point{1, 2}, Destination: orb.Point{3, 4}})
	if want := `{"origin":[1,2],"destination":[3,4]}`; string(b) != want {
		t.Errorf("route request:\n got %s\nwant %s", b, want)
	}
}

func TestJSONMatrixErrors(t *testing.T) {
	pe := &ProviderError{Provider: "osrm", Op: OpMatrix, StatusCode: 200, Code: "NoRoute", Kind: ErrNotFound}
	m := Matrix{Cells: [][]Cell{{
		{DistanceMeters: 1200, Duration: 3 * time.Minute, Provider: "kakao"},
		{Provider: "estimate", Estimated: true, DistanceMeters: 5, Duration: time.Second},
		{Err: pe},
	}}}
	out, s := roundTrip(t, m)
	if !strings.Contains(s, `"error":{"kind":"not_found","provider":"osrm","message":"`+pe.Error()+`"}`) {
		t.Errorf("error encoding: %s", s)
	}
	got := out.Cells[0][2].Err
	if !errors.Is(got, ErrNotFound) || got.Error() != pe.Error() {
		t.Errorf("decoded error %v does not match its kind or message", got)
	}
	if out.Cells[0][0].Err != nil || out.Cells[0][0].Duration != 3*time.Minute || !out.Cells[0][1].Estimated {
		t.Errorf("cells %+v", out.Cells[0])
	}
}

func TestKindNames(t *testing.T) {
	for _, k := range kinds {
		n := KindName(&ProviderError{Kind: k})
		if n == "" || strings.ContainsAny(n, " -") || KindByName(n) != k {
			t.Errorf("kind %v: name %q does not map back", k, n)
		}
	}
	if KindName(errors.New("x")) != "error" || KindName(nil) != "" || KindByName("nope") != nil {
		t.Error("fallbacks")
	}
}

func TestJSONBadInput(t *testing.T) {
	var r RouteRequest
	if err := json.Unmarshal([]byte(`{"priority":"fastest"}`), &r); err == nil || !strings.Contains(err.Error(), "recommended, time or distance") {
		t.Errorf("bad priority: %v", err)
	}
	var p Place
	if err := json.Unmarshal([]byte(`{"point":"x"}`), &p); err == nil {
		t.Error("bad point accepted")
	}
}

// TestJSONCoversEveryField fails when a field is added to a geo type without
// its line in the type's mirror in json.go.
func TestJSONCoversEveryField(t *testing.T) {
	for _, m := range []struct{ v, mirror any }{
		{Place{}, placeJSON{}}, {Address{}, addressJSON{}}, {Route{}, routeJSON{}}, {Leg{}, legJSON{}},
		{Matrix{}, matrixJSON{}}, {Cell{}, cellJSON{}}, {GeocodeRequest{}, geocodeRequestJSON{}},
		{ReverseRequest{}, reverseRequestJSON{}}, {RouteRequest{}, routeRequestJSON{}}, {MatrixRequest{}, matrixRequestJSON{}},
	} {
		vt, mt := reflect.TypeOf(m.v), reflect.TypeOf(m.mirror)
		for i := range vt.NumField() {
			if _, ok := mt.FieldByName(vt.Field(i).Name); !ok {
				t.Errorf("geo.%s.%s has no JSON encoding: add one line to %s in json.go", vt.Name(), vt.Field(i).Name, mt.Name())
			}
		}
	}
}
