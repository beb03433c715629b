#!/usr/bin/env bash
# geo/crs versus PROJ's C API on the same machine, one after the other.
# Needs gcc and Debian's libproj-dev.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -O2 -o "$out/proj_bench" bench/crs/c/proj_bench.c -lproj
"$out/proj_bench"
go test -run '^$' -bench Transform -benchmem -count 3 ./geo/crs/ | grep Benchmark
