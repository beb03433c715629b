package geo

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// haversineBig evaluates the haversine formula with 200-bit intermediate
// sums around float64 trigonometry: the reference for rounding error.
func haversineBig(a, b orb.Point) float64 {
	rad := math.Pi / 180
	lat1, lat2 := a[1]*rad, b[1]*rad
	s1 := math.Sin((lat2 - lat1) / 2)
	s2 := math.Sin((b[0] - a[0]) * rad / 2)
	x := new(big.Float).SetPrec(200).SetFloat64(s1)
	x.Mul(x, x)
	y := new(big.Float).SetPrec(200).SetFloat64(s2)
	y.Mul(y, y)
	y.Mul(y, new(big.Float).SetPrec(200).SetFloat64(math.Cos(lat1)))
	y.Mul(y, new(big.Float).SetPrec(200).SetFloat64(math.Cos(lat2)))
	h, _ := x.Add(x, y).Float64()
	return 2 * MeanEarthRadius * math.Asin(math.Sqrt(h))
}

func TestHaversine(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 10000; i++ {
		a := orb.Point{r.Float64()*360 - 180, r.Float64()*180 - 90}
		b := orb.Point{a[0] + (r.Float64()-0.5)*r.Float64()*40, math.Max(-90, math.Min(90, a[1]+(r.Float64()-0.5)*20))}
		got, want := Haversine(a, b), haversineBig(a, b)
		if math.Abs(got-want) > 1e-9*want+1e-9 {
			t.Fatalf("Haversine(%v, %v) = %.12f, want %.12f", a, b, got, want)
		}
	}
	// Seoul City Hall → Busan City Hall, on the mean-radius sphere.
	if d := Haversine(orb.Point{126.9779692, 37.5662952}, orb.Point{129.0750222, 35.1798159}); math.Abs(d-325000) > 2000 {
		t.Errorf("Seoul–Busan %.0f m", d)
	}
}

var sink float64

func BenchmarkHaversine(b *testing.B) {
	a, c := orb.Point{126.9779692, 37.5662952}, orb.Point{127.1112, 37.3948}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = Haversine(a, c)
	}
}

func BenchmarkGeodesicShort(b *testing.B) {
	a, c := orb.Point{126.9779692, 37.5662952}, orb.Point{127.1112, 37.3948}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink = Geodesic(a, c)
	}
}

func BenchmarkGeodesicMixed(b *testing.B) {
	pairs := benchPairs()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pairs[i%len(pairs)]
		sink = Geodesic(orb.Point{p[1], p[0]}, orb.Point{p[3], p[2]})
	}
}

// benchPairs are the pairs the GeographicLib comparison in bench/geodesic
// also measures: 1,000 pseudo-random pairs worldwide, as lat1 lon1 lat2 lon2.
func benchPairs() [][4]float64 {
	r := rand.New(rand.NewPCG(1, 1))
	out := make([][4]float64, 1000)
	for i := range out {
		out[i] = [4]float64{r.Float64()*180 - 90, r.Float64()*360 - 180, r.Float64()*180 - 90, r.Float64()*360 - 180}
	}
	return out
}
