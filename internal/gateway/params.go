package gateway

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// parsePoint reads "lon,lat", longitude first as everywhere in mapswitch.
func parsePoint(field, s string) (orb.Point, error) {
	lon, lat, ok := strings.Cut(strings.TrimSpace(s), ",")
	if !ok {
		return orb.Point{}, badRequest(field, "%q is not lon,lat", s)
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	if err1 != nil || err2 != nil {
		return orb.Point{}, badRequest(field, "%q is not lon,lat", s)
	}
	return orb.Point{x, y}, nil
}

// parsePoints reads "lon,lat;lon,lat;…" ("|" also separates: a raw ";"
// in a query string is dropped by Go's parser, as by others).
func parsePoints(field, s string) ([]orb.Point, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []orb.Point
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		p, err := parsePoint(field, part)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// parseInt reads an optional non-negative integer.
func parseInt(field, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, badRequest(field, "%q is not a non-negative integer", s)
	}
	return n, nil
}

// decodeBody reads a POSTed JSON request into v.
func decodeBody(r *http.Request, v any) error {
	err := json.NewDecoder(r.Body).Decode(v)
	var mbe *http.MaxBytesError
	if err != nil && !errors.As(err, &mbe) {
		return badRequest("body", "malformed JSON: %v", err)
	}
	return err
}

// queryPoints reads a list of points from a query parameter, given once
// with separators or repeated.
func queryPoints(r *http.Request, field string) ([]orb.Point, error) {
	var out []orb.Point
	for _, v := range r.URL.Query()[field] {
		pts, err := parsePoints(field, v)
		if err != nil {
			return nil, err
		}
		out = append(out, pts...)
	}
	return out, nil
}

// language is the request's language: the parameter, else the first tag
// of Accept-Language.
func language(r *http.Request, param string) string {
	if v := r.URL.Query().Get(param); v != "" {
		return firstTag(v)
	}
	return firstTag(r.Header.Get("Accept-Language"))
}

func firstTag(s string) string {
	tag, _, _ := strings.Cut(s, ",")
	tag, _, _ = strings.Cut(tag, ";")
	return strings.TrimSpace(tag)
}

// osrmQuery parses the query string as OSRM does: ";" separates list
// items inside a value (sources=0;1), where Go's parser would drop the
// whole pair.
func osrmQuery(r *http.Request) url.Values {
	out := url.Values{}
	for _, pair := range strings.Split(r.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		ku, err1 := url.QueryUnescape(k)
		vu, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			continue
		}
		out.Add(ku, vu)
	}
	return out
}

// readRequest fills req from a POST body in the library's JSON encoding, or
// from a GET query through fromQuery; any other method is refused.
func readRequest[T any](r *http.Request, req *T, fromQuery func(q url.Values) error) error {
	switch r.Method {
	case http.MethodPost:
		return decodeBody(r, req)
	case http.MethodGet:
		return fromQuery(r.URL.Query())
	}
	return badRequest("method", "use GET or POST")
}
