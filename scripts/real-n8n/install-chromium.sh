#!/usr/bin/env bash
# Install Debian's chromium for the browser test (test/e2e/browser.test.mjs).
# Playwright's own browser downloads are not reachable here: playwright-core drives the system
# chromium through `executablePath: '/usr/bin/chromium'` (override with CHROMIUM_PATH).
# Idempotent: returns at once when chromium is already installed. `npm run test:browser` runs it.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "[install-chromium] already installed: $(chromium --version 2>/dev/null || echo chromium)" >&2
  exit 0
fi
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"   # waits for another apt/dpkg instead of failing
t0=$(date +%s)
log="${TMPDIR:-/tmp}/install-chromium.$$.log"
echo "[install-chromium] apt-get update && apt-get install chromium (about 1-2 min; log: $log)" >&2
if ! { apt_update && apt_install chromium fonts-liberation; } >"$log" 2>&1; then
  echo "[install-chromium] FAILED; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1
fi
echo "[install-chromium] $(chromium --version) installed in $(( $(date +%s) - t0 )) s" >&2
