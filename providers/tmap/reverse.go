package tmap

import (
	"context"
	"net/url"
	"strconv"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
	"github.com/mapswitch/mapswitch/internal/provider"
)

// ReverseGeocode implements geo.ReverseGeocoder with reversegeocoding
// (addressType A10: road and jibun forms, legal and administrative dongs
// with their codes). TMAP returns one address per point; a point without
// one (the sea) is geo.ErrNotFound.
func (c *Client) ReverseGeocode(ctx context.Context, req geo.ReverseRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	q := url.Values{"format": {"json"}, "coordType": {"WGS84GEO"}, "addressType": {"A10"},
		"lon": {strconv.FormatFloat(req.Point[0], 'f', -1, 64)}, "lat": {strconv.FormatFloat(req.Point[1], 'f', -1, 64)}}
	var rg reverseGeo
	answered, err := c.do(ctx, geo.OpReverse, "/tmap/geo/reversegeocoding", q, nil, &rg)
	if err != nil {
		return nil, err
	}
	if answered {
		places = rg.places(req)
	}
	return provider.Found("tmap", geo.OpReverse, places, 0, "no address")
}

func (rg *reverseGeo) places(req geo.ReverseRequest) []geo.Place {
	ai := rg.AddressInfo
	a := parts{sido: ai.CityDo, sigungu: ai.GuGun, eupMyun: ai.EupMyun, legalDong: ai.LegalDong, ri: ai.Ri, bunji: ai.Bunji,
		roadName: ai.RoadName, building: ai.BuildingIndex, buildingName: ai.BuildingName,
		legalCode: ai.LegalDongCode, adminDong: ai.AdminDong, adminCode: ai.AdminDongCode}.address()
	if a.Sido == "" && a.LegalCode == "" {
		return nil
	}
	conf := confExact
	switch {
	case a.Road == "" && a.Jibun == "":
		conf = confRegion
	case a.Road == "":
		conf = 0.9 // a lot without a building
	}
	return []geo.Place{{Point: req.Point, Address: a, Name: a.BuildingName, Confidence: conf, Provider: "tmap"}}
}
