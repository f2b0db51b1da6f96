#!/usr/bin/env bash
# Debian's PostgreSQL server for the queue-mode e2e test and the bench's queue-mode row (n8n
# supports queue mode only on PostgreSQL). Only installs the package; scripts/lib/services.mjs
# starts its own throwaway cluster on 127.0.0.1 with a free port and stops it. The cluster Debian's
# package creates and may start is stopped and not used.
set -euo pipefail
if compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  echo "postgres present: $(ls -d /usr/lib/postgresql/*/bin/postgres | tail -n 1)"; exit 0
fi
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"   # waits for another apt/dpkg instead of failing
t0=$(date +%s)
log="${TMPDIR:-/tmp}/install-postgres.$$.log"
echo "[install-postgres] apt-get update && apt-get install postgresql (log: $log)"
if ! { apt_update && apt_install postgresql postgresql-client; } >"$log" 2>&1; then
  echo "[install-postgres] FAILED; last lines of $log:" >&2; tail -n 30 "$log" >&2; exit 1
fi
if command -v service >/dev/null 2>&1; then $APT_SUDO service postgresql stop >/dev/null 2>&1 || true; fi
echo "postgres installed in $(( $(date +%s) - t0 )) s: $(ls -d /usr/lib/postgresql/*/bin/postgres | tail -n 1)"
