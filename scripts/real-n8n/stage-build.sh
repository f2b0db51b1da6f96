#!/usr/bin/env bash
# Build the package into .cache/real-n8n/stage/ (package.json + dist/) WITHOUT touching the repo's
# dist/, so an e2e run can test the current sources while others use dist/. Then:
#   REAL_N8N_PACKAGE_DIR=.cache/real-n8n/stage node --test test/e2e/e2e.test.mjs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STAGE="${1:-$ROOT/.cache/real-n8n/stage}"
cd "$ROOT"
rm -rf "$STAGE"; mkdir -p "$STAGE"
for f in package.json README.md LICENSE; do [[ -f "$f" ]] && cp "$f" "$STAGE/"; done
npx tsc -p tsconfig.build.json --outDir "$STAGE/dist"
# what gulp build:icons copies
(shopt -s globstar nullglob; for f in icons/**/*.svg icons/**/*.png nodes/**/*.svg nodes/**/*.png; do
  mkdir -p "$STAGE/dist/$(dirname "$f")"; cp "$f" "$STAGE/dist/$f"; done)
echo "$STAGE"
