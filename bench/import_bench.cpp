// Times read_delimited on one file and reports wall seconds and peak resident memory.
// Usage: xtdo_import_bench FILE [threads] [repeats]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "xtdo/error.hpp"
#include "xtdo/io.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [threads] [repeats]\n", argv[0]);
    return 2;
  }
  xtdo::io::DelimitedOptions opts;
  if (argc > 2) opts.threads = std::atoi(argv[2]);
  int repeats = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
  try {
    double best = 1e300;
    for (int rep = 0; rep < repeats; ++rep) {
      auto start = std::chrono::steady_clock::now();
      xtdo::Dataset data = xtdo::io::read_delimited(argv[1], opts);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      best = std::min(best, seconds);
      std::printf("run %d: %.3f s, %zu obs x %zu vars\n", rep + 1, seconds, data.nobs(),
                  data.nvars());
    }
    struct rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    // CPU time shows the work done even when other processes share the cores.
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
                 usage.ru_stime.tv_usec / 1e6;
    // Linux reports ru_maxrss in kilobytes.
    std::printf("best %.3f s wall, %.3f s CPU per run, peak RSS %.1f MB\n", best, cpu / repeats,
                usage.ru_maxrss / 1024.0);
  } catch (const xtdo::XtdoError& e) {
    std::fprintf(stderr, "%s\nr(%d);\n", e.what(), e.rc());
    return 1;
  }
  return 0;
}
