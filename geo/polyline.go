package geo

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// ErrBadPolyline is matched by every error DecodePolyline returns.
var ErrBadPolyline = errors.New("bad encoded polyline")

// EncodePolyline encodes ls in Google's encoded-polyline format at the given
// precision: 5 for Google and OSRM's "polyline", 6 for OSRM's "polyline6".
// The wire order is latitude first, as the format requires; ls is [lon, lat].
// It panics on a precision outside 1..10 (a programming error).
func EncodePolyline(ls orb.LineString, precision int) string {
	factor := polylineFactor(precision)
	if factor == 0 {
		panic(fmt.Sprintf("geo: polyline precision %d outside 1..10", precision))
	}
	var b strings.Builder
	b.Grow(len(ls) * 8)
	var prevLat, prevLon int64
	for _, p := range ls {
		lat := int64(math.Round(p[1] * factor))
		lon := int64(math.Round(p[0] * factor))
		writeVarint(&b, lat-prevLat)
		writeVarint(&b, lon-prevLon)
		prevLat, prevLon = lat, lon
	}
	return b.String()
}

func writeVarint(b *strings.Builder, v int64) {
	u := uint64(v) << 1
	if v < 0 {
		u = ^u
	}
	for u >= 0x20 {
		b.WriteByte(byte(0x20|u&0x1f) + 63)
		u >>= 5
	}
	b.WriteByte(byte(u) + 63)
}

// DecodePolyline decodes Google's encoded-polyline format at the given
// precision (5 or 6 in practice) into [lon, lat] points. Malformed input
// (bytes outside the alphabet, a truncated value, an odd number of values,
// coordinates out of range) yields an error matching ErrBadPolyline.
func DecodePolyline(s string, precision int) (orb.LineString, error) {
	factor := polylineFactor(precision)
	if factor == 0 {
		return nil, fmt.Errorf("%w: precision %d outside 1..10", ErrBadPolyline, precision)
	}
	ls := make(orb.LineString, 0, len(s)/4)
	var lat, lon int64
	for i := 0; i < len(s); {
		dLat, n, err := readVarint(s, i)
		if err != nil {
			return nil, err
		}
		i = n
		if i >= len(s) {
			return nil, fmt.Errorf("%w: latitude without longitude at byte %d", ErrBadPolyline, i)
		}
		dLon, n, err := readVarint(s, i)
		if err != nil {
			return nil, err
		}
		i = n
		lat += dLat
		lon += dLon
		p := orb.Point{float64(lon) / factor, float64(lat) / factor}
		if math.Abs(p[1]) > 90 || math.Abs(p[0]) > 180 {
			return nil, fmt.Errorf("%w: point %d (%v, %v) out of range; wrong precision?", ErrBadPolyline, len(ls), p[0], p[1])
		}
		ls = append(ls, p)
	}
	return ls, nil
}

func readVarint(s string, i int) (v int64, next int, err error) {
	var u uint64
	for shift := uint(0); ; shift += 5 {
		if i >= len(s) {
			return 0, i, fmt.Errorf("%w: truncated value at byte %d", ErrBadPolyline, i)
		}
		c := s[i]
		if c < 63 || c > 126 {
			return 0, i, fmt.Errorf("%w: byte %q at %d is outside the alphabet", ErrBadPolyline, c, i)
		}
		if shift > 60 {
			return 0, i, fmt.Errorf("%w: value too long at byte %d", ErrBadPolyline, i)
		}
		c -= 63
		u |= uint64(c&0x1f) << shift
		i++
		if c < 0x20 {
			break
		}
	}
	v = int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v, i, nil
}

func polylineFactor(precision int) float64 {
	if precision < 1 || precision > 10 {
		return 0
	}
	return math.Pow10(precision)
}
