package naver

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
)

// ReverseGeocode implements geo.ReverseGeocoder with GET
// /map-reversegeocode/v2/gc, asking for legal and administrative codes and
// both address forms, so that coastal and new-development points still get
// a dong-level answer. It returns one place merging all four results.
func (c *Client) ReverseGeocode(ctx context.Context, req geo.ReverseRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	q := url.Values{"coords": {lonlat(req.Point)}, "output": {"json"}, "orders": {"legalcode,admcode,addr,roadaddr"}}
	var r reverseResp
	if err := c.get(ctx, geo.OpReverse, apiReverse, "/map-reversegeocode/v2/gc", q, &r); err != nil {
		return nil, err
	}
	return r.place(req.Point)
}

// place converts a reverse-geocode answer for point pt into one place.
func (r *reverseResp) place(pt orb.Point) ([]geo.Place, error) {
	switch r.Status.Code {
	case 0:
	case 3:
		return nil, &geo.ProviderError{Provider: "naver", Op: geo.OpReverse, StatusCode: http.StatusOK, Code: "3", Message: r.Status.Name, Kind: geo.ErrNotFound}
	case 100:
		return nil, &geo.ProviderError{Provider: "naver", Op: geo.OpReverse, StatusCode: http.StatusOK, Code: "100", Message: r.Status.Message, Kind: geo.ErrInvalidRequest}
	default:
		return nil, &geo.ProviderError{Provider: "naver", Op: geo.OpReverse, StatusCode: http.StatusOK, Code: itoa(r.Status.Code), Message: r.Status.Message, Kind: geo.ErrUnavailable}
	}
	var a geo.Address
	conf := 0.0
	for _, res := range r.Results {
		reg := res.Region
		if a.Sido == "" {
			a.Sido, a.Sigungu = reg.Area1.Name, reg.Area2.Name
		}
		switch res.Name {
		case "legalcode":
			a.LegalCode, a.LegalDong, a.Ri = res.Code.ID, reg.Area3.Name, reg.Area4.Name
			conf = max(conf, 0.5)
		case "admcode":
			a.AdminCode, a.AdminDong = res.Code.ID, reg.Area3.Name
			conf = max(conf, 0.5)
		case "addr":
			if l := res.Land; l != nil {
				a.Mountain = l.Type == "2"
				a.LandMain, a.LandSub = l.Number1, l.Number2
				a.Jibun = join(reg.Area1.Name, reg.Area2.Name, reg.Area3.Name, reg.Area4.Name, landNumber(a.Mountain, l.Number1, l.Number2))
				conf = max(conf, 0.9)
			}
		case "roadaddr":
			if l := res.Land; l != nil {
				a.RoadName, a.BuildingMain, a.BuildingSub = l.Name, l.Number1, l.Number2
				for _, ad := range []addition{l.Addition0, l.Addition1, l.Addition2, l.Addition3, l.Addition4} {
					switch ad.Type {
					case "building":
						a.BuildingName = ad.Value
					case "zipcode":
						a.PostalCode = ad.Value
					}
				}
				a.Road = join(reg.Area1.Name, reg.Area2.Name, l.Name, landNumber(false, l.Number1, l.Number2))
				conf = 1
			}
		}
	}
	if conf == 0 {
		return nil, &geo.ProviderError{Provider: "naver", Op: geo.OpReverse, StatusCode: http.StatusOK, Kind: geo.ErrNotFound, Message: "no results"}
	}
	return []geo.Place{{Point: pt, Address: a.Normalize(), Name: a.BuildingName, Confidence: conf, Provider: "naver"}}, nil
}

func landNumber(mountain bool, main, sub string) string {
	if main == "" {
		return ""
	}
	s := main
	if sub != "" {
		s += "-" + sub
	}
	if mountain {
		s = "산 " + s
	}
	return s
}

func join(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}
