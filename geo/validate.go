package geo

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Limits enforced by the Validate methods. They are the tightest limits any
// supported provider imposes that the failover client cannot work around by
// splitting a request.
const (
	// MaxQueryRunes bounds GeocodeRequest.Query. Real addresses are well
	// under 100 characters; a longer query is almost always pasted text.
	MaxQueryRunes = 256
	// MaxLimit bounds GeocodeRequest.Limit.
	MaxLimit = 100
	// MaxWaypoints bounds RouteRequest.Waypoints: NAVER Directions 15 takes
	// at most 15 waypoints, the most of any supported router.
	MaxWaypoints = 15
	// MaxMatrixCells bounds len(Origins) × len(Destinations). Providers tile
	// larger matrices themselves; this guards against accidental requests
	// that would spend a day's quota.
	MaxMatrixCells = 100_000
)

// Korea's bounding box with a margin, used to recognise swapped [lat, lon]
// input: (lon 124–132, lat 33–39) read the wrong way round.
const (
	koreaMinLon, koreaMaxLon = 123.0, 133.0
	koreaMinLat, koreaMaxLat = 32.0, 39.5
)

// ValidatePoint checks that p is a finite [lon, lat] WGS84 point. field names
// the point in the error, e.g. "Origin". A point whose latitude is out of
// range but which would lie in Korea read as [lat, lon] gets a message saying
// the axes look swapped.
func ValidatePoint(field string, p orb.Point) error {
	lon, lat := p[0], p[1]
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat):
		return &RequestError{field, fmt.Sprintf("coordinate is NaN (%v, %v)", lon, lat)}
	case math.IsInf(lon, 0) || math.IsInf(lat, 0):
		return &RequestError{field, fmt.Sprintf("coordinate is infinite (%v, %v)", lon, lat)}
	case lat < -90 || lat > 90:
		if lat >= koreaMinLon && lat <= koreaMaxLon && lon >= koreaMinLat && lon <= koreaMaxLat {
			return &RequestError{field, fmt.Sprintf(
				"latitude %v is outside [-90, 90]; the point looks like [lat, lon] swapped: points are orb.Point{lon, lat}, try {%v, %v}",
				lat, lat, lon)}
		}
		return &RequestError{field, fmt.Sprintf("latitude %v is outside [-90, 90]", lat)}
	case lon < -180 || lon > 180:
		return &RequestError{field, fmt.Sprintf("longitude %v is outside [-180, 180]", lon)}
	}
	return nil
}

// Validate reports whether r can be sent to a provider. The error matches
// ErrInvalidRequest and names the field.
func (r GeocodeRequest) Validate() error {
	q := strings.TrimSpace(r.Query)
	switch {
	case q == "":
		return &RequestError{"Query", "is empty"}
	case !utf8.ValidString(r.Query):
		return &RequestError{"Query", "is not valid UTF-8"}
	case utf8.RuneCountInString(r.Query) > MaxQueryRunes:
		return &RequestError{"Query", fmt.Sprintf("has %d characters, more than the limit of %d",
			utf8.RuneCountInString(r.Query), MaxQueryRunes)}
	case strings.ContainsFunc(r.Query, isControl):
		return &RequestError{"Query", "contains control characters"}
	case r.Limit < 0 || r.Limit > MaxLimit:
		return &RequestError{"Limit", fmt.Sprintf("%d is outside [0, %d]", r.Limit, MaxLimit)}
	}
	if r.Near != nil {
		return ValidatePoint("Near", *r.Near)
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// Validate reports whether r can be sent to a provider.
func (r ReverseRequest) Validate() error { return ValidatePoint("Point", r.Point) }

// Validate reports whether r can be sent to a provider.
func (r RouteRequest) Validate() error {
	if err := ValidatePoint("Origin", r.Origin); err != nil {
		return err
	}
	if err := ValidatePoint("Destination", r.Destination); err != nil {
		return err
	}
	if len(r.Waypoints) > MaxWaypoints {
		return &RequestError{"Waypoints", fmt.Sprintf("has %d points, more than the limit of %d",
			len(r.Waypoints), MaxWaypoints)}
	}
	for i, p := range r.Waypoints {
		if err := ValidatePoint(fmt.Sprintf("Waypoints[%d]", i), p); err != nil {
			return err
		}
	}
	return validatePriority(r.Priority)
}

// Validate reports whether r can be sent to a provider.
func (r MatrixRequest) Validate() error {
	switch {
	case len(r.Origins) == 0:
		return &RequestError{"Origins", "is empty"}
	case len(r.Destinations) == 0:
		return &RequestError{"Destinations", "is empty"}
	case len(r.Origins)*len(r.Destinations) > MaxMatrixCells:
		return &RequestError{"Origins", fmt.Sprintf("%d origins × %d destinations is more than the limit of %d cells",
			len(r.Origins), len(r.Destinations), MaxMatrixCells)}
	}
	for i, p := range r.Origins {
		if err := ValidatePoint(fmt.Sprintf("Origins[%d]", i), p); err != nil {
			return err
		}
	}
	for i, p := range r.Destinations {
		if err := ValidatePoint(fmt.Sprintf("Destinations[%d]", i), p); err != nil {
			return err
		}
	}
	return validatePriority(r.Priority)
}

func validatePriority(p Priority) error {
	if p < PriorityRecommended || p > PriorityDistance {
		return &RequestError{"Priority", fmt.Sprintf("%d is not a known priority", int(p))}
	}
	return nil
}
