package tmap

import (
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// parts holds the address pieces TMAP sends under different names in each
// endpoint.
type parts struct {
	sido, sigungu, eupMyun, legalDong, ri, bunji string
	roadName, building, buildingName, postal     string
	legalCode, adminDong, adminCode              string
}

// address builds the normalised geo.Address from TMAP's pieces. TMAP gives
// no full address lines, so both are assembled: road = 시도 시군구 [읍면]
// 도로명 번호, jibun = 시도 시군구 [읍면] 동 [리] 번지.
func (p parts) address() geo.Address {
	a := geo.Address{Sido: p.sido, Sigungu: p.sigungu, LegalDong: p.legalDong, AdminDong: p.adminDong, Ri: p.ri,
		RoadName: p.roadName, BuildingName: p.buildingName, PostalCode: p.postal, LegalCode: p.legalCode, AdminCode: p.adminCode}
	if p.eupMyun != "" && a.LegalDong == "" {
		a.LegalDong = p.eupMyun
	}
	if p.roadName != "" && p.building != "" {
		num := p.building
		if rest, ok := strings.CutPrefix(num, "지하"); ok {
			a.Underground, num = true, strings.TrimSpace(rest)
		}
		a.BuildingMain, a.BuildingSub, _ = strings.Cut(num, "-")
		a.Road = join(p.sido, p.sigungu, p.eupMyun, p.roadName, p.building)
	}
	if p.bunji != "" && (p.legalDong != "" || p.eupMyun != "") {
		lot := strings.TrimSpace(p.bunji)
		if rest, ok := strings.CutPrefix(lot, "산"); ok {
			a.Mountain, lot = true, strings.TrimSpace(rest)
		}
		a.LandMain, a.LandSub, _ = strings.Cut(lot, "-")
		dong := p.legalDong
		if dong == p.eupMyun {
			dong = ""
		}
		a.Jibun = join(p.sido, p.sigungu, p.eupMyun, dong, p.ri, p.bunji)
	}
	return a.Normalize()
}

func join(words ...string) string {
	out := words[:0:0]
	for _, w := range words {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// point returns the first usable point of the candidates, in order.
func point(cands ...orb.Point) (orb.Point, bool) {
	for _, p := range cands {
		if p != (orb.Point{}) && geo.ValidatePoint("point", p) == nil {
			return p, true
		}
	}
	return orb.Point{}, false
}
