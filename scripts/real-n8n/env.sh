#!/usr/bin/env bash
# Source me: `source scripts/real-n8n/env.sh <major> [userFolder]`
# Sets a throwaway N8N_USER_FOLDER (under .cache/real-n8n/runs/ unless given), turns diagnostics
# off, puts the right Node first on PATH (Node 24 for n8n 2.x) and defines a shell function `n8n`
# that runs the pinned install. Nothing global is touched. The variables come from env.mjs, so
# the shell and the e2e runner see the same settings.
_real_n8n_here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
eval "$(node "$_real_n8n_here/env.mjs" "${1:-2}" ${2:+"$2"})"
unset _real_n8n_here
echo "n8n $REAL_N8N_VERSION, N8N_USER_FOLDER=$N8N_USER_FOLDER" >&2
