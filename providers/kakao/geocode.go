package kakao

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
	"github.com/mapswitch/mapswitch/internal/provider"
)

// Confidence by match type. An address-search hit on a full road or jibun
// address is exact; a road or region without a number is partial; a keyword
// hit names a place, which is usually right but not an address match.
const (
	confExact   = 1.0
	confKeyword = 0.8
	confRoad    = 0.6
	confRegion  = 0.5
)

// Geocode implements geo.Geocoder: Kakao Local address search, then, when
// that finds nothing and the query looks like a place name ("판교역",
// "서울시청"), keyword search.
func (c *Client) Geocode(ctx context.Context, req geo.GeocodeRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	size := req.Limit
	if size == 0 {
		size = 10
	}
	q := url.Values{"query": {req.Query}, "size": {strconv.Itoa(min(size, 30))}}
	var as addressSearch
	if err := c.do(ctx, geo.OpGeocode, http.MethodGet, c.local+"/v2/local/search/address.json?"+q.Encode(), nil, &as, false); err != nil {
		return nil, err
	}
	for _, d := range as.Documents {
		p, ok := validPoint(d.X.Float(), d.Y.Float())
		if !ok {
			continue
		}
		conf := confExact
		switch d.AddressType {
		case "ROAD":
			conf = confRoad
		case "REGION":
			conf = confRegion
		}
		places = append(places, geo.Place{Point: p, Address: toAddress(d.Address, d.RoadAddress), Confidence: conf, Provider: "kakao"})
	}
	if len(places) == 0 && !provider.AddressLike(req.Query) {
		return c.keyword(ctx, req, size)
	}
	return provider.Found("kakao", geo.OpGeocode, places, req.Limit, "no documents")
}

// keyword runs Kakao Local keyword (place) search.
func (c *Client) keyword(ctx context.Context, req geo.GeocodeRequest, size int) ([]geo.Place, error) {
	q := url.Values{"query": {req.Query}, "size": {strconv.Itoa(min(size, 15))}}
	if req.Near != nil {
		q.Set("x", strconv.FormatFloat(req.Near[0], 'f', -1, 64))
		q.Set("y", strconv.FormatFloat(req.Near[1], 'f', -1, 64))
		q.Set("sort", "distance")
	}
	var ks keywordSearch
	if err := c.do(ctx, geo.OpGeocode, http.MethodGet, c.local+"/v2/local/search/keyword.json?"+q.Encode(), nil, &ks, false); err != nil {
		return nil, err
	}
	var places []geo.Place
	for _, d := range ks.Documents {
		p, ok := validPoint(d.X.Float(), d.Y.Float())
		if !ok {
			continue
		}
		places = append(places, geo.Place{Point: p, Name: d.PlaceName, Confidence: confKeyword, Provider: "kakao",
			Address: geo.Address{Road: d.RoadAddressName, Jibun: d.AddressName}.Normalize()})
	}
	return provider.Found("kakao", geo.OpGeocode, places, req.Limit, "no documents")
}
