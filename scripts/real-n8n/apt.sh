#!/usr/bin/env bash
# Source me: apt_update and apt_install for the scripts that install Debian packages.
# Both wait for another install (apt, unattended-upgrades, a teammate's script) instead of failing:
#   - the dpkg lock: apt's own DPkg::Lock::Timeout (apt >= 1.9.11), 10 minutes;
#   - the package lists lock (`apt-get update`), which that option does not cover: retry while
#     apt says it could not get the lock, for up to 10 minutes.
APT_SUDO=''
if [[ "$(id -u)" != 0 ]]; then APT_SUDO='sudo'; fi
export DEBIAN_FRONTEND=noninteractive

apt_update() {
  local t0 out rc; t0=$(date +%s)
  while :; do
    rc=0; out="$($APT_SUDO apt-get -o DPkg::Lock::Timeout=600 update 2>&1)" || rc=$?
    if [[ $rc -eq 0 ]]; then return 0; fi
    if grep -qi 'could not get lock\|unable to lock' <<<"$out" && (( $(date +%s) - t0 < 600 )); then
      echo "[apt] the package lists are locked by another apt-get: waiting" >&2
      sleep 5; continue
    fi
    printf '%s\n' "$out" >&2
    return "$rc"
  done
}

apt_install() { # packages...
  $APT_SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@"
}
