package geo_test

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

var (
	seoulCityHall = orb.Point{126.9779692, 37.5662952}
	busanCityHall = orb.Point{129.0750222, 35.1798159}
)

func ExampleGeodesic() {
	fmt.Printf("%.1f km\n", geo.Geodesic(seoulCityHall, busanCityHall)/1000)
	// Output: 324.8 km
}

func ExampleHaversine() {
	fmt.Printf("%.1f km\n", geo.Haversine(seoulCityHall, busanCityHall)/1000)
	// Output: 325.0 km
}

func ExampleDecodePolyline() {
	line, err := geo.DecodePolyline("_p~iF~ps|U_ulLnnqC_mqNvxq`@", 5)
	fmt.Println(line, err)
	// Output: [[-120.2 38.5] [-120.95 40.7] [-126.453 43.252]] <nil>
}

func ExampleRouteRequest_Validate() {
	// Latitude and longitude the wrong way round: a classic.
	req := geo.RouteRequest{Origin: orb.Point{37.5662952, 126.9779692}, Destination: busanCityHall}
	err := req.Validate()
	fmt.Println(errors.Is(err, geo.ErrInvalidRequest))
	fmt.Println(err)
	// Output:
	// true
	// invalid request: Origin: latitude 126.9779692 is outside [-90, 90]; the point looks like [lat, lon] swapped: points are orb.Point{lon, lat}, try {126.9779692, 37.5662952}
}
