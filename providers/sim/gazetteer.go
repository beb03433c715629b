package sim

import (
	_ "embed"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// places.tsv holds well-known Korean places: city and provincial halls,
// stations, airports and landmarks in every province and metropolitan city.
// It is approximate demo data written from public knowledge for this
// simulator — coordinates to within about 100 m, addresses and postal codes
// as commonly published, legal-dong codes only where known — and is not
// authoritative. Do not use it for anything but tests and demos.
//
//go:embed places.tsv
var placesTSV string

// Place is one gazetteer entry.
type Place struct {
	Name       string
	Point      orb.Point // [lon, lat]
	Road       string    // road-name address
	Jibun      string    // land-lot address
	PostalCode string
	LegalCode  string // 10-digit legal-dong code, "" when unknown
}

// Sido returns the province or metropolitan city, the first word of the address.
func (p Place) Sido() string { s, _, _ := strings.Cut(p.Road, " "); return s }

// Sigungu returns the 시/군/구 of the address, with the 구 of a large city
// ("성남시 분당구"); for Sejong, which has none, "".
func (p Place) Sigungu() string {
	f := strings.Fields(p.Road)
	if len(f) > 2 && (strings.HasSuffix(f[1], "구") || strings.HasSuffix(f[1], "시") || strings.HasSuffix(f[1], "군")) {
		if strings.HasSuffix(f[1], "시") && len(f) > 3 && strings.HasSuffix(f[2], "구") {
			return f[1] + " " + f[2]
		}
		return f[1]
	}
	return ""
}

// Dong returns the legal dong (or 읍/면) from the jibun address.
func (p Place) Dong() string {
	for _, w := range strings.Fields(p.Jibun)[1:] {
		if strings.HasSuffix(w, "동") || strings.HasSuffix(w, "가") || strings.HasSuffix(w, "읍") || strings.HasSuffix(w, "면") {
			return w
		}
	}
	return ""
}

// RoadName and BuildingNo split the road address's last two words.
func (p Place) RoadName() string {
	f := strings.Fields(p.Road)
	if len(f) >= 2 {
		return f[len(f)-2]
	}
	return ""
}

// BuildingNo returns the building number of the road address.
func (p Place) BuildingNo() string {
	f := strings.Fields(p.Road)
	if len(f) >= 1 {
		return f[len(f)-1]
	}
	return ""
}

// Gazetteer returns a fresh copy of the built-in places.
func Gazetteer() []Place {
	var out []Place
	for _, line := range strings.Split(placesTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		for len(f) < 7 {
			f = append(f, "")
		}
		lon, err1 := strconv.ParseFloat(f[1], 64)
		lat, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil {
			panic("sim: bad gazetteer line: " + line) // embedded data, checked by tests
		}
		out = append(out, Place{Name: f[0], Point: orb.Point{lon, lat}, Road: f[3], Jibun: f[4], PostalCode: f[5], LegalCode: f[6]})
	}
	return out
}

// norm drops spaces and the long forms of province names so that
// "서울 중구 세종대로 110" matches "서울특별시 중구 세종대로 110".
func norm(s string) string {
	s = strings.ReplaceAll(s, " ", "")
	for _, long := range []string{"특별자치시", "특별자치도", "특별시", "광역시"} {
		s = strings.ReplaceAll(s, long, "")
	}
	return s
}

// match returns the places whose name or either address contains q, or
// which q's address contains (a query with a unit number, say).
func match(places []Place, q string) []Place {
	nq := norm(q)
	if nq == "" {
		return nil
	}
	var out []Place
	for _, p := range places {
		for _, s := range []string{p.Name, p.Road, p.Jibun} {
			ns := norm(s)
			if ns != "" && (strings.Contains(ns, nq) || (len(nq) > len(ns) && strings.HasPrefix(nq, ns))) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// nearest returns the closest place within maxMeters of pt.
func nearest(places []Place, pt orb.Point, maxMeters float64) (Place, bool) {
	best, bestD := Place{}, maxMeters
	found := false
	for _, p := range places {
		if d := geo.Haversine(p.Point, pt); d <= bestD {
			best, bestD, found = p, d, true
		}
	}
	return best, found
}
