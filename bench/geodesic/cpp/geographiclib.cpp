// Times GeographicLib's Geodesic::Inverse (distance only) on the pairs
// written by the Go program beside it. Build: see run.sh.
#include <GeographicLib/Geodesic.hpp>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: %s pairs.txt [rounds]\n", argv[0]); return 2; }
    int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
    std::FILE* f = std::fopen(argv[1], "r");
    if (!f) { std::perror(argv[1]); return 1; }
    std::vector<double> v;
    double a, b, c, d;
    while (std::fscanf(f, "%lf %lf %lf %lf", &a, &b, &c, &d) == 4) { v.push_back(a); v.push_back(b); v.push_back(c); v.push_back(d); }
    std::fclose(f);
    const GeographicLib::Geodesic& g = GeographicLib::Geodesic::WGS84();
    size_t n = v.size() / 4;
    double sink = 0, s12;
    auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < rounds; k++)
        for (size_t i = 0; i < n; i++) {
            g.Inverse(v[4*i], v[4*i+1], v[4*i+2], v[4*i+3], s12);
            sink += s12;
        }
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-28s %8.1f ns/pair  (checksum %.6e)\n", "GeographicLib Inverse (C++)", ns / (double(rounds) * n), sink);
    return 0;
}
