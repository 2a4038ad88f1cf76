#!/usr/bin/env bash
# Make sure the services of the engine tests can start: PostgreSQL (the tests start their own server on a
# temporary data directory) and Java for Spark in local mode. Installs Debian's packages only when they are
# missing, the machine is Debian and we are root; otherwise says what is missing, and those tests are skipped
# with that reason. Never starts a system-wide service.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || missing+=(default-jre-headless)
if [ ${#missing[@]} -eq 0 ]; then
  echo "services: PostgreSQL $(ls -d /usr/lib/postgresql/*/ 2>/dev/null | head -1 | xargs -r basename), $(java -version 2>&1 | head -1)"
  exit 0
fi
if [ -f /etc/debian_version ] && [ "$(id -u)" = "0" ]; then
  echo "installing Debian's ${missing[*]} for the engine tests (about a minute)..."
  export DEBIAN_FRONTEND=noninteractive
  # no service may start while the packages install: the tests run servers of their own
  policy=/usr/sbin/policy-rc.d
  had_policy=0
  [ -e "$policy" ] && had_policy=1
  [ $had_policy = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  [ $had_policy = 1 ] || rm -f "$policy"
  echo "services: installed ${missing[*]}"
  exit 0
fi
cat >&2 <<MSG
The engine tests need ${missing[*]}, which is missing; they will be skipped, and the summary says why.
  - Debian/Ubuntu: sudo apt-get install ${missing[*]}
MSG
exit 0
