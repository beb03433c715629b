package gateway

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/mapswitch/mapswitch/fallback"
	"github.com/mapswitch/mapswitch/geo"
)

// The Nominatim-compatible endpoints answer /search and /reverse in
// Nominatim's json, jsonv2 and geojson formats (xml and geocodejson are
// refused with 400; an absent format means jsonv2, for reverse too). What
// the Korean providers cannot give is filled in as follows:
//
//   - place_id is a stable hash of provider, point and name; osm_type and
//     osm_id are left out (the data is not OpenStreetMap's);
//   - class/category is "place", type "house" for a building address,
//     else "road"; place_rank is 30; importance is the provider's
//     confidence; boundingbox is the point itself;
//   - display_name is the name, the road (else land-lot) address, the
//     postal code and the country, comma-separated;
//   - address (addressdetails=1; default 0 for search and 1 for reverse)
//     maps the Korean address: 특별시/광역시 → city, else 도 → province;
//     시 → city, 군 → county, 구 → borough; 법정동 → quarter, 행정동 →
//     suburb; road, house_number, postcode, country, country_code "kr";
//   - licence names the provider whose data answered.
//
// limit defaults to 10 and is clamped to 1..40; accept-language (or the
// header) is passed to the provider. Nothing found is 200 with [] (search)
// or {"error":"Unable to geocode"} (reverse), as Nominatim does; a bad
// parameter is 400 and every provider failing is 503, both with
// {"error":{"code","message"}}.

type nominatimAddress map[string]string

type nominatimPlace struct {
	PlaceID     uint64           `json:"place_id"`
	Licence     string           `json:"licence"`
	Lat         string           `json:"lat"`
	Lon         string           `json:"lon"`
	Class       string           `json:"class,omitempty"`
	Category    string           `json:"category,omitempty"`
	Type        string           `json:"type"`
	PlaceRank   int              `json:"place_rank"`
	Importance  float64          `json:"importance"`
	AddressType string           `json:"addresstype,omitempty"`
	Name        string           `json:"name"`
	DisplayName string           `json:"display_name"`
	Address     nominatimAddress `json:"address,omitempty"`
	BoundingBox []string         `json:"boundingbox"`
	Provider    string           `json:"provider"`
	Stale       bool             `json:"stale,omitempty"`
}

type nominatimErrBody struct {
	Error struct {
		Code     int           `json:"code"`
		Message  string        `json:"message"`
		Attempts []attemptJSON `json:"attempts,omitempty"`
	} `json:"error"`
}

func nominatimError(code int, msg string) nominatimErrBody {
	var b nominatimErrBody
	b.Error.Code, b.Error.Message = code, msg
	return b
}

// nominatimOpts are the output settings of one request.
type nominatimOpts struct {
	format  string
	details bool
	english bool
}

func readNominatimOpts(r *http.Request, detailsDefault bool) (nominatimOpts, error) {
	q := r.URL.Query()
	o := nominatimOpts{format: q.Get("format"), details: detailsDefault}
	switch o.format {
	case "":
		o.format = "jsonv2"
	case "json", "jsonv2", "geojson":
	default:
		return o, badRequest("format", "format %q is not supported by this gateway; use json, jsonv2 or geojson", o.format)
	}
	if s := q.Get("addressdetails"); s != "" {
		o.details = s != "0" // Nominatim: only the literal 0 is false
	}
	o.english = strings.HasPrefix(strings.ToLower(language(r, "accept-language")), "en")
	return o, nil
}

func (g *Gateway) nominatimSearch(w http.ResponseWriter, r *http.Request) {
	o, err := readNominatimOpts(r, false)
	q := r.URL.Query()
	req := geo.GeocodeRequest{Query: q.Get("q"), Limit: 10, Language: language(r, "accept-language")}
	if err == nil && req.Query == "" {
		// The structured form is joined into one query, largest unit first,
		// as Korean addresses are written; country is left out, every
		// provider being Korean.
		var parts []string
		for _, k := range []string{"state", "county", "city", "street", "amenity", "postalcode"} {
			if v := strings.TrimSpace(q.Get(k)); v != "" {
				parts = append(parts, v)
			}
		}
		req.Query = strings.Join(parts, " ")
	}
	if err == nil && q.Get("limit") != "" {
		var n int
		n, err = strconv.Atoi(q.Get("limit"))
		if err != nil {
			err = badRequest("limit", "%q is not an integer", q.Get("limit"))
		}
		req.Limit = max(1, min(40, n))
	}
	if err != nil {
		g.writeNominatimError(w, err)
		return
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	places, err := g.cfg.Client.Geocode(ctx, req)
	if err != nil && !isNotFound(err) {
		g.writeNominatimError(w, err)
		return
	}
	if len(places) > req.Limit {
		places = places[:req.Limit]
	}
	g.writeNominatimPlaces(w, places, o, false)
}

func (g *Gateway) nominatimReverse(w http.ResponseWriter, r *http.Request) {
	o, err := readNominatimOpts(r, true)
	q := r.URL.Query()
	var lat, lon float64
	if err == nil {
		lat, err = nominatimFloat("lat", q.Get("lat"))
	}
	if err == nil {
		lon, err = nominatimFloat("lon", q.Get("lon"))
	}
	if err != nil {
		g.writeNominatimError(w, err)
		return
	}
	ctx, cancel := g.answerCtx(r)
	defer cancel()
	places, err := g.cfg.Client.ReverseGeocode(ctx, geo.ReverseRequest{Point: [2]float64{lon, lat}, Language: language(r, "accept-language")})
	switch {
	case errors.Is(err, geo.ErrInvalidRequest) || (err == nil && len(places) == 0) || isNotFound(err):
		// Nominatim answers out-of-range points and open sea alike.
		writeJSON(w, http.StatusOK, map[string]string{"error": "Unable to geocode"})
	case err != nil:
		g.writeNominatimError(w, err)
	default:
		g.writeNominatimPlaces(w, places[:1], o, true)
	}
}

func nominatimFloat(name, s string) (float64, error) {
	if s == "" {
		return 0, badRequest(name, "Parameter '%s' missing.", name)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, badRequest(name, "Parameter '%s' must be a number.", name)
	}
	return f, nil
}

func isNotFound(err error) bool {
	var fe *fallback.Error
	if errors.As(err, &fe) {
		return fe.NotFound()
	}
	return errors.Is(err, geo.ErrNotFound)
}

func (g *Gateway) writeNominatimError(w http.ResponseWriter, err error) {
	status, j := classify(err)
	if status == 499 {
		return
	}
	b := nominatimError(status, j.Message)
	b.Error.Attempts = j.Attempts
	writeJSON(w, status, b)
}

// writeNominatimPlaces answers places; one (reverse) is a single object
// in json/jsonv2 rather than an array.
func (g *Gateway) writeNominatimPlaces(w http.ResponseWriter, places []geo.Place, o nominatimOpts, one bool) {
	out := make([]nominatimPlace, 0, len(places))
	licence := ""
	for _, p := range places {
		np := g.nominatimPlace(p, o)
		out = append(out, np)
		if licence == "" {
			licence = np.Licence
		}
	}
	if len(places) > 0 {
		w.Header().Set("X-Mapswitch-Provider", places[0].Provider)
	}
	switch {
	case o.format == "geojson":
		writeJSON(w, http.StatusOK, nominatimGeoJSON(out, places, licence))
	case one:
		writeJSON(w, http.StatusOK, out[0])
	default:
		writeJSON(w, http.StatusOK, out)
	}
}

func (g *Gateway) nominatimPlace(p geo.Place, o nominatimOpts) nominatimPlace {
	lat, lon := coord(p.Point[1]), coord(p.Point[0])
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%s", p.Provider, lat, lon, p.Name)
	typ := "road"
	if p.Address.BuildingMain != "" || p.Address.LandMain != "" {
		typ = "house"
	}
	np := nominatimPlace{PlaceID: h.Sum64() >> 12, Licence: g.attribution(p.Provider), Lat: lat, Lon: lon,
		Type: typ, PlaceRank: 30, Importance: p.Confidence, Name: p.Name,
		DisplayName: displayName(p, o.english), BoundingBox: []string{lat, lat, lon, lon},
		Provider: p.Provider, Stale: p.Stale}
	if o.format == "json" {
		np.Class = "place"
	} else {
		np.Category, np.AddressType = "place", typ
	}
	if o.details {
		np.Address = nominatimAddressOf(p.Address, o.english)
	}
	return np
}

func coord(f float64) string { return strconv.FormatFloat(f, 'f', 7, 64) }

func country(english bool) string {
	if english {
		return "South Korea"
	}
	return "대한민국"
}

func displayName(p geo.Place, english bool) string {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(p.Name)
	switch {
	case english && p.Address.English != "":
		add(p.Address.English)
	case p.Address.Road != "":
		add(p.Address.Road)
	default:
		add(p.Address.Jibun)
	}
	add(p.Address.PostalCode)
	add(country(english))
	return strings.Join(parts, ", ")
}

// nominatimAddressOf maps the Korean address onto Nominatim's keys.
func nominatimAddressOf(a geo.Address, english bool) nominatimAddress {
	out := nominatimAddress{"country": country(english), "country_code": "kr"}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out[k] = v
		}
	}
	metro := strings.HasSuffix(a.Sido, "특별시") || strings.HasSuffix(a.Sido, "광역시") || strings.HasSuffix(a.Sido, "특별자치시")
	if metro {
		set("city", a.Sido)
	} else {
		set("province", a.Sido)
	}
	for _, unit := range strings.Fields(a.Sigungu) {
		switch {
		case strings.HasSuffix(unit, "구"):
			set("borough", unit)
		case strings.HasSuffix(unit, "군"):
			set("county", unit)
		case strings.HasSuffix(unit, "시") && !metro:
			set("city", unit)
		}
	}
	set("quarter", a.LegalDong)
	set("suburb", a.AdminDong)
	set("road", a.RoadName)
	num := a.BuildingMain
	if a.BuildingSub != "" {
		num += "-" + a.BuildingSub
	}
	set("house_number", num)
	set("postcode", a.PostalCode)
	return out
}

// nominatimGeoJSON is the geojson format: a FeatureCollection.
func nominatimGeoJSON(out []nominatimPlace, places []geo.Place, licence string) map[string]any {
	features := make([]map[string]any, 0, len(out))
	for i, np := range out {
		props := map[string]any{"place_id": np.PlaceID, "place_rank": np.PlaceRank, "category": "place",
			"type": np.Type, "importance": np.Importance, "addresstype": np.Type, "name": np.Name,
			"display_name": np.DisplayName, "provider": np.Provider}
		if np.Address != nil {
			props["address"] = np.Address
		}
		pt := places[i].Point
		features = append(features, map[string]any{"type": "Feature", "properties": props,
			"bbox":     []float64{pt[0], pt[1], pt[0], pt[1]},
			"geometry": map[string]any{"type": "Point", "coordinates": []float64{pt[0], pt[1]}}})
	}
	return map[string]any{"type": "FeatureCollection", "licence": licence, "features": features}
}
