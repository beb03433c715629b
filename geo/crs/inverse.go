package crs

import "math"

// inverse unprojects easting, northing to geographic degrees.
//
// Krüger's inverse series gives ζ′ = ζ − Σ β_j·sin 2jζ on the sphere;
// from ζ′ come the conformal latitude χ and the longitude; the latitude is
// then φ = χ + Σ γ_k·sin 2kχ. Every transcendental function is taken once:
// sin and cos of ξ′ and sinh and cosh of η′ follow from those of ξ and η
// by angle addition, the series' correction being small.
func (p *tmParams) inverse(el *ellipsoid, x, y float64) (lon, lat float64) {
	xi := (y-p.fn)*p.ik0A + p.xi0
	eta := (x - p.fe) * p.ik0A
	sx, cx := sincosRad(xi)
	sh, ch := sinhCosh(eta)
	// sin Z and cos Z for Z = 2ζ.
	s2, c2 := 2*sx*cx, (cx-sx)*(cx+sx)
	sh2, ch2 := 2*sh*ch, ch*ch+sh*sh
	dxi, deta := kruger(&el.betaP, s2*ch2, c2*sh2, c2*ch2, -s2*sh2)
	xiP, etaP := xi-dxi, eta-deta
	var sxP, cxP, shP, chP float64
	if math.Abs(dxi) <= 0.01 && math.Abs(deta) <= 0.01 {
		sd, cd1 := smallSinCos(dxi)
		sxP, cxP = sx+(sx*cd1-cx*sd), cx+(cx*cd1+sx*sd)
		hd, hd1 := smallSinhCosh(deta)
		shP, chP = sh+(sh*hd1-ch*hd), ch+(ch*hd1-sh*hd)
	} else { // far outside any zone: the series is no longer small
		sxP, cxP = math.Sincos(xiP)
		shP, chP = math.Sinh(etaP), math.Cosh(etaP)
	}
	// On the sphere: sin χ = sin ξ′ / cosh η′, tan λ = sinh η′ / cos ξ′.
	r := math.Sqrt(shP*shP + cxP*cxP) // cos χ · cosh η′
	chi := atan2Near(sxP, r, xiP*(180/math.Pi))
	lam := fastAtan2(shP, cxP)
	// sin 2χ and cos 2χ, with sin χ = sxP/chP and cos χ = r/chP.
	ich2 := 1 / (chP * chP)
	dphi := krugerReal(&el.gammaP, 2*sxP*r*ich2, (r-sxP)*(r+sxP)*ich2)
	return p.lon0 + lam*(180/math.Pi), (chi + dphi) * (180 / math.Pi)
}
