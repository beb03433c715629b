package crs

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// Points over Korea, the same generator as bench/crs/c/proj_bench.c's.
func benchPoints(n int) []orb.Point {
	r := rand.New(rand.NewPCG(7, 7))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{124 + 8*r.Float64(), 33 + 6*r.Float64()}
	}
	return pts
}

func benchTransform(b *testing.B, to string) {
	wgs, _ := Lookup("WGS84")
	dst, _ := Lookup(to)
	src := benchPoints(10000)
	buf := make([]orb.Point, len(src))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(src)
		if k == 0 {
			copy(buf, src)
		}
		if err := TransformPoints(wgs, dst, buf[k:k+1]); err != nil {
			b.Fatal(err)
		}
	}
}

// go test -run '^$' -bench Transform -benchmem ./geo/crs/
func BenchmarkTransformUTMK(b *testing.B)  { benchTransform(b, "UTM-K") }
func BenchmarkTransformKATEC(b *testing.B) { benchTransform(b, "KATEC") }
