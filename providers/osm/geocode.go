package osm

import (
	"context"
	"net/url"
	"strconv"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
)

// Geocode implements geo.Geocoder with Nominatim's /search.
func (c *Client) Geocode(ctx context.Context, req geo.GeocodeRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	q := c.common(req.Language)
	q.Set("q", req.Query)
	limit := req.Limit
	if limit == 0 {
		limit = 10
	}
	q.Set("limit", strconv.Itoa(min(limit, 40)))
	if c.countryCodes != "" {
		q.Set("countrycodes", c.countryCodes)
	}
	if req.Near != nil {
		// A ~20 km box around the point biases results without excluding
		// others (bounded=0).
		const d = 0.1
		p := *req.Near
		q.Set("viewbox", fmtCoord(p[0]-d)+","+fmtCoord(p[1]+d)+","+fmtCoord(p[0]+d)+","+fmtCoord(p[1]-d))
	}
	resp, err := c.get(ctx, geo.OpGeocode, c.nominatim+"/search?"+q.Encode(), true)
	if err != nil {
		return nil, err
	}
	var raw []nominatimPlace
	if err := c.b.Decode(geo.OpGeocode, resp, &raw); err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, &geo.ProviderError{Provider: "osm", Op: geo.OpGeocode, StatusCode: resp.StatusCode,
			Kind: geo.ErrNotFound, Message: "no match"}
	}
	places = make([]geo.Place, 0, len(raw))
	for _, r := range raw {
		p, err := r.place(geo.OpGeocode)
		if err != nil {
			return nil, err
		}
		places = append(places, p)
	}
	if req.Limit > 0 && len(places) > req.Limit {
		places = places[:req.Limit]
	}
	return places, nil
}

// common returns the parameters every Nominatim request carries.
func (c *Client) common(lang string) url.Values {
	q := url.Values{}
	q.Set("format", "jsonv2")
	q.Set("addressdetails", "1")
	if lang == "" {
		lang = c.language
	}
	if lang != "" {
		q.Set("accept-language", lang)
	}
	if c.email != "" {
		q.Set("email", c.email)
	}
	return q
}

func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', 7, 64) }
