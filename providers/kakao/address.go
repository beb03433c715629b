package kakao

import (
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// toAddress merges Kakao's jibun and road-name parts into the Korean model,
// normalised (geo.Address.Normalize): Kakao's search documents abbreviate
// the province ("서울", "경기"). Either part may be nil.
func toAddress(j *localAddress, r *roadAddress) geo.Address {
	var a geo.Address
	if j != nil {
		a.Jibun = j.AddressName
		a.Sido, a.Sigungu = j.Region1, j.Region2
		a.LegalDong, a.Ri = splitRi(j.Region3)
		a.AdminDong = j.Region3H
		a.LegalCode, a.AdminCode = j.BCode, j.HCode
		a.Mountain = j.MountainYN == "Y"
		a.LandMain, a.LandSub = j.MainNo, j.SubNo
	}
	if r != nil {
		a.Road = r.AddressName
		if a.Sido == "" {
			a.Sido, a.Sigungu = r.Region1, r.Region2
			a.LegalDong, a.Ri = splitRi(r.Region3)
		}
		a.RoadName = r.RoadName
		a.Underground = r.UndergroundYN == "Y"
		a.BuildingMain, a.BuildingSub = r.MainBuilding, r.SubBuilding
		a.BuildingName = r.BuildingName
		a.PostalCode = r.ZoneNo // a string: "05319" keeps its zero
	}
	return a.Normalize()
}

// splitRi splits "죽산면 죽산리" into the 읍/면 and the 리.
func splitRi(region3 string) (dong, ri string) {
	if i := strings.LastIndexByte(region3, ' '); i > 0 && strings.HasSuffix(region3, "리") {
		return region3[:i], region3[i+1:]
	}
	return region3, ""
}

// validPoint returns the point and whether it is a usable coordinate.
func validPoint(x, y float64) (orb.Point, bool) {
	p := orb.Point{x, y}
	return p, p != (orb.Point{}) && geo.ValidatePoint("point", p) == nil
}
