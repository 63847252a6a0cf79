#!/usr/bin/env bash
# Builds everything under AddressSanitizer and UndefinedBehaviorSanitizer and runs every test
# with CTest: unit tests, the simulator's tests, the API client's tests with faults and
# retries, the contract test against the vendor's OpenAPI spec (through Prism), and the
# end-to-end tests of validate, plan and apply. Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/prism.sh >/dev/null
scripts/ci-linters.sh >/dev/null
# -O1 -g1: the sanitizers' own recommendation (-O1 keeps their reports exact and their run
# time reasonable) and line tables (-g1) are enough for their stack traces (function, file,
# line); -O2 -g compiles slower (optimisation and full debug info) for nothing the tests need.
# Precompiled headers (ONBOARD_PCH, on without ccache) spare parsing doctest, fmt, RapidJSON,
# yaml-cpp and cpp-httplib in every file.
cmake -S . -B build/test -G Ninja -DONBOARD_WERROR=ON -DONBOARD_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" >/dev/null
cmake --build build/test
ctest --test-dir build/test --output-on-failure --timeout 600 -j "$(( $(nproc) * 2 ))"
