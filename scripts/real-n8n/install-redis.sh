#!/usr/bin/env bash
# Debian's redis-server for the queue-mode e2e test (n8n main + worker over Bull/Redis).
# Only installs the package; the test starts its own redis-server on 127.0.0.1 with a free port
# and no persistence, and stops it. The service Debian's package would start is stopped and not used.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  echo "redis-server present: $(redis-server --version)"; exit 0
fi
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"   # waits for another apt/dpkg instead of failing
t0=$(date +%s)
log="${TMPDIR:-/tmp}/install-redis.$$.log"
echo "[install-redis] apt-get update && apt-get install redis-server (log: $log)"
if ! { apt_update && apt_install redis-server; } >"$log" 2>&1; then
  echo "[install-redis] FAILED; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1
fi
# Debian's postinst may start a system redis on :6379; the e2e test does not use it.
if command -v service >/dev/null 2>&1; then $APT_SUDO service redis-server stop >/dev/null 2>&1 || true; fi
echo "redis-server installed in $(( $(date +%s) - t0 )) s: $(redis-server --version)"
