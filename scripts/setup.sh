#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine (Node 20 + npm assumed).
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_nodedir="${npm_config_nodedir:-/usr}"   # better-sqlite3 builds against Node's own headers when no prebuilt binary can be fetched
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
