#!/usr/bin/env bash
# Geodesic speed: mapswitch (Go) versus GeographicLib (C++) on the same pairs,
# same machine, one after the other. Needs g++ and Debian's libgeographiclib-dev.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
g++ -O2 -o "$out/glib" bench/geodesic/cpp/geographiclib.cpp -lGeographicLib
go run ./bench/geodesic -pairs "$out/pairs.txt"
"$out/glib" "$out/pairs.txt"
