package osm

import (
	"context"

	"github.com/mapswitch/mapswitch/geo"
	"github.com/mapswitch/mapswitch/internal/named"
)

// ReverseGeocode implements geo.ReverseGeocoder with Nominatim's /reverse.
func (c *Client) ReverseGeocode(ctx context.Context, req geo.ReverseRequest) (places []geo.Place, err error) {
	defer func() { places, err = named.Places(c.b.Name(), places, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	q := c.common(req.Language)
	q.Set("lat", fmtCoord(req.Point[1]))
	q.Set("lon", fmtCoord(req.Point[0]))
	q.Set("zoom", "18") // building level
	resp, err := c.get(ctx, geo.OpReverse, c.nominatim+"/reverse?"+q.Encode(), true)
	if err != nil {
		return nil, err
	}
	var raw nominatimPlace
	if err := c.b.Decode(geo.OpReverse, resp, &raw); err != nil {
		return nil, err
	}
	if len(raw.Error) > 0 && string(raw.Error) != "null" {
		// {"error":"Unable to geocode"} on HTTP 200: nothing there.
		return nil, &geo.ProviderError{Provider: "osm", Op: geo.OpReverse, StatusCode: resp.StatusCode,
			Kind: geo.ErrNotFound, Message: string(raw.Error)}
	}
	p, err := raw.place(geo.OpReverse)
	if err != nil {
		return nil, err
	}
	return []geo.Place{p}, nil
}
