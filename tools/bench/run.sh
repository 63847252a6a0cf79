#!/usr/bin/env bash
# The onboard benchmarks, one command: installs what is missing (Debian packages), builds the
# Release binaries, then runs tools/bench/bench.py with the arguments given here, e.g.
#   tools/bench/run.sh                       # full run: 10, 100, 1000 customers, every tool, 20 ms
#   tools/bench/run.sh --quick               # smoke run: small fleets, short caps
#   tools/bench/run.sh --sizes 10,100 --only onboard,script --latency-ms 20
# Writes bench-results.json (not committed), docs/benchmarks.md and docs/benchmarks.png.
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/setup.sh gnuplot-nox ansible-core python3-requests python3-yaml python3-aiohttp time
# -Wno-restrict: GCC 12 at -O3 reports a false -Wrestrict inside std::string's operator+
# (GCC bug 105329), which -Werror would turn into a failed Release build.
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DONBOARD_TESTS=OFF \
      -DCMAKE_CXX_FLAGS=-Wno-restrict >/dev/null
cmake --build build/release
exec /usr/bin/python3 tools/bench/bench.py "$@"
