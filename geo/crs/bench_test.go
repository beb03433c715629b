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

// benchTransform times Transform, one point per call: the counterpart of
// PROJ's proj_trans.
func benchTransform(b *testing.B, to string) {
	wgs, _ := Lookup("WGS84")
	dst, _ := Lookup(to)
	src := benchPoints(10000)
	var sink float64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; {
		for _, p := range src[:min(len(src), b.N-i)] {
			q, err := Transform(wgs, dst, p)
			if err != nil {
				b.Fatal(err)
			}
			sink += q[0]
		}
		i += len(src)
	}
	if sink == 0 {
		b.Fatal("no output")
	}
}

// benchTransformPoints times TransformPoints on 10,000 points at a time;
// one op is one point. The counterpart of PROJ's proj_trans_generic.
func benchTransformPoints(b *testing.B, to string) {
	wgs, _ := Lookup("WGS84")
	dst, _ := Lookup(to)
	src := benchPoints(10000)
	buf := make([]orb.Point, len(src))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += len(src) {
		n := copy(buf, src[:min(len(src), b.N-i)])
		if err := TransformPoints(wgs, dst, buf[:n]); err != nil {
			b.Fatal(err)
		}
	}
}

// go test -run '^$' -bench Transform -benchmem ./geo/crs/
func BenchmarkTransformUTMK(b *testing.B)        { benchTransform(b, "UTM-K") }
func BenchmarkTransformKATEC(b *testing.B)       { benchTransform(b, "KATEC") }
func BenchmarkTransformPointsUTMK(b *testing.B)  { benchTransformPoints(b, "UTM-K") }
func BenchmarkTransformPointsKATEC(b *testing.B) { benchTransformPoints(b, "KATEC") }

func BenchmarkInverseUTMK(b *testing.B) {
	wgs, _ := Lookup("WGS84")
	dst, _ := Lookup("UTM-K")
	src := benchPoints(10000)
	TransformPoints(wgs, dst, src)
	var sink float64
	for i := 0; i < b.N; {
		for _, p := range src[:min(len(src), b.N-i)] {
			q, _ := Transform(dst, wgs, p)
			sink += q[0]
		}
		i += len(src)
	}
}
