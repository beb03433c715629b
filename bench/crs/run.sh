#!/usr/bin/env bash
# geo/crs versus PROJ's C API on the same machine, one after the other,
# then the speed ratios (PROJ's time per point over geo/crs's median).
# Needs gcc and Debian's libproj-dev.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -O2 -o "$out/proj_bench" bench/crs/c/proj_bench.c -lproj
"$out/proj_bench" | tee "$out/proj.txt"
go test -run '^$' -bench 'Transform|Inverse' -benchmem -count 5 ./geo/crs/ | grep Benchmark | tee "$out/go.txt"
awk '
	FNR == NR { proj[$2 " " $3] = $4; next }   # "proj_trans WGS84->UTM-K" -> ns
	{ name = $1; sub(/-[0-9]+$/, "", name); ns[name] = ns[name] " " $3 }
	END {
		split("TransformUTMK:proj_trans:WGS84->UTM-K TransformKATEC:proj_trans:WGS84->KATEC " \
		      "TransformPointsUTMK:proj_trans_generic:WGS84->UTM-K TransformPointsKATEC:proj_trans_generic:WGS84->KATEC " \
		      "InverseUTMK:proj_trans:UTM-K->WGS84 InverseKATEC:proj_trans:KATEC->WGS84", pairs, " ")
		for (i = 1; i <= 6; i++) {
			split(pairs[i], a, ":"); g = "Benchmark" a[1]; p = a[2] " " a[3]
			n = split(substr(ns[g], 2), v, " ")
			for (j = 2; j <= n; j++) for (k = j; k > 1 && v[k - 1] + 0 > v[k] + 0; k--) { t = v[k]; v[k] = v[k - 1]; v[k - 1] = t }
			med = v[int((n + 1) / 2)]
			printf "%-22s median %7.1f ns/point  vs PROJ %-32s %7.1f ns/point  = %.2fx PROJ points/s\n", a[1], med, p, proj[p], proj[p] / med
		}
	}' "$out/proj.txt" "$out/go.txt"
