package crs

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// TestKruger checks the polynomial form of Krüger's series against the
// sum of sines it replaces, in complex arithmetic.
func TestKruger(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, el := range []*ellipsoid{&grs80, &bessel} {
		for _, c := range []*[7]float64{&el.alpha, &el.beta} {
			p := krugerPoly(c)
			for range 2000 {
				// ξ up to the pole, η well beyond ±10° of longitude.
				z := complex(math.Pi/2*(2*r.Float64()-1), 0.5*(2*r.Float64()-1))
				var want complex128
				for j := 6; j >= 1; j-- { // smallest first
					want += complex(c[j], 0) * cmplx.Sin(complex(float64(2*j), 0)*z)
				}
				sz, wz := cmplx.Sin(2*z), cmplx.Cos(2*z)
				re, im := kruger(&p, real(sz), imag(sz), real(wz), imag(wz))
				// 1e-18 rad is 6e-12 m: a few ulps of a sum near 1e-3.
				if d := cmplx.Abs(complex(re, im) - want); d > 1e-18 {
					t.Fatalf("ζ=%v: kruger %v, sum of sines %v (off by %.2g)", z, complex(re, im), want, d)
				}
			}
		}
	}
}
