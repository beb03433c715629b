package crs_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo/crs"
)

func ExampleTransform() {
	wgs, _ := crs.Lookup("WGS84")
	wcong, _ := crs.Lookup("WCONGNAMUL")
	cityHall := orb.Point{126.9779, 37.5663} // [lon, lat]
	p, _ := crs.Transform(wgs, wcong, cityHall)
	fmt.Printf("%.0f %.0f\n", p[0], p[1])
	// Output: 495119 1129657
}

func ExampleTransform_katec() {
	// A NAVER TM128 (KATEC) position back to WGS84.
	katec, _ := crs.Lookup("nhn:128")
	wgs, _ := crs.Lookup("WGS84")
	p, _ := crs.Transform(katec, wgs, orb.Point{309901.063, 552051.249})
	fmt.Printf("%.5f %.5f\n", p[0], p[1])
	// Output: 126.97790 37.56630
}
