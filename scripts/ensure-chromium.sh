#!/usr/bin/env bash
# Make sure a Chromium exists for the browser tests. Installs Debian's package only when it is missing,
# the machine is Debian and we are root; otherwise explains how to get one. Never downloads a browser build.
set -euo pipefail
for candidate in "${MLSCOUT_CHROMIUM:-}" /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    echo "chromium: $candidate"
    exit 0
  fi
done
if [ -f /etc/debian_version ] && [ "$(id -u)" = "0" ]; then
  echo "chromium is missing: installing Debian's chromium package (about 40 s)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends chromium >/dev/null
  echo "chromium: $(command -v chromium)"
  exit 0
fi
cat >&2 <<'MSG'
The browser tests need Chromium, and none was found.
  - Debian/Ubuntu: sudo apt-get install chromium   (or chromium-browser)
  - elsewhere: install Chromium or Chrome and set MLSCOUT_CHROMIUM=/path/to/the/binary
Then run `make test` again.
MSG
exit 1
