package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func TestDecodePolylineGoogleSample(t *testing.T) {
	// The worked example of Google's format documentation.
	got, err := DecodePolyline("_p~iF~ps|U_ulLnnqC_mqNvxq`@", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := orb.LineString{{-120.2, 38.5}, {-120.95, 40.7}, {-126.453, 43.252}}
	assertLine(t, got, want, 1e-9)
	if enc := EncodePolyline(want, 5); enc != "_p~iF~ps|U_ulLnnqC_mqNvxq`@" {
		t.Errorf("EncodePolyline = %q", enc)
	}
}

func TestPolylineVarintGoogleSample(t *testing.T) {
	// Google's documentation encodes -179.9832104 (precision 5) as "`~oia@".
	v, next, err := readVarint("`~oia@", 0)
	if err != nil || v != -17998321 || next != 6 {
		t.Errorf("readVarint = %d, %d, %v; want -17998321, 6, nil", v, next, err)
	}
}

func assertLine(t *testing.T, got, want orb.LineString, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d points %v, want %d", len(got), got, len(want))
	}
	for i := range got {
		if math.Abs(got[i][0]-want[i][0]) > tol || math.Abs(got[i][1]-want[i][1]) > tol {
			t.Errorf("point %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestPolylineRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, prec := range []int{5, 6} {
		factor := math.Pow10(prec)
		for n := 0; n < 200; n++ {
			ls := make(orb.LineString, r.IntN(50))
			for i := range ls {
				// Quantise first: the format stores integers at the precision.
				ls[i] = orb.Point{
					math.Round((r.Float64()*360-180)*factor) / factor,
					math.Round((r.Float64()*180-90)*factor) / factor,
				}
			}
			got, err := DecodePolyline(EncodePolyline(ls, prec), prec)
			if err != nil {
				t.Fatalf("precision %d: %v", prec, err)
			}
			assertLine(t, got, ls, 0.5/factor)
		}
	}
}

func TestDecodePolylineOSRMPrecision6(t *testing.T) {
	// Seoul City Hall → Gwanghwamun, encoded at precision 6 the way OSRM's
	// geometries=polyline6 does; decoding at 5 would give points 10× too far.
	want := orb.LineString{{126.977969, 37.566535}, {126.976882, 37.571607}}
	enc := EncodePolyline(want, 6)
	got, err := DecodePolyline(enc, 6)
	if err != nil {
		t.Fatal(err)
	}
	assertLine(t, got, want, 1e-9)
	if wrong, err := DecodePolyline(enc, 5); err == nil && math.Abs(wrong[0][1]-want[0][1]) < 1 {
		t.Errorf("decoding a polyline6 string at precision 5 gave %v, want a far-off or rejected point", wrong)
	}
}

func TestDecodePolylineMalformed(t *testing.T) {
	for _, s := range []string{"_p~iF", "_p~i", " ", "_p~iF~ps|U_", "\x7f\x7f", "~~~~~~~~~~~~~~~~~~~~~~~~~~~"} {
		if _, err := DecodePolyline(s, 5); !errors.Is(err, ErrBadPolyline) {
			t.Errorf("DecodePolyline(%q) error = %v, want ErrBadPolyline", s, err)
		}
	}
	if _, err := DecodePolyline("_p~iF~ps|U", 0); !errors.Is(err, ErrBadPolyline) {
		t.Errorf("precision 0: error = %v", err)
	}
}

func FuzzDecodePolyline(f *testing.F) {
	f.Add("_p~iF~ps|U_ulLnnqC_mqNvxq`@", 5)
	f.Add("", 6)
	f.Add("ooo", 6)
	f.Fuzz(func(t *testing.T, s string, prec int) {
		ls, err := DecodePolyline(s, prec)
		if err != nil {
			return
		}
		// Whatever decodes re-encodes to a string that decodes the same.
		again, err := DecodePolyline(EncodePolyline(ls, prec), prec)
		if err != nil || len(again) != len(ls) {
			t.Fatalf("re-decode of %q: %v, %d points vs %d", s, err, len(again), len(ls))
		}
	})
}
