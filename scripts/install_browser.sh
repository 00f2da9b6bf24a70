#!/usr/bin/env bash
# Installs Debian's Chromium (for the end-to-end tests and screenshots) and fonts, once.
# Playwright drives this browser through executable_path; its own browser download is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi dejavu; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils >/dev/null
echo "Chromium instalado: $(/usr/bin/chromium --version)"
