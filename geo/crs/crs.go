package crs

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// CRS is a coordinate reference system. The zero value is invalid; get one
// from Lookup. CRS values are small, immutable and safe to share.
type CRS struct {
	name    string
	el      *ellipsoid
	tm      *tmParams // nil for geographic systems
	datum   Datum
	bessel  bool    // needs a datum shift to reach WGS84
	scale   float64 // 2.5 for the CONGNAMUL family, else 1
	round   bool    // integer output, as Kakao returns CONGNAMUL values
	islands bool    // CONGNAMUL island insets
}

// Name returns the canonical name, e.g. "WTM" or "EPSG:5179".
func (c CRS) Name() string { return c.name }

// Geographic reports whether coordinates are longitude, latitude degrees.
func (c CRS) Geographic() bool { return c.tm == nil }

// WithDatum returns c using datum shift d. It only matters for
// Bessel-based systems; on others it returns c unchanged.
func (c CRS) WithDatum(d Datum) CRS {
	if c.bessel && d >= Datum7P && d <= DatumKakaoLegacy {
		c.datum = d
	}
	return c
}

// WithIslandInsets returns c with the legacy Daum map's island insets, for
// CONGNAMUL only: points of Jeju, Chujado, Ulleungdo, Dokdo and
// Baengnyeongdo are moved by fixed offsets so that the islands appear in
// insets of the old national map. Off by default.
func (c CRS) WithIslandInsets() CRS {
	if c.name == "CONGNAMUL" {
		c.islands = true
	}
	return c
}

// ErrUnknownCRS is matched by the error of Lookup for unknown names.
var ErrUnknownCRS = errors.New("unknown coordinate reference system")

// ErrBadCoordinate is matched by Transform errors for NaN, infinite or
// out-of-range input.
var ErrBadCoordinate = errors.New("bad coordinate")

func tm(name string, el *ellipsoid, lat0, lon0, k0, fe, fn float64, bessel bool, d Datum) CRS {
	p := newTM(el, lat0, lon0, k0, fe, fn)
	return CRS{name: name, el: el, tm: &p, bessel: bessel, datum: d, scale: 1}
}

// tmLon0 is the Bessel central belt's meridian, 127°00′10.405″.
const tmLon0 = 127 + 10.405/3600

// registry maps upper-case names and aliases to systems. Built once at
// package initialisation and never modified.
var registry = func() map[string]CRS {
	wgs := CRS{name: "WGS84", el: &wgs84, scale: 1}
	besselGeo := CRS{name: "BESSEL", el: &bessel, bessel: true, scale: 1}
	wtm := tm("WTM", &grs80, 38, 127, 1, 200000, 500000, false, 0)
	wcong := wtm
	wcong.name, wcong.scale, wcong.round = "WCONGNAMUL", 2.5, true
	tmb := tm("TM", &bessel, 38, tmLon0, 1, 200000, 500000, true, Datum7P)
	cong := tmb
	cong.name, cong.scale, cong.round = "CONGNAMUL", 2.5, true
	katec := tm("KATEC", &bessel, 38, 128, 0.9999, 400000, 600000, true, Datum7P)
	wktm := tm("WKTM", &grs80, 38, 128, 0.9999, 400000, 600000, false, 0)
	utmW := tm("EPSG:32652", &wgs84, 0, 129, 0.9996, 500000, 0, false, 0)
	utmB := tm("UTM", &bessel, 0, 129, 0.9996, 500000, 0, true, Datum7P)
	utmk := tm("EPSG:5179", &grs80, 38, 127.5, 0.9996, 1000000, 2000000, false, 0)
	e5174 := tm("EPSG:5174", &bessel, 38, tmLon0, 1, 200000, 500000, true, DatumMB)
	e2097 := tm("EPSG:2097", &bessel, 38, 127, 1, 200000, 500000, true, DatumMB)
	named := func(c CRS, n string) CRS { c.name = n; return c }
	return map[string]CRS{
		"WGS84": wgs, "EPSG:4326": named(wgs, "EPSG:4326"),
		"WTM": wtm, "EPSG:5181": named(wtm, "EPSG:5181"),
		"WCONGNAMUL": wcong,
		"TM":         tmb, "CONGNAMUL": cong,
		"KTM": named(katec, "KTM"), "KATEC": katec, "TM128": named(katec, "TM128"), "NHN:128": named(katec, "nhn:128"),
		"WKTM": wktm,
		"UTM":  utmB, "WUTM": named(utmW, "WUTM"), "EPSG:32652": utmW,
		"BESSEL":    besselGeo,
		"EPSG:5179": utmk, "UTM-K": named(utmk, "UTM-K"), "UTMK": named(utmk, "UTM-K"), "NHN:2048": named(utmk, "nhn:2048"),
		"EPSG:5185": tm("EPSG:5185", &grs80, 38, 125, 1, 200000, 600000, false, 0),
		"EPSG:5186": tm("EPSG:5186", &grs80, 38, 127, 1, 200000, 600000, false, 0),
		"EPSG:5187": tm("EPSG:5187", &grs80, 38, 129, 1, 200000, 600000, false, 0),
		"EPSG:5188": tm("EPSG:5188", &grs80, 38, 131, 1, 200000, 600000, false, 0),
		"EPSG:5174": e5174, "EPSG:2097": e2097,
	}
}()

// Lookup returns the system with the given name, case-insensitively: Kakao
// names (WGS84, WCONGNAMUL, CONGNAMUL, WTM, TM, KTM, UTM, BESSEL, WKTM,
// WUTM), KATEC, TM128, nhn:128, nhn:2048, UTM-K, and EPSG:4326, 5174, 5179,
// 5181, 5185, 5186, 5187, 5188, 2097, 32652.
func Lookup(name string) (CRS, error) {
	if c, ok := registry[strings.ToUpper(strings.TrimSpace(name))]; ok {
		return c, nil
	}
	return CRS{}, fmt.Errorf("crs: %w %q; accepted: %s", ErrUnknownCRS, name, strings.Join(Names(), ", "))
}

// Names lists the names Lookup accepts.
func Names() []string {
	out := make([]string, 0, len(registry))
	for k := range registry {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Transform converts p from one system to another. Coordinates are always
// easting (or longitude) first.
func Transform(from, to CRS, p orb.Point) (orb.Point, error) {
	if err := checkSystems(&from, &to); err != nil {
		return orb.Point{}, err
	}
	return transform(&from, &to, p)
}

// TransformPoints converts pts in place, without allocating. On error the
// points before the failing one are converted and the rest untouched.
func TransformPoints(from, to CRS, pts []orb.Point) error {
	if err := checkSystems(&from, &to); err != nil {
		return err
	}
	for i, p := range pts {
		q, err := transform(&from, &to, p)
		if err != nil {
			return fmt.Errorf("point %d: %w", i, err)
		}
		pts[i] = q
	}
	return nil
}

func checkSystems(from, to *CRS) error {
	if from.el == nil || to.el == nil {
		return fmt.Errorf("crs: %w: zero CRS value; use Lookup", ErrUnknownCRS)
	}
	return nil
}

// transform is Transform for systems already checked. Errors are built
// out of line, so that the common path stays small.
func transform(from, to *CRS, p orb.Point) (orb.Point, error) {
	lon, lat, ok := from.toGeographic(p[0], p[1])
	if !ok {
		return orb.Point{}, from.badInput(p)
	}
	var x, y float64
	if from.bessel == to.bessel && from.datum == to.datum {
		x, y = to.fromGeographic(lon, lat)
	} else {
		x, y = shift(from, to, lon, lat)
	}
	// NaN fails every comparison.
	if !(math.Abs(x) <= math.MaxFloat64 && math.Abs(y) <= math.MaxFloat64) {
		return orb.Point{}, to.noPosition(p)
	}
	return orb.Point{x, y}, nil
}

func (c *CRS) badInput(p orb.Point) error {
	x, y := p[0], p[1]
	switch {
	case math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0):
		return fmt.Errorf("crs: %w: (%v, %v) in %s", ErrBadCoordinate, x, y, c.name)
	case c.tm == nil:
		return fmt.Errorf("crs: %w: longitude %v, latitude %v out of range in %s", ErrBadCoordinate, x, y, c.name)
	}
	return fmt.Errorf("crs: %w: (%v, %v) is far outside %s", ErrBadCoordinate, x, y, c.name)
}

func (c *CRS) noPosition(p orb.Point) error {
	return fmt.Errorf("crs: %w: (%v, %v) has no finite position in %s", ErrBadCoordinate, p[0], p[1], c.name)
}

// toGeographic returns degrees on c's own ellipsoid; ok is false for
// input that is not finite or out of range (NaN fails every comparison).
func (c *CRS) toGeographic(x, y float64) (lon, lat float64, ok bool) {
	if c.tm == nil {
		return x, y, math.Abs(y) <= 90 && math.Abs(x) <= 360
	}
	if !(math.Abs(x) <= 1e8 && math.Abs(y) <= 1e8) {
		return 0, 0, false
	}
	if c.scale != 1 {
		x, y = x/c.scale, y/c.scale
	}
	if c.islands {
		x, y = removeInset(x, y)
	}
	lon, lat = c.tm.inverse(c.el, x, y)
	return lon, lat, true
}

// fromGeographic projects degrees on c's own ellipsoid.
func (c *CRS) fromGeographic(lon, lat float64) (x, y float64) {
	if c.tm == nil {
		return lon, lat
	}
	return c.finish(c.tm.forward(c.el, lon, lat))
}

// fromECEF converts geocentric metres, on a datum whose ellipsoid is el, to
// c's coordinates. hint is the latitude in degrees before the datum shift:
// within seconds of arc of the one after it.
func (c *CRS) fromECEF(el *ellipsoid, v [3]float64, hint float64) (x, y float64) {
	if c.tm == nil {
		return el.ecefToGeodetic(v)
	}
	sphi, cphi, slon, clon := el.ecefToSC(v)
	return c.finish(c.tm.forwardSC(c.el, sphi, cphi, slon, clon, hint))
}

// finish applies the island insets, the CONGNAMUL scale and rounding to
// projected metres.
func (c *CRS) finish(x, y float64) (float64, float64) {
	if c.islands {
		x, y = addInset(x, y)
	}
	if c.scale != 1 {
		x, y = x*c.scale, y*c.scale
	}
	if c.round {
		// Kakao rounds half up (Math.round).
		x, y = math.Floor(x+0.5), math.Floor(y+0.5)
	}
	return x, y
}

// shift converts geographic degrees on from's datum to to's coordinates,
// through geocentric coordinates at height 0, as PROJ's +towgs84 does.
// WGS84 and GRS80 share one datum: their geographic coordinates are equal.
func shift(from, to *CRS, lon, lat float64) (x, y float64) {
	el := &wgs84
	if from.bessel {
		el = from.el
	}
	v := el.geodeticToECEF(lon, lat)
	if from.bessel {
		v = shifts[from.datum].toWGS84(v)
	}
	el = &wgs84
	if to.bessel {
		v, el = shifts[to.datum].fromWGS84(v), to.el
	}
	return to.fromECEF(el, v, lat)
}
