package geo

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestValidationRejects(t *testing.T) {
	ok := orb.Point{126.9779, 37.5663}
	nan, inf := math.NaN(), math.Inf(1)
	many := make([]orb.Point, MaxWaypoints+1)
	for i := range many {
		many[i] = ok
	}
	big := make([]orb.Point, 400)
	for i := range big {
		big[i] = ok
	}
	for _, tc := range []struct {
		name    string
		err     error
		field   string // the message must name it
		mention string // and say this
	}{
		{"empty query", GeocodeRequest{}.Validate(), "Query", "empty"},
		{"blank query", GeocodeRequest{Query: " \t "}.Validate(), "Query", "empty"},
		{"long query", GeocodeRequest{Query: strings.Repeat("가", MaxQueryRunes+1)}.Validate(), "Query", "limit"},
		{"control chars", GeocodeRequest{Query: "서울\x00시청"}.Validate(), "Query", "control"},
		{"invalid utf-8", GeocodeRequest{Query: "\xff\xfe"}.Validate(), "Query", "UTF-8"},
		{"negative limit", GeocodeRequest{Query: "a", Limit: -1}.Validate(), "Limit", "-1"},
		{"huge limit", GeocodeRequest{Query: "a", Limit: MaxLimit + 1}.Validate(), "Limit", "101"},
		{"near NaN", GeocodeRequest{Query: "a", Near: &orb.Point{nan, 37}}.Validate(), "Near", "NaN"},
		{"reverse NaN", ReverseRequest{Point: orb.Point{126, nan}}.Validate(), "Point", "NaN"},
		{"reverse +Inf", ReverseRequest{Point: orb.Point{inf, 37}}.Validate(), "Point", "infinite"},
		{"reverse -Inf", ReverseRequest{Point: orb.Point{126, -inf}}.Validate(), "Point", "infinite"},
		{"lat out of range", ReverseRequest{Point: orb.Point{0, 90.5}}.Validate(), "Point", "latitude"},
		{"lon out of range", ReverseRequest{Point: orb.Point{-180.1, 0}}.Validate(), "Point", "longitude"},
		{"swapped korea", ReverseRequest{Point: orb.Point{37.5663, 126.9779}}.Validate(), "Point", "swapped"},
		{"origin swapped", RouteRequest{Origin: orb.Point{35.1796, 129.0756}, Destination: ok}.Validate(), "Origin", "swapped"},
		{"destination bad", RouteRequest{Origin: ok, Destination: orb.Point{200, 0}}.Validate(), "Destination", "longitude"},
		{"waypoint bad", RouteRequest{Origin: ok, Destination: ok, Waypoints: []orb.Point{ok, {nan, 0}}}.Validate(), "Waypoints[1]", "NaN"},
		{"too many waypoints", RouteRequest{Origin: ok, Destination: ok, Waypoints: many}.Validate(), "Waypoints", "limit"},
		{"bad priority", RouteRequest{Origin: ok, Destination: ok, Priority: 7}.Validate(), "Priority", "7"},
		{"no origins", MatrixRequest{Destinations: []orb.Point{ok}}.Validate(), "Origins", "empty"},
		{"no destinations", MatrixRequest{Origins: []orb.Point{ok}}.Validate(), "Destinations", "empty"},
		{"matrix too big", MatrixRequest{Origins: big, Destinations: big}.Validate(), "Origins", "cells"},
		{"matrix bad point", MatrixRequest{Origins: []orb.Point{ok}, Destinations: []orb.Point{ok, {1, 100}}}.Validate(), "Destinations[1]", "latitude"},
	} {
		var re *RequestError
		switch {
		case !errors.Is(tc.err, ErrInvalidRequest):
			t.Errorf("%s: %v does not match ErrInvalidRequest", tc.name, tc.err)
		case !errors.As(tc.err, &re) || re.Field != tc.field:
			t.Errorf("%s: field of %v, want %q", tc.name, tc.err, tc.field)
		case !strings.Contains(tc.err.Error(), tc.field) || !strings.Contains(tc.err.Error(), tc.mention):
			t.Errorf("%s: message %q should name %q and mention %q", tc.name, tc.err, tc.field, tc.mention)
		}
	}
}

func TestValidationAccepts(t *testing.T) {
	ok := orb.Point{126.9779, 37.5663}
	for _, err := range []error{
		GeocodeRequest{Query: "서울특별시 중구 세종대로 110", Limit: 5, Near: &ok}.Validate(),
		ReverseRequest{Point: ok}.Validate(),
		ReverseRequest{Point: orb.Point{-180, -90}}.Validate(),
		RouteRequest{Origin: ok, Destination: orb.Point{129.0756, 35.1796}, Waypoints: []orb.Point{ok}, Priority: PriorityDistance}.Validate(),
		MatrixRequest{Origins: []orb.Point{ok}, Destinations: []orb.Point{ok}}.Validate(),
	} {
		if err != nil {
			t.Errorf("valid request rejected: %v", err)
		}
	}
}

func FuzzValidatePoint(f *testing.F) {
	f.Add(126.9, 37.5)
	f.Add(37.5, 126.9)
	f.Fuzz(func(t *testing.T, lon, lat float64) {
		err := ValidatePoint("p", orb.Point{lon, lat})
		valid := !math.IsNaN(lon) && !math.IsNaN(lat) && math.Abs(lon) <= 180 && math.Abs(lat) <= 90
		if (err == nil) != valid {
			t.Fatalf("ValidatePoint(%v, %v) = %v", lon, lat, err)
		}
	})
}
