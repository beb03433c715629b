package provider

import "regexp"

// addressLike matches queries that carry a road-name or lot number, such as
// "세종대로 110" or "태평로1가 31".
var addressLike = regexp.MustCompile(`(로|길)\s*\d|(동|리|가)\s*(산\s*)?\d`)

// AddressLike reports whether a geocoding query is an address with a
// number. A provider that found no such address does not retry it as a
// place name: "없는로 999" is not a shop.
func AddressLike(query string) bool { return addressLike.MatchString(query) }
