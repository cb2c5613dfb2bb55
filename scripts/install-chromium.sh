#!/usr/bin/env bash
# Installs Debian's chromium when it is missing: the report tests drive it headless through playwright-core,
# which downloads no browser. Quick when it is already there. CHROMIUM names another binary.
set -euo pipefail
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
echo "hlsched setup: chromium not found, installing it from Debian (for the report.html tests)" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "hlsched setup: /usr/bin/chromium still missing after installing; set CHROMIUM to a Chromium binary" >&2; exit 1; }
