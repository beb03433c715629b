/* Times PROJ for WGS84 -> UTM-K and WGS84 -> KATEC (7-parameter Helmert),
 * with the same definitions geo/crs uses: proj_trans one point per call
 * (the counterpart of crs.Transform) and proj_trans_generic over 10,000
 * points at a time (the counterpart of crs.TransformPoints), and
 * proj_trans back to WGS84 one point per call.
 * Build and run: bench/crs/run.sh (needs Debian's libproj-dev). */
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { N = 10000, ROUNDS = 50 };
static double lon[N], lat[N], x[N], y[N];

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void report(const char *how, const char *from, const char *to, double t0, double sink) {
    double ns = (now() - t0) * 1e9 / ((double)N * ROUNDS);
    char dir[32];
    snprintf(dir, sizeof dir, "%s->%s", from, to);
    printf("PROJ %-18s %-13s %8.1f ns/point  %10.0f points/s  (checksum %.3e)\n", how, dir, ns, 1e9 / ns, sink);
}

static void bench(PJ_CONTEXT *ctx, const char *name, const char *to) {
    PJ *p = proj_create_crs_to_crs(ctx, "+proj=longlat +datum=WGS84 +no_defs +type=crs", to, NULL);
    if (!p) { fprintf(stderr, "proj_create_crs_to_crs failed for %s\n", name); exit(1); }
    PJ *n = proj_normalize_for_visualization(ctx, p);
    proj_destroy(p);
    srand(7);
    for (int i = 0; i < N; i++) {
        lon[i] = 124 + 8 * (rand() / (double)RAND_MAX);
        lat[i] = 33 + 6 * (rand() / (double)RAND_MAX);
    }
    double sink = 0;
    for (int i = 0; i < N; i++) /* warm-up, untimed: caches, clock */
        sink += proj_trans(n, PJ_FWD, proj_coord(lon[i], lat[i], 0, 0)).xy.x;
    sink = 0;
    double t0 = now();
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < N; i++) {
            PJ_COORD c = proj_coord(lon[i], lat[i], 0, 0);
            c = proj_trans(n, PJ_FWD, c);
            sink += c.xy.x;
        }
    report("proj_trans", "WGS84", name, t0, sink);
    sink = 0;
    t0 = now();
    for (int r = 0; r < ROUNDS; r++) {
        memcpy(x, lon, sizeof x);
        memcpy(y, lat, sizeof y);
        if (proj_trans_generic(n, PJ_FWD, x, sizeof(double), N, y, sizeof(double), N, NULL, 0, 0, NULL, 0, 0) != N) {
            fprintf(stderr, "proj_trans_generic failed for %s\n", name);
            exit(1);
        }
        for (int i = 0; i < N; i++) sink += x[i];
    }
    report("proj_trans_generic", "WGS84", name, t0, sink);
    /* The way back: x, y hold the projected points. */
    sink = 0;
    t0 = now();
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < N; i++) {
            PJ_COORD c = proj_coord(x[i], y[i], 0, 0);
            c = proj_trans(n, PJ_INV, c);
            sink += c.lp.lam;
        }
    report("proj_trans", name, "WGS84", t0, sink);
    proj_destroy(n);
}

int main(void) {
    PJ_CONTEXT *ctx = proj_context_create();
    bench(ctx, "UTM-K", "+proj=tmerc +lat_0=38 +lon_0=127.5 +k=0.9996 +x_0=1000000 +y_0=2000000 +ellps=GRS80 +units=m +no_defs +type=crs");
    bench(ctx, "KATEC", "+proj=tmerc +lat_0=38 +lon_0=128 +k=0.9999 +x_0=400000 +y_0=600000 +ellps=bessel +units=m +no_defs "
                        "+towgs84=-115.80,474.99,674.11,1.16,-2.31,-1.63,6.43 +type=crs");
    proj_context_destroy(ctx);
    return 0;
}
