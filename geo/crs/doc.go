// Package crs converts between WGS84 and the coordinate reference systems of
// Korean map APIs and public data, in pure Go (no cgo, no PROJ).
//
// Systems (Lookup names are case-insensitive; x/easting/longitude first,
// always, whatever EPSG's registry says about axis order):
//
//	name (aliases)                 definition                                                      used by                        accuracy vs PROJ
//	WGS84 (EPSG:4326)              longitude, latitude                                             everyone                       exact
//	WTM (EPSG:5181)                TM GRS80, 38°N 127°E, k 1, 200000/500000                        Kakao, cadastral data          < 1e-6 m
//	WCONGNAMUL                     2.5 × WTM, rounded half up to integers                          Kakao/Daum map                 ±0.5 unit (rounding)
//	TM                             TM Bessel, 38°N 127°00′10.405″E, k 1, 200000/500000, 7P         Kakao (legacy)                 < 1 cm
//	CONGNAMUL                      2.5 × TM, rounded; island insets by WithIslandInsets           Kakao/Daum (legacy)            ±0.5 unit
//	KATEC (KTM, TM128, nhn:128)    TM Bessel, 38°N 128°E, k 0.9999, 400000/600000, 7P              NAVER TM128, Kakao KTM, Opinet < 1 cm
//	WKTM                           KATEC geometry on GRS80, no shift                               Kakao                          < 1e-6 m
//	UTM                            UTM zone 52N on Bessel, 7P                                      Kakao (name mapping uncertain) < 1 cm
//	WUTM (EPSG:32652)              UTM zone 52N, WGS84                                             Kakao                          < 1e-6 m
//	BESSEL                         longitude, latitude on Bessel, 7P                               Kakao                          < 1 cm
//	UTM-K (UTMK, nhn:2048,         TM GRS80, 38°N 127.5°E, k 0.9996, 1000000/2000000               NAVER, juso.go.kr, NGII        < 1e-6 m
//	  EPSG:5179)
//	EPSG:5185/5186/5187/5188       Korea 2000 West/Central/East/East Sea Belt 2010 (125/127/129/131°E, FN 600000)  building data  < 1e-6 m
//	EPSG:5174                      Korean 1985 Modified Central Belt = TM geometry, EPSG:5191 shift  old cadastre, LocalData     < 1 cm
//	EPSG:2097                      Korean 1985 Central Belt, 127°E exactly, EPSG:5191 shift         old data                      < 1 cm
//
// The transverse Mercator uses Krüger's series to sixth order in the third
// flattening (Karney 2011), accurate to nanometres. Against cs2cs, fed
// every bit of the same input, the GRS80/WGS84 systems agree to 5e-9 m
// both ways, and the Bessel systems to 3e-8 m towards WGS84; from WGS84
// they differ from PROJ by 0.3 mm, because PROJ inverts the Helmert shift
// approximately and this package exactly. Round trips through a GRS80 or
// WGS84 system return within 4e-14° over Korea (5e-14° within 35° of
// the central meridian anywhere).
//
// Speed: about 48 ns a point from WGS84 to UTM-K and 140 ns to KATEC,
// 2.7–2.9 times PROJ's proj_trans on the same machine, without allocating
// (BENCHMARKS.md). The per-point work is cut down rather than
// approximated: sines, cosines, arctangents and hyperbolic functions come
// from small tables of exact arguments plus short Taylor series whose
// neglected terms lie below 1e-20 (fastmath.go); the conformal latitude is
// a power series in sin² φ worked out per ellipsoid (conformal.go); Krüger's
// series is a polynomial in cos 2ζ (kruger.go); and a datum shift hands
// sines and cosines to the projection instead of angles.
//
// Bessel-based systems need a datum shift to WGS84, and public code
// disagrees on which. The default is the NGII
// 7-parameter Helmert shift (Datum7P) with an exact inverse, except for
// EPSG:5174 and EPSG:2097, which default to their EPSG definition, the
// Molodensky–Badekas shift EPSG:5191 (DatumMB), as PROJ does. WithDatum
// selects Datum7P, Datum3P, DatumMB or DatumKakaoLegacy. The shift works
// through geocentric coordinates at height 0, as PROJ's +towgs84 does; a
// round trip through a Bessel system therefore moves a point by about 5 mm.
//
// WCONGNAMUL and CONGNAMUL values are integers, as Kakao returns them.
// Converting them back loses up to 0.2 m.
package crs
