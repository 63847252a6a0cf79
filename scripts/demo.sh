#!/usr/bin/env bash
# The whole story on a fresh simulator: builds onboard and keepnet-sim, starts the simulator
# on a free port, validates manifests/examples, plans, applies, and plans again ("No changes").
# Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DONBOARD_TESTS=OFF -DONBOARD_WERROR=ON >/dev/null
cmake --build build/release
onboard=build/release/cli/onboard

# The simulator's first line on stdout is its readiness signal and names the port it got.
exec 3< <(exec build/release/tools/keepnet-sim/keepnet-sim --port 0)
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true' EXIT
read -r ready <&3
url=${ready#listening on }
echo "keepnet-sim is listening on $url"

export KEEPNET_API_BASE_URL=$url KEEPNET_CLIENT_ID=demo-client KEEPNET_CLIENT_SECRET=demo-secret

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
step "$onboard" validate manifests/examples
step "$onboard" plan manifests/examples
step "$onboard" apply manifests/examples --auto-approve
step "$onboard" plan manifests/examples --detailed-exitcode
