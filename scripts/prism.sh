#!/usr/bin/env bash
# Installs Stoplight Prism (the OpenAPI mock and validating proxy) into <repo>/.cache/prism
# for tests/contract_test.cc, unless it is already there, and prints where it is.
# Needs node and npm (Debian: nodejs npm). Usage: scripts/prism.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prism="$repo/.cache/prism/node_modules/.bin/prism"

if [ ! -x "$prism" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    "$repo/scripts/setup.sh" nodejs npm >&2
  fi
  echo "prism.sh: installing @stoplight/prism-cli@5 into $repo/.cache/prism" >&2
  mkdir -p "$repo/.cache/prism"
  npm install --prefix "$repo/.cache/prism" --prefer-offline --no-audit --no-fund @stoplight/prism-cli@5 >&2
fi

echo "$prism"
