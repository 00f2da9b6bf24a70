#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries, once. The tests start their own throwaway
# cluster (initdb + pg_ctl in a temporary folder, a local socket) and stop it afterwards;
# the Debian service itself is never started.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
echo "PostgreSQL instalado: $(ls -d /usr/lib/postgresql/*/bin)"
