package tmap

import (
	"context"
	"net/url"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
	"github.com/mapswitch/mapswitch/internal/provider"
)

// Confidence by match kind: a match down to the building or lot number is
// exact, a road or region without one partial, a POI hit names a place.
const (
	confExact  = 1.0
	confPOI    = 0.8
	confRegion = 0.5
)

// Geocode implements geo.Geocoder: fullAddrGeo (addressFlag F00, road or
// jibun decided by TMAP), then, when that finds nothing and the query looks
// like a place name ("판교역"), POI search.
func (c *Client) Geocode(ctx context.Context, req geo.GeocodeRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	count := req.Limit
	if count == 0 {
		count = 10
	}
	q := url.Values{"format": {"json"}, "coordType": {"WGS84GEO"}, "addressFlag": {"F00"}, "fullAddr": {req.Query},
		"page": {"1"}, "count": {strconv.Itoa(min(count, 20))}}
	var fa fullAddrGeo
	answered, err := c.do(ctx, geo.OpGeocode, "/tmap/geo/fullAddrGeo", q, nil, &fa)
	if err != nil && geo.KindOf(err) != geo.ErrNotFound {
		return nil, err
	}
	if answered {
		places = fa.places()
	}
	if len(places) == 0 && !provider.AddressLike(req.Query) {
		return c.pois(ctx, req, count)
	}
	return provider.Found("tmap", geo.OpGeocode, places, req.Limit, "no coordinates")
}

// places converts a fullAddrGeo answer, trusting neither shape: a match is
// read from the road fields when they hold a point, from the jibun fields
// otherwise, and an element with neither is skipped.
func (fa *fullAddrGeo) places() []geo.Place {
	var out []geo.Place
	for _, g := range fa.CoordinateInfo.Coordinate {
		pr := parts{sido: g.CityDo, sigungu: g.GuGun, eupMyun: g.EupMyun, legalDong: g.LegalDong, ri: g.Ri,
			legalCode: g.LegalDongCode, adminDong: g.AdminDong, adminCode: g.AdminDongCode, postal: g.Zipcode}
		road := orb.Point{g.NewLon.Float(), g.NewLat.Float()}
		jibun := orb.Point{g.Lon.Float(), g.Lat.Float()}
		p, ok := point(road)
		if ok {
			pr.roadName, pr.building, pr.buildingName = g.NewRoadName, g.NewBuildingIndex, g.NewBuildingName
		} else if p, ok = point(jibun); ok {
			pr.bunji, pr.buildingName = g.Bunji, g.BuildingName
		} else {
			continue
		}
		a := pr.address()
		conf := confExact
		if a.BuildingMain == "" && a.LandMain == "" {
			conf = confRegion
		}
		out = append(out, geo.Place{Point: p, Address: a, Name: a.BuildingName, Confidence: conf, Provider: "tmap"})
	}
	return out
}

// pois runs POI search; a 204 (TMAP's "no hits") is geo.ErrNotFound.
func (c *Client) pois(ctx context.Context, req geo.GeocodeRequest, count int) ([]geo.Place, error) {
	q := url.Values{"format": {"json"}, "searchKeyword": {req.Query}, "count": {strconv.Itoa(min(count, 200))}, "page": {"1"},
		"reqCoordType": {"WGS84GEO"}, "resCoordType": {"WGS84GEO"}}
	if req.Near != nil {
		q.Set("centerLon", strconv.FormatFloat(req.Near[0], 'f', -1, 64))
		q.Set("centerLat", strconv.FormatFloat(req.Near[1], 'f', -1, 64))
		q.Set("searchtypCd", "R") // by distance from the centre
	}
	var ps poiSearch
	answered, err := c.do(ctx, geo.OpGeocode, "/tmap/pois", q, nil, &ps)
	if err != nil {
		return nil, err
	}
	var places []geo.Place
	if answered {
		for _, pi := range ps.SearchPoiInfo.Pois.Poi {
			// The centroid first, the entrance when it is missing.
			p, ok := point(orb.Point{pi.NoorLon.Float(), pi.NoorLat.Float()}, orb.Point{pi.FrontLon.Float(), pi.FrontLat.Float()})
			if !ok {
				continue
			}
			places = append(places, geo.Place{Point: p, Name: pi.Name, Confidence: confPOI, Provider: "tmap", Address: pi.address()})
		}
	}
	return provider.Found("tmap", geo.OpGeocode, places, req.Limit, "no POIs")
}

// address assembles a POI's address: upperAddrName arrives abbreviated
// ("서울"), the numbers split into first and second parts.
func (pi poi) address() geo.Address {
	pr := parts{sido: pi.UpperAddrName, sigungu: pi.MiddleAddrName, legalDong: pi.LowerAddrName, ri: pi.DetailAddrName,
		roadName: pi.RoadName, building: number(pi.FirstBuildNo, pi.SecondBuildNo), postal: pi.ZipCode}
	if lot := number(pi.FirstNo, pi.SecondNo); lot != "" {
		pr.bunji = lot
		if pi.MlClass == "2" {
			pr.bunji = "산" + lot
		}
	}
	return pr.address()
}

// number joins a main and a sub number; "0" and "" mean none.
func number(main, sub string) string {
	if main == "" || main == "0" {
		return ""
	}
	if sub == "" || sub == "0" {
		return main
	}
	return main + "-" + sub
}
