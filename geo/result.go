package geo

import (
	"time"

	"github.com/paulmach/orb"
)

// Place is one geocoding or reverse-geocoding result.
type Place struct {
	// Point is [lon, lat] WGS84.
	Point   orb.Point
	Address Address
	// Name is the POI or building name when the match was a place rather
	// than a bare address, e.g. "판교역 신분당선".
	Name string
	// Confidence is the provider's match quality mapped onto 0..1: 1 for an
	// exact road or jibun address, lower for partial (region-only) and
	// keyword matches. Comparable across providers only roughly.
	Confidence float64
	// Provider names the provider that answered.
	Provider string
	// Stale is true when the answer came from the failover client's cache
	// because every provider failed; it may be out of date.
	Stale bool
}

// Address is the Korean address model. Korea has two parallel address
// systems: road-name addresses (도로명주소, since 2014 the legal one) and
// land-lot addresses (지번주소). Providers fill what they know; any field may
// be empty.
type Address struct {
	// Road is the full road-name address, e.g. "서울특별시 중구 세종대로 110".
	Road string
	// Jibun is the full land-lot address, e.g. "서울특별시 중구 태평로1가 31".
	Jibun string
	// English is the English form of the address when the provider gives it.
	English string

	Sido      string // 시/도: province or metropolitan city, e.g. "서울특별시"
	Sigungu   string // 시/군/구, e.g. "중구" or "성남시 분당구"
	LegalDong string // 법정동 (legal dong/eup/myeon), e.g. "태평로1가"
	AdminDong string // 행정동 (administrative dong), e.g. "명동"
	Ri        string // 리, in rural areas

	RoadName     string // e.g. "세종대로"
	BuildingMain string // main building number, e.g. "110"
	BuildingSub  string // sub building number, "" when none
	Underground  bool   // the building number is underground (지하)
	BuildingName string

	LandMain string // main land-lot number (본번), e.g. "31"
	LandSub  string // sub land-lot number (부번), "" when none
	Mountain bool   // land lot on a mountain (산)

	// PostalCode is the 5-digit postal code (우편번호), leading zeros kept.
	PostalCode string
	// LegalCode is the 10-digit legal-dong code (법정동코드, Kakao b_code).
	LegalCode string
	// AdminCode is the 10-digit administrative-dong code (Kakao h_code).
	AdminCode string
}

// Route is a driving route.
type Route struct {
	DistanceMeters float64
	Duration       time.Duration
	// Geometry is the route line, [lon, lat] WGS84 points.
	Geometry orb.LineString
	// Legs has one entry per stretch between consecutive request points
	// (origin, waypoints, destination) when the provider reports them.
	Legs []Leg
	// TollFareKRW and TaxiFareKRW are in Korean won; 0 when not given.
	TollFareKRW int
	TaxiFareKRW int
	// FuelFareKRW is the provider's fuel cost estimate in won; 0 when not given.
	FuelFareKRW int
	// OriginSnapMeters and DestinationSnapMeters are how far the provider
	// moved the origin and the destination onto its road network before
	// routing; 0 when the provider does not say. A large value means the
	// route starts or ends somewhere other than where it was asked to.
	// Filled by the osm provider only (from OSRM's waypoint distances),
	// which already refuses routes whose points it moved too far (see
	// osm.WithMaxSnapDistance). Matrix cells carry no such figure: it
	// belongs to a point, not to a pair, and would be repeated across a
	// whole row or column.
	OriginSnapMeters      float64
	DestinationSnapMeters float64
	// Provider names the provider that answered.
	Provider string
	// Estimated is true when the route was not computed on a road network
	// (see providers/estimate): distance and duration are approximations.
	Estimated bool
	// Stale is true when the route came from the failover client's cache
	// because every provider failed; traffic may have changed since.
	Stale bool
}

// Leg is the part of a route between two consecutive request points.
type Leg struct {
	DistanceMeters float64
	Duration       time.Duration
}

// Matrix is the answer to a MatrixRequest.
type Matrix struct {
	// Cells is indexed [origin][destination].
	Cells [][]Cell
}

// Cell is one origin → destination entry of a Matrix. Each cell stands on
// its own: a provider may answer some cells and fail others.
type Cell struct {
	DistanceMeters float64
	Duration       time.Duration
	Provider       string
	Estimated      bool
	// Err is nil when the cell holds a value; otherwise it matches one of
	// the error kinds (often ErrNotFound for unreachable pairs).
	Err error
}
