package fallback

import (
	"context"

	"github.com/mapswitch/mapswitch/geo"
)

// Geocode implements geo.Geocoder. Providers are tried in order; a provider
// that finds nothing does not stop the search, since coverage differs
// (new-development addresses, islands). The error is geo.ErrNotFound only if
// every provider called found nothing.
func (c *Client) Geocode(ctx context.Context, req geo.GeocodeRequest) (places []geo.Place, err error) {
	ctx, end := c.begin(ctx, geo.OpGeocode)
	defer func() { p, stale := placesAnswer(places); end(p, stale, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return cached(ctx, c, CacheKey{Op: geo.OpGeocode, Key: geocodeKey(req)}, func(ctx context.Context) ([]geo.Place, error) {
		places, _, err := run(ctx, c, geo.OpGeocode, nil, func(ctx context.Context, p geo.Provider) ([]geo.Place, error) {
			return p.(geo.Geocoder).Geocode(ctx, req)
		})
		return places, err
	}, placesCodec)
}

// ReverseGeocode implements geo.ReverseGeocoder, with Geocode's semantics
// for providers that find nothing.
func (c *Client) ReverseGeocode(ctx context.Context, req geo.ReverseRequest) (places []geo.Place, err error) {
	ctx, end := c.begin(ctx, geo.OpReverse)
	defer func() { p, stale := placesAnswer(places); end(p, stale, err) }()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return cached(ctx, c, CacheKey{Op: geo.OpReverse, Key: reverseKey(req), Point: req.Point, Language: req.Language}, func(ctx context.Context) ([]geo.Place, error) {
		places, _, err := run(ctx, c, geo.OpReverse, nil, func(ctx context.Context, p geo.Provider) ([]geo.Place, error) {
			return p.(geo.ReverseGeocoder).ReverseGeocode(ctx, req)
		})
		return places, err
	}, placesCodec)
}
