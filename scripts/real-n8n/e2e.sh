#!/usr/bin/env bash
# The whole real-n8n end-to-end run, from a fresh machine (Node 20 + npm, root for apt-get):
#   1. Debian's redis-server and PostgreSQL        scripts/real-n8n/install-redis.sh, install-postgres.sh
#      (queue mode)
#   2. n8n 2.x on Node 24 and n8n 1.x on Node 20    scripts/real-n8n/install.sh 2 / 1 (cached, idempotent)
#   3. the package build                           npm run build (E2E_SKIP_BUILD=1 skips it,
#                                                  E2E_BUILD=stage builds into .cache/ instead of dist/)
#   4. the suites                                  node --test (e2e, both loaders, n8n's Retry, Run Now,
#                                                  on both majors; the sandbox's other readings; queue
#                                                  mode; the README's tarball and Dockerfile installs and the
#                                                  MCP Server Trigger with the Neo tools on n8n 2)
# REAL_N8N_MAJORS=2 (or 1) narrows the majors; REAL_N8N_SKIP_QUEUE=1 skips queue mode.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
MAJORS="${REAL_N8N_MAJORS:-2,1}"
stamp() { date -u +%H:%M:%S; }
t0=$(date +%s)
if [[ ",$MAJORS," == *",2,"* && "${REAL_N8N_SKIP_QUEUE:-0}" != 1 ]]; then
  echo "[$(stamp)] redis-server"; bash "$HERE/install-redis.sh"
  echo "[$(stamp)] postgresql"; bash "$HERE/install-postgres.sh"
fi
for m in ${MAJORS//,/ }; do
  echo "[$(stamp)] n8n $m"; bash "$HERE/install.sh" "$m"
done
t1=$(date +%s)
if [[ "${E2E_BUILD:-}" == stage ]]; then
  # build into .cache/real-n8n/stage/ and test that, leaving the repo's dist/ alone
  echo "[$(stamp)] staged build"; export REAL_N8N_PACKAGE_DIR="$(bash "$HERE/stage-build.sh" | tail -n 1)"
elif [[ "${E2E_SKIP_BUILD:-0}" != 1 ]]; then
  echo "[$(stamp)] npm run build"; npm run build
fi
t2=$(date +%s)
suites=(test/e2e/e2e.test.mjs test/e2e/chat.test.mjs test/e2e/askWebhook.test.mjs test/e2e/runNow.test.mjs test/e2e/loaders.test.mjs
  test/e2e/retry.test.mjs test/e2e/otherReadings.test.mjs test/e2e/money.test.mjs test/e2e/queue.test.mjs)
# the README's install paths without the registry (a packed tarball, the Dockerfile's commands): n8n 2
if [[ ",$MAJORS," == *",2,"* ]]; then suites+=(test/e2e/install-tarball.test.mjs); fi
# Neo's tools for MCP clients through the MCP Server Trigger: n8n 2
if [[ ",$MAJORS," == *",2,"* ]]; then suites+=(test/e2e/mcp.test.mjs); fi
# streamed chat replies (Chat Trigger, Response Mode Streaming): n8n 2 only, 1.x has no streaming
if [[ ",$MAJORS," == *",2,"* ]]; then suites+=(test/e2e/streaming.test.mjs); fi
echo "[$(stamp)] node --test (real n8n: $MAJORS)"
node --test --test-concurrency=1 "${suites[@]}"
t3=$(date +%s)
echo "[$(stamp)] real-n8n e2e: installs $((t1 - t0)) s, build $((t2 - t1)) s, tests $((t3 - t2)) s"
