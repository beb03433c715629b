// Command geodesic times geo.Geodesic and geo.Haversine on pseudo-random
// pairs and writes the pairs for the GeographicLib comparison in
// cpp/geographiclib.cpp; run.sh runs both on the same machine.
//
//	go run ./bench/geodesic -pairs /tmp/pairs.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"time"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

func main() {
	path := flag.String("pairs", "pairs.txt", "where to write the pairs (lat1 lon1 lat2 lon2 per line)")
	n := flag.Int("n", 100000, "number of pairs")
	rounds := flag.Int("rounds", 20, "passes over the pairs")
	flag.Parse()
	r := rand.New(rand.NewPCG(2022, 1015))
	pairs := make([][2]orb.Point, *n)
	f, err := os.Create(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	w := bufio.NewWriter(f)
	for i := range pairs {
		var a, b orb.Point
		if i%2 == 0 { // worldwide
			a = orb.Point{r.Float64()*360 - 180, r.Float64()*180 - 90}
			b = orb.Point{r.Float64()*360 - 180, r.Float64()*180 - 90}
		} else { // within Korea
			a = orb.Point{124 + 8*r.Float64(), 33 + 6*r.Float64()}
			b = orb.Point{124 + 8*r.Float64(), 33 + 6*r.Float64()}
		}
		pairs[i] = [2]orb.Point{a, b}
		fmt.Fprintf(w, "%.17g %.17g %.17g %.17g\n", a[1], a[0], b[1], b[0])
	}
	if err := w.Flush(); err != nil || f.Close() != nil {
		fmt.Fprintln(os.Stderr, "writing pairs failed")
		os.Exit(1)
	}
	for _, fn := range []struct {
		name string
		f    func(a, b orb.Point) float64
	}{{"mapswitch geo.Geodesic", geo.Geodesic}, {"mapswitch geo.Haversine", geo.Haversine}} {
		var sink float64
		start := time.Now()
		for k := 0; k < *rounds; k++ {
			for _, p := range pairs {
				sink += fn.f(p[0], p[1])
			}
		}
		el := time.Since(start)
		fmt.Printf("%-28s %8.1f ns/pair  (checksum %.6e)\n", fn.name, float64(el.Nanoseconds())/float64(*rounds**n), sink)
	}
}
