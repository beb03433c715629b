package sim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/providers/kakao"
	"github.com/mapswitch/mapswitch/providers/naver"
	"github.com/mapswitch/mapswitch/providers/osm"
	"github.com/mapswitch/mapswitch/providers/sim"
	"github.com/mapswitch/mapswitch/providers/tmap"
)

// Each provider's own way of writing a province: Kakao abbreviates, NAVER
// answers with the full names (the old ones for the renamed provinces, as
// its answers recorded before the renames do), TMAP and OSM in full.
var (
	kakaoSido = map[string]string{"서울특별시": "서울", "부산광역시": "부산", "대구광역시": "대구", "인천광역시": "인천", "광주광역시": "광주",
		"대전광역시": "대전", "울산광역시": "울산", "세종특별자치시": "세종특별자치시", "경기도": "경기", "강원특별자치도": "강원", "충청북도": "충북",
		"충청남도": "충남", "전북특별자치도": "전북", "전라남도": "전남", "경상북도": "경북", "경상남도": "경남", "제주특별자치도": "제주특별자치도"}
	naverOldSido = map[string]string{"강원특별자치도": "강원도", "전북특별자치도": "전라북도"}
)

// restyle replaces the province, the first word of an address line.
func restyle(line string, names map[string]string) string {
	first, rest, _ := strings.Cut(line, " ")
	if n, ok := names[first]; ok {
		return n + " " + rest
	}
	return line
}

// buildings returns gazetteer places whose road address is exactly
// 시도 [시군구] 도로명 번호 (no 읍/면 word, which OSM's parts do not carry).
func buildings(t *testing.T) []sim.Place {
	var out []sim.Place
	for _, p := range sim.Gazetteer() {
		want := append(append(strings.Fields(p.Sido()), strings.Fields(p.Sigungu())...), p.RoadName(), p.BuildingNo())
		if slices.Equal(strings.Fields(p.Road), want) && p.PostalCode != "" {
			out = append(out, p)
		}
	}
	if len(out) < 30 {
		t.Fatalf("only %d buildings", len(out))
	}
	return out
}

func kakaoAnswer(p sim.Place) any {
	sido := kakaoSido[p.Sido()]
	return map[string]any{"documents": []any{map[string]any{"address_name": restyle(p.Road, kakaoSido), "address_type": "ROAD_ADDR",
		"x": fmt.Sprint(p.Point[0]), "y": fmt.Sprint(p.Point[1]),
		"address": map[string]any{"address_name": restyle(p.Jibun, kakaoSido), "region_1depth_name": sido, "region_2depth_name": p.Sigungu(),
			"region_3depth_name": p.Dong(), "b_code": p.LegalCode},
		"road_address": map[string]any{"address_name": restyle(p.Road, kakaoSido), "region_1depth_name": sido, "region_2depth_name": p.Sigungu(),
			"road_name": p.RoadName(), "main_building_no": p.BuildingNo(), "building_name": p.Name, "zone_no": p.PostalCode}}}}
}

func naverAnswer(p sim.Place) any {
	el := func(t, v string) any { return map[string]any{"types": []string{t}, "longName": v, "shortName": v} }
	return map[string]any{"status": "OK", "addresses": []any{map[string]any{
		// Full names, the building name appended to both lines.
		"roadAddress": restyle(p.Road, naverOldSido) + " " + p.Name, "jibunAddress": restyle(p.Jibun, naverOldSido) + " " + p.Name,
		"x": fmt.Sprint(p.Point[0]), "y": fmt.Sprint(p.Point[1]),
		"addressElements": []any{el("SIDO", restyle(p.Sido()+" ", naverOldSido)), el("SIGUGUN", p.Sigungu()), el("DONGMYUN", p.Dong()),
			el("ROAD_NAME", p.RoadName()), el("BUILDING_NUMBER", p.BuildingNo()), el("BUILDING_NAME", p.Name), el("POSTAL_CODE", p.PostalCode)}}}}
}

func nominatimAnswer(p sim.Place) any {
	addr := map[string]any{"house_number": p.BuildingNo(), "road": p.RoadName(), "quarter": p.Dong(), "postcode": p.PostalCode,
		"country": "대한민국", "country_code": "kr"}
	parts := []string{p.Name, p.BuildingNo(), p.RoadName(), p.Dong()}
	sgg := strings.Fields(p.Sigungu())
	switch {
	case strings.HasSuffix(p.Sido(), "시"): // a metropolitan or special city: 구 is a borough
		addr["city"] = p.Sido()
		if len(sgg) > 0 {
			addr["borough"] = sgg[0]
		}
	case len(sgg) == 2: // 성남시 분당구
		addr["province"], addr["city"], addr["borough"] = p.Sido(), sgg[0], sgg[1]
	case len(sgg) == 1 && strings.HasSuffix(sgg[0], "군"):
		addr["province"], addr["county"] = p.Sido(), sgg[0]
	case len(sgg) == 1:
		addr["province"], addr["city"] = p.Sido(), sgg[0]
	}
	slices.Reverse(sgg)
	parts = append(append(parts, sgg...), p.Sido(), p.PostalCode, "대한민국")
	return []any{map[string]any{"lat": fmt.Sprint(p.Point[1]), "lon": fmt.Sprint(p.Point[0]), "place_rank": 30, "name": p.Name,
		// OSM's display name runs from the building up to the country.
		"display_name": strings.Join(parts, ", "), "address": addr}}
}

func tmapAnswer(p sim.Place) any {
	return map[string]any{"coordinateInfo": map[string]any{"totalCount": "1", "coordinate": []any{map[string]any{
		"matchFlag": "", "lat": "", "lon": "", "city_do": p.Sido(), "gu_gun": p.Sigungu(), "legalDong": "", "bunji": "",
		"newMatchFlag": "N55", "newLat": fmt.Sprint(p.Point[1]), "newLon": fmt.Sprint(p.Point[0]), "newRoadName": p.RoadName(),
		"newBuildingIndex": p.BuildingNo(), "newBuildingName": p.Name, "zipcode": p.PostalCode}}}}
}

// styled serves each building's answer in one provider's style, found by
// the query parameter param.
func styled(t *testing.T, places []sim.Place, param string, answer func(sim.Place) any) string {
	byQuery := map[string]sim.Place{}
	for _, p := range places {
		byQuery[p.Road] = p
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := byQuery[r.URL.Query().Get(param)]
		if !ok {
			t.Errorf("unexpected query %s", r.URL)
		}
		json.NewEncoder(w).Encode(answer(p))
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// TestSameBuildingSameAddress: for every building, the answers of Kakao,
// NAVER, OSM and TMAP, each written in its own style, normalise to the same
// address and the same key.
func TestSameBuildingSameAddress(t *testing.T) {
	places := buildings(t)
	k, _ := kakao.New(kakaoKey, kakao.WithBaseURL(styled(t, places, "query", kakaoAnswer)))
	n, _ := naver.New(naverID, naverSec, naver.WithBaseURL(styled(t, places, "query", naverAnswer)))
	o, _ := osm.New(osm.WithUserAgent("mapswitch-address-test/1.0"), osm.WithNominatimURL(styled(t, places, "q", nominatimAnswer)))
	tm, _ := tmap.New(tmapKey, tmap.WithBaseURL(styled(t, places, "fullAddr", tmapAnswer)))
	renamed := 0
	for _, p := range places {
		var got []geo.Address
		for _, g := range []geo.Geocoder{k, n, o, tm} {
			ps, err := g.Geocode(context.Background(), geo.GeocodeRequest{Query: p.Road})
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			got = append(got, ps[0].Address)
		}
		want := geo.Address{Road: p.Road, Sido: p.Sido(), PostalCode: p.PostalCode}
		for i, a := range got {
			who := []string{"kakao", "naver", "osm", "tmap"}[i]
			if a.Road != want.Road || a.Sido != want.Sido || a.Sigungu != p.Sigungu() || a.PostalCode != want.PostalCode ||
				a.RoadName != p.RoadName() || a.Key() != got[0].Key() || a.Key() != "R:"+strings.ReplaceAll(p.Road, " ", "") {
				t.Errorf("%s by %s: %+v\nwant road %q sido %q sigungu %q postcode %q", p.Name, who, a, want.Road, want.Sido, p.Sigungu(), want.PostalCode)
			}
		}
		// Kakao and NAVER also give the jibun form: the same once normalised.
		if kj, nj := got[0].Jibun, got[1].Jibun; kj != nj || !strings.HasPrefix(kj, p.Sido()+" ") {
			t.Errorf("%s: jibun %q (kakao) vs %q (naver)", p.Name, kj, nj)
		}
		if _, ok := naverOldSido[p.Sido()]; ok {
			renamed++
		}
	}
	if renamed < 4 {
		t.Errorf("only %d buildings in renamed provinces", renamed)
	}
	t.Logf("%d buildings, %d in renamed provinces, compared across 4 providers", len(places), renamed)
}
