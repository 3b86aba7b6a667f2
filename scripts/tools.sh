#!/usr/bin/env bash
# Installs the command-line tools that the deployment checks in tests/deploy/ run:
# docker-compose (validates deploy/compose.yaml), caddy (validates deploy/Caddyfile), and
# espeak-ng and sox, which synthesise the spoken orders of the voice tests and evaluation, and
# chromium, the browser the web app's tests drive (Playwright's own download is not reachable).
# Only a missing tool is installed, from Debian's packages (each package is named after its
# command); a machine that has both is left alone. Runs as root, as CI does, or through sudo.
set -euo pipefail

missing=()
for tool in docker-compose caddy espeak-ng sox chromium; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

as_root=(env DEBIAN_FRONTEND=noninteractive)
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "tools.sh: root is needed to install ${missing[*]}" >&2; exit 1; }
  as_root=(sudo "${as_root[@]}")
fi

quietly() {  # runs a command and shows what it printed only when it fails
  local output
  if ! output=$("$@" 2>&1); then
    printf '%s\n' "$output" >&2
    return 1
  fi
}

echo "installing ${missing[*]}"
quietly "${as_root[@]}" apt-get update
quietly "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
