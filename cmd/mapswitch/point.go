package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/mapswitch/mapswitch/geo"
)

// looksNumeric reports whether s is made only of characters that appear in
// coordinates: such input is meant as lon,lat and must parse as such, never
// be sent to a geocoder as an address.
func looksNumeric(s string) bool {
	if s != "" && strings.Trim(s, "0123456789.,+-eE \t") == "" {
		return true
	}
	// "127.1,37.x": a typo in a coordinate, not an address.
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return false
	}
	_, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	_, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return err1 == nil || err2 == nil
}

// parseLonLat parses "lon,lat" or "lon lat". what names the argument in
// the error, e.g. "FROM".
func parseLonLat(what, s string) (orb.Point, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(f) != 2 {
		return orb.Point{}, badInput("%s %q is not a point: write lon,lat with longitude first, e.g. 127.1112,37.3948", what, s)
	}
	lon, err1 := strconv.ParseFloat(f[0], 64)
	lat, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil {
		return orb.Point{}, badInput("%s %q is not a point: write lon,lat as two decimal numbers, e.g. 127.1112,37.3948", what, s)
	}
	return checkPoint(what, orb.Point{lon, lat})
}

// checkPoint validates p and rewords geo's message for the command line.
func checkPoint(what string, p orb.Point) (orb.Point, error) {
	if err := geo.ValidatePoint(what, p); err != nil {
		var re *geo.RequestError
		if errors.As(err, &re) && strings.Contains(re.Reason, "swapped") {
			return p, badInput("%s %v,%v looks like lat,lon; points are lon,lat (longitude first): try %v,%v",
				what, p[0], p[1], p[1], p[0])
		}
		return p, badInput("%s %v,%v: %s", what, p[0], p[1], strings.TrimPrefix(err.Error(), "invalid request: "+what+": "))
	}
	return p, nil
}

// located is a point the user gave, and how it was found.
type located struct {
	Input    string    `json:"input"`
	Point    orb.Point `json:"point"`
	Provider string    `json:"geocoded_by,omitempty"`
	Address  string    `json:"address,omitempty"`
}

// resolve turns lon,lat or an address (geocoded first) into a point.
func (a *app) resolve(ctx context.Context, what, s string) (located, error) {
	s = strings.TrimSpace(s)
	if looksNumeric(s) {
		p, err := parseLonLat(what, s)
		return located{Input: s, Point: p}, err
	}
	c, err := a.failover()
	if err != nil {
		return located{}, err
	}
	ctx, cancel := a.answerCtx(ctx)
	defer cancel()
	places, err := c.Geocode(ctx, geo.GeocodeRequest{Query: s, Limit: 1})
	if err != nil {
		code := codeOf(err)
		msg := fmt.Sprintf("%s %q: %s", what, s, describe(err))
		if code == exitNotFound {
			msg = fmt.Sprintf("%s %q: no provider found this address; check the spelling or give lon,lat", what, s)
		}
		return located{}, &exitError{code: code, msg: msg}
	}
	pl := places[0]
	addr := pl.Address.Road
	if addr == "" {
		addr = pl.Address.Jibun
	}
	if pl.Name != "" {
		addr = strings.TrimSpace(pl.Name + " " + addr)
	}
	return located{Input: s, Point: pl.Point, Provider: pl.Provider, Address: addr}, nil
}
