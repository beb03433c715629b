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

func ExampleTransformPoints() {
	// Road-name address coordinates (UTM-K, as juso.go.kr gives them) to
	// WGS84, converted in place.
	utmk, _ := crs.Lookup("UTM-K")
	wgs, _ := crs.Lookup("WGS84")
	pts := []orb.Point{{953901, 1952032}, {960585, 1940315}}
	if err := crs.TransformPoints(utmk, wgs, pts); err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range pts {
		fmt.Printf("%.5f %.5f\n", p[0], p[1])
	}
	// Output:
	// 126.97800 37.56650
	// 127.05431 37.46120
}
