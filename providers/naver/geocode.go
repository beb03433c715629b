package naver

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
	"github.com/mapswitch/mapswitch/internal/provider"
)

// Geocode implements geo.Geocoder with GET /map-geocode/v2/geocode. Near
// becomes the coordinate parameter, which sorts results by distance.
func (c *Client) Geocode(ctx context.Context, req geo.GeocodeRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	q := url.Values{"query": {req.Query}}
	if req.Limit > 0 {
		q.Set("count", strconv.Itoa(req.Limit))
	}
	if req.Near != nil {
		q.Set("coordinate", lonlat(*req.Near))
	}
	if strings.HasPrefix(req.Language, "en") {
		q.Set("language", "eng")
	}
	var r geocodeResp
	if err := c.get(ctx, geo.OpGeocode, apiGeocode, "/map-geocode/v2/geocode", q, &r); err != nil {
		return nil, err
	}
	return r.places(req.Limit)
}

// places converts a geocode answer.
func (r *geocodeResp) places(limit int) ([]geo.Place, error) {
	if r.Status != "" && r.Status != "OK" {
		kind := geo.ErrUnavailable
		if r.Status == "INVALID_REQUEST" {
			kind = geo.ErrInvalidRequest
		}
		return nil, &geo.ProviderError{Provider: "naver", Op: geo.OpGeocode, StatusCode: http.StatusOK, Code: r.Status, Message: r.ErrorMessage, Kind: kind}
	}
	var places []geo.Place
	for _, a := range r.Addresses {
		p := orb.Point{a.X.Float(), a.Y.Float()}
		if p == (orb.Point{}) || geo.ValidatePoint("point", p) != nil {
			continue
		}
		addr := geo.Address{Road: a.RoadAddress, Jibun: a.JibunAddress, English: a.EnglishAddress}
		for _, el := range a.AddressElements {
			if len(el.Types) == 0 {
				continue
			}
			v := el.LongName
			switch el.Types[0] {
			case "SIDO":
				addr.Sido = v
			case "SIGUGUN":
				addr.Sigungu = v
			case "DONGMYUN":
				addr.LegalDong = v
			case "RI":
				addr.Ri = v
			case "ROAD_NAME":
				addr.RoadName = v
			case "BUILDING_NUMBER":
				addr.BuildingMain, addr.BuildingSub = splitNumber(v)
			case "BUILDING_NAME":
				addr.BuildingName = v
			case "LAND_NUMBER":
				addr.Mountain = strings.HasPrefix(v, "산")
				addr.LandMain, addr.LandSub = splitNumber(strings.TrimSpace(strings.TrimPrefix(v, "산")))
			case "POSTAL_CODE":
				addr.PostalCode = v
			}
		}
		conf := 1.0
		if addr.Road == "" && addr.LandMain == "" {
			conf = 0.5 // a region, not an address
		}
		// NAVER appends building names to both address lines; Normalize
		// drops them (BuildingName keeps the name).
		places = append(places, geo.Place{Point: p, Address: addr.Normalize(), Confidence: conf, Provider: "naver", Name: addr.BuildingName})
	}
	return provider.Found("naver", geo.OpGeocode, places, limit, "no results")
}

// splitNumber splits "178-1" into "178" and "1".
func splitNumber(s string) (main, sub string) {
	main, sub, _ = strings.Cut(s, "-")
	return main, sub
}

func lonlat(p orb.Point) string {
	return strconv.FormatFloat(p[0], 'f', -1, 64) + "," + strconv.FormatFloat(p[1], 'f', -1, 64)
}
