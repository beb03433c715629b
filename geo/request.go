package geo

import (
	"strconv"
	"time"

	"github.com/paulmach/orb"
)

// GeocodeRequest asks for the places matching a free-text address or place
// name. It is passed by value so the failover client can replay it unchanged
// to the next provider.
type GeocodeRequest struct {
	// Query is the address or place name, e.g. "서울 중구 세종대로 110" or
	// "판교역". Required; at most MaxQueryRunes characters.
	Query string
	// Limit caps the number of places returned; 0 means the provider's
	// default (usually 10). At most MaxLimit.
	Limit int
	// Near, when set, biases results towards this point (lon, lat).
	Near *orb.Point
	// Language is a BCP 47 tag such as "ko" or "en"; empty means the
	// provider's default (Korean for the Korean providers).
	Language string
}

// ReverseRequest asks for the addresses at a point.
type ReverseRequest struct {
	// Point is [lon, lat] WGS84.
	Point    orb.Point
	Language string
}

// Priority selects what a route optimises for.
type Priority int

// Route priorities. The zero value is the provider's recommended route.
const (
	PriorityRecommended Priority = iota
	PriorityTime
	PriorityDistance
)

// String returns "recommended", "time" or "distance".
func (p Priority) String() string {
	switch p {
	case PriorityRecommended:
		return "recommended"
	case PriorityTime:
		return "time"
	case PriorityDistance:
		return "distance"
	}
	return "Priority(" + strconv.Itoa(int(p)) + ")"
}

// RouteRequest asks for a driving route from Origin through Waypoints, in
// order, to Destination. All points are [lon, lat] WGS84.
type RouteRequest struct {
	Origin      orb.Point
	Destination orb.Point
	// Waypoints are visited in order; at most MaxWaypoints.
	Waypoints  []orb.Point
	Priority   Priority
	AvoidTolls bool
	// DepartAt asks for a route for a future departure where the provider
	// supports it; the zero value means now.
	DepartAt time.Time
}

// MatrixRequest asks for driving distance and duration between every origin
// and every destination.
type MatrixRequest struct {
	Origins      []orb.Point
	Destinations []orb.Point
	Priority     Priority
}
