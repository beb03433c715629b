package crs

// Krüger's series adds Σ c_j·sin(2jζ), j = 1…6, to a complex angle
// ζ = ξ + iη. With Z = 2ζ, sin(jZ) = sin Z · U_{j−1}(cos Z), U being
// Chebyshev polynomials of the second kind, so the sum is sin Z times a
// polynomial of degree five in cos Z. Its coefficients are worked out once
// per ellipsoid; evaluating it takes about half the multiplications of the
// six multiple angles, and the projection is limited by how many
// floating-point operations it issues.
//
// The coefficients in the power basis partly cancel, but c_j falls off
// like n^j (n ≈ 0.0017) and |cos Z| stays near 1 over any real use, so
// the cancellation costs less than 1e-19 rad.

// krugerPoly converts c[1..6] to the coefficients of P, with
// Σ c_j·sin(jZ) = sin Z · Σ P_k·cos^k Z.
func krugerPoly(c *[7]float64) (p [6]float64) {
	// u holds U_{j−1} in powers of w; U_0 = 1, U_1 = 2w, U_{k+1} = 2w·U_k − U_{k−1}.
	var prev, cur [6]float64
	cur[0] = 1
	for j := 1; j <= 6; j++ {
		for k, uk := range cur {
			p[k] += c[j] * uk
		}
		var next [6]float64
		for k := range 5 {
			next[k+1] = 2 * cur[k]
		}
		for k := range next {
			next[k] -= prev[k]
		}
		prev, cur = cur, next
	}
	return p
}

// kruger returns Σ c_j·sin(jZ) = sin Z · P(cos Z), given sin Z = sr + i·si
// and cos Z = wr + i·wi, evaluating P by Estrin's scheme in complex
// arithmetic.
func kruger(p *[6]float64, sr, si, wr, wi float64) (re, im float64) {
	w2r, w2i := (wr-wi)*(wr+wi), 2*wr*wi
	w4r, w4i := (w2r-w2i)*(w2r+w2i), 2*w2r*w2i
	ar, ai := p[0]+p[1]*wr, p[1]*wi
	br, bi := p[2]+p[3]*wr, p[3]*wi
	cr, ci := p[4]+p[5]*wr, p[5]*wi
	qr := ar + (w2r*br - w2i*bi) + (w4r*cr - w4i*ci)
	qi := ai + (w2r*bi + w2i*br) + (w4r*ci + w4i*cr)
	return sr*qr - si*qi, sr*qi + si*qr
}

// krugerReal is kruger for a real angle: Σ c_j·sin(jZ) = sin Z · P(cos Z)
// given s = sin Z and w = cos Z.
func krugerReal(p *[6]float64, s, w float64) float64 {
	w2 := w * w
	w4 := w2 * w2
	return s * ((p[0] + p[1]*w) + w2*(p[2]+p[3]*w) + w4*(p[4]+p[5]*w))
}
