#!/usr/bin/env bash
# Installs what onboard needs to build and test, from Debian's packages, if it is missing.
# Idempotent: installs nothing when everything is there, and says what it installs.
# Usage: scripts/setup.sh [extra-package...]
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config
          libyaml-cpp-dev libcurl4-openssl-dev rapidjson-dev libfmt-dev
          doctest-dev libcli11-dev libcpp-httplib-dev "$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build dependencies are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
