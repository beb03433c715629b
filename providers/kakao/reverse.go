package kakao

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
	"github.com/mapswitch/mapswitch/internal/provider"
)

// ReverseGeocode implements geo.ReverseGeocoder. It asks coord2address for
// the addresses and coord2regioncode for the legal and administrative dong
// codes, concurrently, and merges them. A point with region codes but no
// address (a field, a river bank) still yields a region-level place.
func (c *Client) ReverseGeocode(ctx context.Context, req geo.ReverseRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	q := url.Values{
		"x": {strconv.FormatFloat(req.Point[0], 'f', -1, 64)},
		"y": {strconv.FormatFloat(req.Point[1], 'f', -1, 64)},
	}.Encode()
	var (
		wg            sync.WaitGroup
		addr          coord2address
		region        coord2region
		addrErr, rErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		rErr = c.do(ctx, geo.OpReverse, http.MethodGet, c.local+"/v2/local/geo/coord2regioncode.json?"+q, nil, &region, false)
	}()
	addrErr = c.do(ctx, geo.OpReverse, http.MethodGet, c.local+"/v2/local/geo/coord2address.json?"+q, nil, &addr, false)
	wg.Wait()
	if addrErr != nil {
		return nil, addrErr
	}
	if rErr != nil {
		// Codes are a bonus; the address answers the question.
		c.b.Logger.Debug("kakao coord2regioncode failed", "err", rErr)
	}

	var codes geo.Address
	for _, d := range region.Documents {
		switch d.RegionType {
		case "B":
			codes.LegalCode, codes.LegalDong = d.Code, d.Region3
			codes.Sido, codes.Sigungu, codes.Ri = d.Region1, d.Region2, d.Region4
		case "H":
			codes.AdminCode, codes.AdminDong = d.Code, d.Region3
		}
	}
	for _, d := range addr.Documents {
		a := toAddress(d.Address, d.RoadAddress)
		a.LegalCode, a.AdminCode, a.AdminDong = codes.LegalCode, codes.AdminCode, codes.AdminDong
		if codes.Sido != "" {
			// coord2regioncode spells regions out in full ("서울특별시").
			a.Sido, a.Sigungu = codes.Sido, codes.Sigungu
		}
		conf := confExact
		if d.RoadAddress == nil {
			conf = 0.9 // a lot without a building
		}
		places = append(places, geo.Place{Point: req.Point, Address: a.Normalize(), Confidence: conf, Provider: "kakao"})
	}
	if len(places) == 0 && codes.LegalCode != "" {
		places = append(places, geo.Place{Point: req.Point, Address: codes.Normalize(), Confidence: confRegion, Provider: "kakao"})
	}
	return provider.Found("kakao", geo.OpReverse, places, 0, "no documents")
}
