package crs

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// Points over Korea, drawn as bench/crs/c/proj_bench.c draws its own: uniform
// over 124–132°E, 33–39°N.
func benchPoints(n int) []orb.Point {
	r := rand.New(rand.NewPCG(7, 7))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{124 + 8*r.Float64(), 33 + 6*r.Float64()}
	}
	return pts
}

// benchPair returns two systems and the benchmark points in the first.
func benchPair(b *testing.B, from, to string) (CRS, CRS, []orb.Point) {
	wgs, _ := Lookup("WGS84")
	src, err1 := Lookup(from)
	dst, err2 := Lookup(to)
	if err1 != nil || err2 != nil {
		b.Fatal(err1, err2)
	}
	pts := benchPoints(10000)
	if err := TransformPoints(wgs, src, pts); err != nil {
		b.Fatal(err)
	}
	return src, dst, pts
}

// benchTransform times Transform, one point per call: the counterpart of
// PROJ's proj_trans.
func benchTransform(b *testing.B, from, to string) {
	src, dst, pts := benchPair(b, from, to)
	var sink float64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += len(pts) {
		for _, p := range pts[:min(len(pts), b.N-i)] {
			q, err := Transform(src, dst, p)
			if err != nil {
				b.Fatal(err)
			}
			sink += q[0]
		}
	}
	if sink == 0 {
		b.Fatal("no output")
	}
}

// benchTransformPoints times TransformPoints on 10,000 points at a time;
// one op is one point. The counterpart of PROJ's proj_trans_generic.
func benchTransformPoints(b *testing.B, from, to string) {
	src, dst, pts := benchPair(b, from, to)
	buf := make([]orb.Point, len(pts))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += len(pts) {
		n := copy(buf, pts[:min(len(pts), b.N-i)])
		if err := TransformPoints(src, dst, buf[:n]); err != nil {
			b.Fatal(err)
		}
	}
}

// go test -run '^$' -bench Transform -benchmem ./geo/crs/
func BenchmarkTransformUTMK(b *testing.B)        { benchTransform(b, "WGS84", "UTM-K") }
func BenchmarkTransformKATEC(b *testing.B)       { benchTransform(b, "WGS84", "KATEC") }
func BenchmarkTransformPointsUTMK(b *testing.B)  { benchTransformPoints(b, "WGS84", "UTM-K") }
func BenchmarkTransformPointsKATEC(b *testing.B) { benchTransformPoints(b, "WGS84", "KATEC") }

// The way back, as a real-estate backend converts road-name address (UTM-K)
// and NAVER (KATEC) coordinates: go test -run '^$' -bench Inverse ./geo/crs/
func BenchmarkInverseUTMK(b *testing.B)  { benchTransform(b, "UTM-K", "WGS84") }
func BenchmarkInverseKATEC(b *testing.B) { benchTransform(b, "KATEC", "WGS84") }
