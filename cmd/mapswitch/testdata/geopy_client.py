"""Geocode and reverse-geocode through mapswitch serve with geopy's
Nominatim geocoder, unmodified; print what it understood as JSON."""
import json
import sys

from geopy.geocoders import Nominatim

domain = sys.argv[1]
geolocator = Nominatim(domain=domain, scheme="http", user_agent="mapswitch-test/1.0 (tests@example.invalid)", timeout=10)
out = {}
loc = geolocator.geocode("서울특별시 중구 세종대로 110", addressdetails=True, language="ko")
out["geocode"] = {"lat": loc.latitude, "lon": loc.longitude, "address": loc.address, "raw": loc.raw}
many = geolocator.geocode("역", exactly_one=False, limit=3)
out["geocode_many"] = len(many or [])
rev = geolocator.reverse("37.5662952, 126.9779692", language="en")
out["reverse"] = {"lat": rev.latitude, "lon": rev.longitude, "address": rev.address, "raw": rev.raw}
out["nothing"] = geolocator.geocode("nowhere-at-all-zzz") is None
print(json.dumps(out, ensure_ascii=False))
