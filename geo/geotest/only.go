package geotest

import "github.com/mapswitch/mapswitch/geo"

// Only returns a provider with f's name that exposes just the capabilities
// of ops, for testing code that must skip providers lacking one. Supported
// sets: any single operation, geocode+reverse (a Local-style API), route+
// matrix (a routing engine), and all four; anything else panics.
func Only(f *Fake, ops ...geo.Op) geo.Provider {
	set := map[geo.Op]bool{}
	for _, op := range ops {
		set[op] = true
	}
	g, r, ro, m := set[geo.OpGeocode], set[geo.OpReverse], set[geo.OpRoute], set[geo.OpMatrix]
	switch {
	case g && r && ro && m:
		return f
	case g && r && !ro && !m:
		return struct {
			named
			geo.Geocoder
			geo.ReverseGeocoder
		}{named{f}, f, f}
	case ro && m && !g && !r:
		return struct {
			named
			geo.Router
			geo.Matrixer
		}{named{f}, f, f}
	case len(set) == 1 && g:
		return struct {
			named
			geo.Geocoder
		}{named{f}, f}
	case len(set) == 1 && r:
		return struct {
			named
			geo.ReverseGeocoder
		}{named{f}, f}
	case len(set) == 1 && ro:
		return struct {
			named
			geo.Router
		}{named{f}, f}
	case len(set) == 1 && m:
		return struct {
			named
			geo.Matrixer
		}{named{f}, f}
	}
	panic("geotest.Only: unsupported capability set")
}

// named gives a wrapper the fake's Name without its methods.
type named struct{ f *Fake }

func (n named) Name() string { return n.f.name }
