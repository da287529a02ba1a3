#!/usr/bin/env bash
# Builds one bench peer: `bash bench/peers/build.sh NAME` (NAME: a folder of bench/peers/).
# Installs its pinned packages from the npm registry (npm ci, package-lock.json) when they are
# missing or older than the lock file, then `vite build` into bench/peers/NAME/dist/.
set -euo pipefail
name="${1:?usage: build.sh NAME}"
dir="$(cd "$(dirname "$0")" && pwd)/$name"
[ -f "$dir/package-lock.json" ] || { echo "no bench/peers/$name/package-lock.json" >&2; exit 1; }
cd "$dir"
export NO_COLOR=1   # plain logs: bench/load.sh quotes the error line
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx --no-install vite build --logLevel warn
[ -f dist/index.html ] || { echo "vite wrote no dist/index.html" >&2; exit 1; }
