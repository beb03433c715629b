package crs

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/internal/oracletest"
)

// TestAgainstCS2CS compares random points over Korea with PROJ's cs2cs,
// using the same definitions, and checks round trips.
func TestAgainstCS2CS(t *testing.T) {
	tool := oracletest.Tool(t, "cs2cs", "proj-bin")
	const towgs7p = "+towgs84=-115.80,474.99,674.11,1.16,-2.31,-1.63,6.43"
	const wgsDef = "+proj=longlat +datum=WGS84 +no_defs"
	cases := []struct {
		name, def string
		tol       float64
	}{
		{"WTM", "+proj=tmerc +lat_0=38 +lon_0=127 +k=1 +x_0=200000 +y_0=500000 +ellps=GRS80 +units=m +no_defs", 1e-6},
		{"UTM-K", "+proj=tmerc +lat_0=38 +lon_0=127.5 +k=0.9996 +x_0=1000000 +y_0=2000000 +ellps=GRS80 +units=m +no_defs", 1e-6},
		{"EPSG:5187", "+proj=tmerc +lat_0=38 +lon_0=129 +k=1 +x_0=200000 +y_0=600000 +ellps=GRS80 +units=m +no_defs", 1e-6},
		{"EPSG:32652", "+proj=utm +zone=52 +datum=WGS84 +units=m +no_defs", 1e-6},
		{"KATEC", "+proj=tmerc +lat_0=38 +lon_0=128 +k=0.9999 +x_0=400000 +y_0=600000 +ellps=bessel +units=m +no_defs " + towgs7p, 0.01},
		{"TM", "+proj=tmerc +lat_0=38 +lon_0=127.0028902777778 +k=1 +x_0=200000 +y_0=500000 +ellps=bessel +units=m +no_defs " + towgs7p, 0.01},
	}
	r := rand.New(rand.NewPCG(1015, 2022))
	pts := make([]orb.Point, 10000)
	for i := range pts {
		pts[i] = orb.Point{124 + 8*r.Float64(), 33 + 6*r.Float64()}
	}
	wgs, _ := Lookup("WGS84")
	for k, tc := range cases {
		// 10,000 points for the first system of each family, a quarter for the others, to keep CI fast.
		n := len(pts)
		if k != 0 && k != 4 {
			n = len(pts) / 4
		}
		c, err := Lookup(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		want := cs2cs(t, tool, wgsDef, tc.def, pts[:n])
		got := make([]orb.Point, n)
		bad, worst, worstRT := 0, 0.0, 0.0
		for i, p := range pts[:n] {
			if got[i], err = Transform(wgs, c, p); err != nil {
				t.Fatal(err)
			}
			d := math.Max(math.Abs(got[i][0]-want[i][0]), math.Abs(got[i][1]-want[i][1]))
			worst = math.Max(worst, d)
			if d > tc.tol && bad < 5 {
				t.Errorf("%s %v: got %.6f %.6f, cs2cs %.6f %.6f", tc.name, p, got[i][0], got[i][1], want[i][0], want[i][1])
				bad++
			}
			back, err := Transform(c, wgs, got[i])
			rt := math.Max(math.Abs(back[0]-p[0]), math.Abs(back[1]-p[1]))
			worstRT = math.Max(worstRT, rt)
			limit := 1e-11 // 1 µm; the issue asks for 1e-9°
			if c.bessel {
				limit = 1e-7 // 1 cm
			}
			if err != nil || rt > limit {
				t.Errorf("%s %v: round trip off by %.3g°", tc.name, p, rt)
			}
		}
		t.Logf("%s: %d points, worst difference from cs2cs %.3g m, worst round trip %.3g°", tc.name, n, worst, worstRT)
		// And the inverse projection, against cs2cs's. For the Bessel
		// systems this is also the direction in which PROJ applies the
		// Helmert shift as defined (the other way it transposes the
		// rotation, an approximation worth 0.3 mm here, while Transform
		// inverts it exactly), so all must agree to the micrometre.
		wantBack := cs2cs(t, tool, tc.def, wgsDef, got)
		worst = 0
		for i, g := range got {
			back, err := Transform(c, wgs, g)
			if err != nil {
				t.Fatal(err)
			}
			lat := back[1] * math.Pi / 180
			d := math.Hypot((back[0]-wantBack[i][0])*math.Cos(lat), back[1]-wantBack[i][1]) * (math.Pi / 180 * 6378137)
			worst = math.Max(worst, d)
			if d > 1e-6 {
				t.Errorf("%s %v to WGS84: got %.12f %.12f, cs2cs %.12f %.12f", tc.name, g, back[0], back[1], wantBack[i][0], wantBack[i][1])
				break
			}
		}
		t.Logf("%s to WGS84: worst difference from cs2cs %.3g m", tc.name, worst)
	}
}

// cs2cs converts pts with PROJ's cs2cs, printing every bit of the input so
// that both sides convert the same points.
func cs2cs(t *testing.T, tool, from, to string, pts []orb.Point) []orb.Point {
	t.Helper()
	var in strings.Builder
	for _, p := range pts {
		fmt.Fprintf(&in, "%.17g %.17g\n", p[0], p[1])
	}
	args := append(append(append([]string{"-f", "%.14f"}, strings.Fields(from)...), "+to"), strings.Fields(to)...)
	cmd := exec.Command(tool, args...)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cs2cs %s +to %s: %v", from, to, err)
	}
	var res []orb.Point
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			t.Fatalf("cs2cs answered %q", sc.Text())
		}
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("cs2cs answered %q", sc.Text())
		}
		res = append(res, orb.Point{x, y})
	}
	if len(res) != len(pts) {
		t.Fatalf("cs2cs answered %d of %d points", len(res), len(pts))
	}
	return res
}

func TestBadInput(t *testing.T) {
	wgs, _ := Lookup("wgs84")
	wtm, _ := Lookup("wtm")
	for _, p := range []orb.Point{{math.NaN(), 37}, {127, math.Inf(1)}, {127, 95}} {
		if _, err := Transform(wgs, wtm, p); err == nil {
			t.Errorf("Transform(%v) succeeded", p)
		}
	}
	if _, err := Transform(wtm, wgs, orb.Point{1e12, 0}); err == nil {
		t.Error("absurd projected input accepted")
	}
	if _, err := Transform(CRS{}, wgs, orb.Point{}); err == nil {
		t.Error("zero CRS accepted")
	}
	_, err := Lookup("EPSG:9999")
	if err == nil || !strings.Contains(err.Error(), "WCONGNAMUL") {
		t.Errorf("unknown name: %v (should list the accepted names)", err)
	}
	for _, n := range []string{"katec", "Tm128", "NHN:128", "nhn:2048", "utm-k", "epsg:5179", "EPSG:2097"} {
		if _, err := Lookup(n); err != nil {
			t.Errorf("Lookup(%q): %v", n, err)
		}
	}
}

func TestIslandInsets(t *testing.T) {
	wgs, _ := Lookup("WGS84")
	cong, _ := Lookup("CONGNAMUL")
	inset := cong.WithIslandInsets()
	dokdo := orb.Point{131.8696, 37.2412}
	plain, _ := Transform(wgs, cong, dokdo)
	moved, _ := Transform(wgs, inset, dokdo)
	if dx := (moved[0] - plain[0]) / 2.5; math.Abs(dx+144738) > 1 {
		t.Errorf("Dokdo moved by %.0f m, want −144738", dx)
	}
	back, err := Transform(inset, wgs, moved)
	if err != nil || math.Abs(back[0]-dokdo[0]) > 1e-5 || math.Abs(back[1]-dokdo[1]) > 1e-5 {
		t.Errorf("inset round trip: %v %v", back, err)
	}
}

func FuzzTransform(f *testing.F) {
	f.Add("WGS84", "KATEC", 127.0, 37.5)
	f.Add("CONGNAMUL", "WGS84", 495119.0, 1129657.0)
	f.Fuzz(func(t *testing.T, from, to string, x, y float64) {
		a, err1 := Lookup(from)
		b, err2 := Lookup(to)
		if err1 != nil || err2 != nil {
			return
		}
		p, err := Transform(a, b, orb.Point{x, y})
		if err == nil && (math.IsNaN(p[0]) || math.IsNaN(p[1])) {
			t.Fatalf("NaN without error for %v", orb.Point{x, y})
		}
	})
}

// TestNoAllocations holds Transform and TransformPoints to the issue's
// zero allocations per point, on both the plain and the datum-shift path.
func TestNoAllocations(t *testing.T) {
	wgs, _ := Lookup("WGS84")
	pts := benchPoints(1000)
	for _, name := range []string{"UTM-K", "KATEC", "CONGNAMUL"} {
		c, _ := Lookup(name)
		buf := make([]orb.Point, len(pts))
		if n := testing.AllocsPerRun(20, func() {
			copy(buf, pts)
			if err := TransformPoints(wgs, c, buf); err != nil {
				t.Fatal(err)
			}
			if _, err := Transform(c, wgs, buf[0]); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per run of 1,000 points", name, n)
		}
	}
}

// TestRoundTripWide takes UTM-K round trips far beyond Korea, to 35° of
// longitude from the central meridian and 85° of latitude, where the
// kernels meet arguments the Korean tests never give them.
func TestRoundTripWide(t *testing.T) {
	wgs, _ := Lookup("WGS84")
	utmk, _ := Lookup("UTM-K")
	r := rand.New(rand.NewPCG(35, 85))
	for range 50000 {
		p := orb.Point{127.5 + 70*(r.Float64()-0.5), 170 * (r.Float64() - 0.5)}
		q, err := Transform(wgs, utmk, p)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		back, err := Transform(utmk, wgs, q)
		if err != nil {
			t.Fatalf("%v: %v", q, err)
		}
		if d := math.Max(math.Abs(back[0]-p[0]), math.Abs(back[1]-p[1])); d > 1e-11 {
			t.Fatalf("%v: round trip off by %.3g°", p, d)
		}
	}
}
