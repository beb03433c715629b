package osm

import (
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// place converts a Nominatim result, checking that its point is sane.
func (r nominatimPlace) place(op geo.Op) (geo.Place, error) {
	pt := orb.Point{r.Lon.Float(), r.Lat.Float()}
	if err := geo.ValidatePoint("point", pt); err != nil || pt == (orb.Point{}) {
		return geo.Place{}, &geo.ProviderError{Provider: "osm", Op: op, Kind: geo.ErrUnavailable,
			Message: "result without a valid point"}
	}
	return geo.Place{Point: pt, Address: koreanAddress(r.Address), Name: r.Name,
		Confidence: confidence(r.PlaceRank.Float(), r.Importance.Float()), Provider: "osm"}, nil
}

// confidence maps Nominatim's place_rank (0 country … 30 house) and
// importance (0..1) onto 0..1: a house-level match is 0.9 or more, a road
// 0.7–0.8, a district 0.5, a city 0.3. OSM's Korean house-number coverage is
// thin, so even its best answers rank below an exact Kakao or NAVER match.
func confidence(rank, importance float64) float64 {
	c := rank / 30 * 0.9
	c += 0.1 * min(max(importance, 0), 1)
	return min(max(c, 0), 1)
}

// koreanAddress maps Nominatim's generic address keys onto the Korean model,
// normalised (geo.Address.Normalize). OSM has no jibun addresses and no
// dong codes; its road address is assembled from road and house_number.
// The keys a Korean unit gets depend on its OSM tagging: 구 arrives as
// borough, a 시 inside a 도 as city, 도 as province or state, 동 as quarter,
// suburb or neighbourhood.
func koreanAddress(a map[string]string) geo.Address {
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := a[k]; v != "" {
				return v
			}
		}
		return ""
	}
	var out geo.Address
	city := a["city"]
	metro := strings.HasSuffix(city, "특별시") || strings.HasSuffix(city, "광역시") || strings.HasSuffix(city, "특별자치시") ||
		city == "Seoul" || strings.HasSuffix(city, "-si") && a["province"] == "" && a["state"] == ""
	if metro {
		out.Sido = city
		out.Sigungu = first("borough", "county")
	} else {
		out.Sido = first("province", "state")
		out.Sigungu = strings.TrimSpace(strings.Join(nonEmpty(first("city", "county", "town"), a["borough"]), " "))
	}
	out.LegalDong = first("quarter", "suburb", "neighbourhood", "village", "town")
	if q, s := a["quarter"], a["suburb"]; q != "" && s != "" {
		out.AdminDong = s
	}
	out.RoadName = a["road"]
	out.BuildingMain = a["house_number"]
	out.BuildingName = a["house_name"]
	out.PostalCode = a["postcode"]
	if out.RoadName != "" {
		out.Road = strings.Join(nonEmpty(out.Sido, out.Sigungu, out.RoadName, out.BuildingMain), " ")
	}
	return out.Normalize()
}

func nonEmpty(parts ...string) []string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
