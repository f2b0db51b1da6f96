#!/usr/bin/env bash
# Install Debian's chromium for the browser test (test/e2e/browser.test.mjs).
# Playwright's own browser downloads are not reachable here: playwright-core drives the system
# chromium through `executablePath: '/usr/bin/chromium'` (override with CHROMIUM_PATH).
# Idempotent: returns at once when chromium is already installed.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "[install-chromium] already installed: $(chromium --version 2>/dev/null || echo chromium)" >&2
  exit 0
fi
SUDO=''
if [[ "$(id -u)" != 0 ]]; then SUDO='sudo'; fi
t0=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
apt-cache policy chromium >&2
$SUDO apt-get install -y --no-install-recommends chromium fonts-liberation
echo "[install-chromium] $(chromium --version) installed in $(( $(date +%s) - t0 )) s" >&2
