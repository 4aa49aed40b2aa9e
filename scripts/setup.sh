#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine (Node 20 + npm assumed): the npm
# packages, the browser trainer's build (web/dist), and Chromium for the browser tests (Debian's
# package, installed with apt-get when missing; needs root, as CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # better-sqlite3 builds against Node's own headers when no prebuilt binary can be fetched
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/build-web.mjs
# Chromium for the browser tests (the page brings its own Korean font: @fontsource/nanum-gothic).
if [ ! -x /usr/lib/chromium/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "setup: Chromium is missing (/usr/lib/chromium/chromium): the browser tests need it; as root: apt-get install -y chromium" >&2
  fi
fi
