package geo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"
	"time"

	"github.com/paulmach/orb"
)

// The JSON encoding of the geo types, defined here once so that the command
// line tool, the gateway and users' own services all speak the same one:
//
//   - points are [lon, lat] arrays, as in GeoJSON, never {lat, lng} objects;
//     a route's geometry is an array of points;
//   - durations are seconds as a JSON number (fractions allowed), distances
//     are metres ("distance_m"), fares are whole won ("toll_fare_krw");
//   - names are snake_case; empty strings, false and zero fares are left
//     out, while distances, durations and confidence are always present;
//   - an error (a matrix cell's) is {"kind", "provider", "message"}, kind
//     being KindName's short name such as "not_found";
//   - a Priority is "recommended", "time" or "distance".
//
// Each type has a mirror struct below carrying the JSON names; values are
// copied between the two by field name, so a field added to a geo type is
// encoded by adding one line to its mirror.

// Seconds is a duration in seconds as a JSON number: 90.5 is 1 min 30.5 s.
type Seconds float64

func secondsOf(d time.Duration) Seconds { return Seconds(d.Seconds()) }

// Duration returns s as a time.Duration, rounded to the nanosecond.
func (s Seconds) Duration() time.Duration { return time.Duration(math.Round(float64(s) * 1e9)) }

type placeJSON struct {
	Point      orb.Point `json:"point"`
	Name       string    `json:"name,omitempty"`
	Address    Address   `json:"address"`
	Confidence float64   `json:"confidence"`
	Provider   string    `json:"provider,omitempty"`
	Stale      bool      `json:"stale,omitempty"`
}

type addressJSON struct {
	Road         string `json:"road,omitempty"`
	Jibun        string `json:"jibun,omitempty"`
	English      string `json:"english,omitempty"`
	Sido         string `json:"sido,omitempty"`
	Sigungu      string `json:"sigungu,omitempty"`
	LegalDong    string `json:"legal_dong,omitempty"`
	AdminDong    string `json:"admin_dong,omitempty"`
	Ri           string `json:"ri,omitempty"`
	RoadName     string `json:"road_name,omitempty"`
	BuildingMain string `json:"building_main,omitempty"`
	BuildingSub  string `json:"building_sub,omitempty"`
	Underground  bool   `json:"underground,omitempty"`
	BuildingName string `json:"building_name,omitempty"`
	LandMain     string `json:"land_main,omitempty"`
	LandSub      string `json:"land_sub,omitempty"`
	Mountain     bool   `json:"mountain,omitempty"`
	PostalCode   string `json:"postal_code,omitempty"`
	LegalCode    string `json:"legal_code,omitempty"`
	AdminCode    string `json:"admin_code,omitempty"`
}

type routeJSON struct {
	DistanceMeters        float64        `json:"distance_m"`
	Duration              Seconds        `json:"duration_s"`
	Geometry              orb.LineString `json:"geometry,omitempty"`
	Legs                  []Leg          `json:"legs,omitempty"`
	TollFareKRW           int            `json:"toll_fare_krw,omitempty"`
	TaxiFareKRW           int            `json:"taxi_fare_krw,omitempty"`
	FuelFareKRW           int            `json:"fuel_fare_krw,omitempty"`
	OriginSnapMeters      float64        `json:"origin_snap_m,omitempty"`
	DestinationSnapMeters float64        `json:"destination_snap_m,omitempty"`
	Provider              string         `json:"provider,omitempty"`
	Estimated             bool           `json:"estimated,omitempty"`
	Stale                 bool           `json:"stale,omitempty"`
}

type legJSON struct {
	DistanceMeters float64 `json:"distance_m"`
	Duration       Seconds `json:"duration_s"`
}

type matrixJSON struct {
	Cells [][]Cell `json:"cells"`
}

type cellJSON struct {
	DistanceMeters float64    `json:"distance_m"`
	Duration       Seconds    `json:"duration_s"`
	Provider       string     `json:"provider,omitempty"`
	Estimated      bool       `json:"estimated,omitempty"`
	Err            *errorJSON `json:"error,omitempty"`
}

type geocodeRequestJSON struct {
	Query    string     `json:"query"`
	Limit    int        `json:"limit,omitempty"`
	Near     *orb.Point `json:"near,omitempty"`
	Language string     `json:"language,omitempty"`
}

type reverseRequestJSON struct {
	Point    orb.Point `json:"point"`
	Language string    `json:"language,omitempty"`
}

type routeRequestJSON struct {
	Origin      orb.Point   `json:"origin"`
	Destination orb.Point   `json:"destination"`
	Waypoints   []orb.Point `json:"waypoints,omitempty"`
	Priority    Priority    `json:"priority,omitzero"`
	AvoidTolls  bool        `json:"avoid_tolls,omitempty"`
	DepartAt    time.Time   `json:"depart_at,omitzero"`
}

type matrixRequestJSON struct {
	Origins      []orb.Point `json:"origins"`
	Destinations []orb.Point `json:"destinations"`
	Priority     Priority    `json:"priority,omitzero"`
}

// errorJSON is how an error travels.
type errorJSON struct {
	Kind     string `json:"kind"`
	Provider string `json:"provider,omitempty"`
	Message  string `json:"message"`
}

// decodedError is an error read back from JSON: it prints its message and
// matches its kind, so errors.Is works on both sides of the wire.
type decodedError struct {
	kind     error
	provider string
	msg      string
}

func (e *decodedError) Error() string        { return e.msg }
func (e *decodedError) Is(target error) bool { return target != nil && target == e.kind }

var kindNames = map[error]string{
	ErrInvalidRequest: "invalid_request", ErrNotFound: "not_found", ErrUnsupported: "unsupported",
	ErrUnauthorized: "unauthorized", ErrRateLimited: "rate_limited", ErrQuotaExceeded: "quota_exceeded",
	ErrUnavailable: "unavailable",
}

// KindName returns the short name of err's kind, as used in JSON:
// "invalid_request", "not_found", "unsupported", "unauthorized",
// "rate_limited", "quota_exceeded" or "unavailable"; "canceled" and
// "deadline_exceeded" for the context errors; "error" for anything else;
// "" for nil.
func KindName(err error) string {
	switch {
	case err == nil:
		return ""
	case KindOf(err) != nil:
		return kindNames[KindOf(err)]
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline_exceeded"
	}
	return "error"
}

// KindByName returns the error kind KindName names, or nil for names that
// are not one of the geo kinds.
func KindByName(name string) error {
	for k, n := range kindNames {
		if n == name {
			return k
		}
	}
	return nil
}

func errorToJSON(err error) *errorJSON {
	if err == nil {
		return nil
	}
	j := &errorJSON{Kind: KindName(err), Message: err.Error()}
	var pe *ProviderError
	var de *decodedError
	switch {
	case errors.As(err, &pe):
		j.Provider = pe.Provider
	case errors.As(err, &de):
		j.Provider = de.provider
	}
	return j
}

func errorFromJSON(j *errorJSON) error {
	if j == nil {
		return nil
	}
	return &decodedError{kind: KindByName(j.Kind), provider: j.Provider, msg: j.Message}
}

// MarshalJSON encodes p as {"point": [lon, lat], "name", "address",
// "confidence", "provider", "stale"}; see the encoding notes at the top of
// json.go, which hold for every geo type.
func (p Place) MarshalJSON() ([]byte, error) { return marshalVia(&p, &placeJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (p *Place) UnmarshalJSON(b []byte) error { return unmarshalVia(b, p, &placeJSON{}) }

// MarshalJSON encodes a as an object of snake_case fields, empty ones left out.
func (a Address) MarshalJSON() ([]byte, error) { return marshalVia(&a, &addressJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (a *Address) UnmarshalJSON(b []byte) error { return unmarshalVia(b, a, &addressJSON{}) }

// MarshalJSON encodes r as {"distance_m", "duration_s", "geometry":
// [[lon, lat], …], "legs", "toll_fare_krw", "taxi_fare_krw",
// "fuel_fare_krw", "origin_snap_m", "destination_snap_m", "provider",
// "estimated", "stale"}.
func (r Route) MarshalJSON() ([]byte, error) { return marshalVia(&r, &routeJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (r *Route) UnmarshalJSON(b []byte) error { return unmarshalVia(b, r, &routeJSON{}) }

// MarshalJSON encodes l as {"distance_m", "duration_s"}.
func (l Leg) MarshalJSON() ([]byte, error) { return marshalVia(&l, &legJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (l *Leg) UnmarshalJSON(b []byte) error { return unmarshalVia(b, l, &legJSON{}) }

// MarshalJSON encodes m as {"cells": [[cell, …], …]}, indexed [origin][destination].
func (m Matrix) MarshalJSON() ([]byte, error) { return marshalVia(&m, &matrixJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (m *Matrix) UnmarshalJSON(b []byte) error { return unmarshalVia(b, m, &matrixJSON{}) }

// MarshalJSON encodes c as {"distance_m", "duration_s", "provider",
// "estimated", "error": {"kind", "provider", "message"}}.
func (c Cell) MarshalJSON() ([]byte, error) { return marshalVia(&c, &cellJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON. A decoded error matches its
// kind with errors.Is and prints its message.
func (c *Cell) UnmarshalJSON(b []byte) error { return unmarshalVia(b, c, &cellJSON{}) }

// MarshalJSON encodes r as {"query", "limit", "near": [lon, lat], "language"}.
func (r GeocodeRequest) MarshalJSON() ([]byte, error) { return marshalVia(&r, &geocodeRequestJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (r *GeocodeRequest) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, r, &geocodeRequestJSON{})
}

// MarshalJSON encodes r as {"point": [lon, lat], "language"}.
func (r ReverseRequest) MarshalJSON() ([]byte, error) { return marshalVia(&r, &reverseRequestJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (r *ReverseRequest) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, r, &reverseRequestJSON{})
}

// MarshalJSON encodes r as {"origin", "destination", "waypoints",
// "priority", "avoid_tolls", "depart_at" (RFC 3339)}.
func (r RouteRequest) MarshalJSON() ([]byte, error) { return marshalVia(&r, &routeRequestJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (r *RouteRequest) UnmarshalJSON(b []byte) error { return unmarshalVia(b, r, &routeRequestJSON{}) }

// MarshalJSON encodes r as {"origins", "destinations", "priority"}.
func (r MatrixRequest) MarshalJSON() ([]byte, error) { return marshalVia(&r, &matrixRequestJSON{}) }

// UnmarshalJSON is the inverse of MarshalJSON.
func (r *MatrixRequest) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, r, &matrixRequestJSON{})
}

// MarshalText returns Priority.String.
func (p Priority) MarshalText() ([]byte, error) {
	if p < PriorityRecommended || p > PriorityDistance {
		return nil, fmt.Errorf("geo: cannot encode %v", p)
	}
	return []byte(p.String()), nil
}

// UnmarshalText accepts "recommended" (or ""), "time" and "distance".
func (p *Priority) UnmarshalText(b []byte) error {
	switch string(b) {
	case "recommended", "":
		*p = PriorityRecommended
	case "time":
		*p = PriorityTime
	case "distance":
		*p = PriorityDistance
	default:
		return fmt.Errorf("geo: unknown priority %q: use recommended, time or distance", b)
	}
	return nil
}

func marshalVia(v, mirror any) ([]byte, error) {
	copyFields(reflect.ValueOf(mirror).Elem(), reflect.ValueOf(v).Elem())
	return json.Marshal(mirror)
}

func unmarshalVia(b []byte, v, mirror any) error {
	if err := json.Unmarshal(b, mirror); err != nil {
		return err
	}
	copyFields(reflect.ValueOf(v).Elem(), reflect.ValueOf(mirror).Elem())
	return nil
}

var (
	durationType = reflect.TypeFor[time.Duration]()
	secondsType  = reflect.TypeFor[Seconds]()
	errorType    = reflect.TypeFor[error]()
	errorJSONPtr = reflect.TypeFor[*errorJSON]()
)

// fieldPair is one field copied between a geo type and its mirror.
type fieldPair struct{ dst, src int }

var pairCache sync.Map // [2]reflect.Type → []fieldPair

// pairs matches dst's fields to src's by name, once per pair of types.
func pairs(dt, st reflect.Type) []fieldPair {
	key := [2]reflect.Type{dt, st}
	if p, ok := pairCache.Load(key); ok {
		return p.([]fieldPair)
	}
	var out []fieldPair
	for i := range dt.NumField() {
		if f, ok := st.FieldByName(dt.Field(i).Name); ok && len(f.Index) == 1 {
			out = append(out, fieldPair{i, f.Index[0]})
		}
	}
	pairCache.Store(key, out)
	return out
}

// copyFields copies src's fields into dst's fields of the same name,
// converting durations to Seconds and errors to errorJSON and back.
func copyFields(dst, src reflect.Value) {
	for _, p := range pairs(dst.Type(), src.Type()) {
		d, s := dst.Field(p.dst), src.Field(p.src)
		switch {
		case s.Type() == durationType && d.Type() == secondsType:
			d.SetFloat(float64(secondsOf(time.Duration(s.Int()))))
		case s.Type() == secondsType && d.Type() == durationType:
			d.SetInt(int64(Seconds(s.Float()).Duration()))
		case s.Type() == errorType && d.Type() == errorJSONPtr:
			if !s.IsNil() {
				d.Set(reflect.ValueOf(errorToJSON(s.Interface().(error))))
			}
		case s.Type() == errorJSONPtr && d.Type() == errorType:
			if !s.IsNil() {
				d.Set(reflect.ValueOf(errorFromJSON(s.Interface().(*errorJSON))))
			}
		case s.Type().AssignableTo(d.Type()):
			d.Set(s)
		default:
			panic("geo: no JSON conversion from " + s.Type().String() + " to " + d.Type().String())
		}
	}
}
