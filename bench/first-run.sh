#!/usr/bin/env bash
# The first run of the README's run command, measured as a fresh machine would see it (issue #11,
# item 7): `bash bench/first-run.sh [timeout-minutes]` (default 30).
#
# A fresh clone of this repository's HEAD in a temporary directory, an empty cargo home (so Trunk,
# wasm-bindgen-cli and the wasm-split CLI are compiled again and every crate is downloaded from
# crates.io), no target dir, no venv, no node_modules. Only the Rust toolchain itself is reused:
# the PATH holds rustup's proxies (cargo, rustc, …) and the system's directories, not the tools
# installed in ~/.cargo/bin. Runs `bash scripts/dev.sh` there on ports of its own and prints the
# time to "the portal is served", then stops it. Figures only: nothing passes or fails on time.
#
# Environment: FIRST_RUN_PORTAL_PORT / FIRST_RUN_AWS_PORT (default 8480 / 4966).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
limit_min="${1:-30}"
work="$(mktemp -d /tmp/portal-first-run.XXXXXX)"
mkdir -p "$work/bin" "$work/cargo-home"
for tool in rustup cargo rustc rustdoc rustfmt cargo-fmt cargo-clippy clippy-driver; do
  [ -e "$HOME/.cargo/bin/$tool" ] && ln -s "$HOME/.cargo/bin/$tool" "$work/bin/$tool"
done
git clone --quiet "$ROOT" "$work/portal"
log="$work/dev.log"
echo "first run in $work/portal (log: $log), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
(
  cd "$work/portal"
  exec env -i HOME="$HOME" TERM="${TERM:-dumb}" PATH="$work/bin:/usr/local/bin:/usr/bin:/bin" \
    CARGO_HOME="$work/cargo-home" PORTAL_PORT="${FIRST_RUN_PORTAL_PORT:-8480}" \
    AWS_PORT="${FIRST_RUN_AWS_PORT:-4966}" setsid bash scripts/dev.sh
) > "$log" 2>&1 &
runner=$!
served=""
while kill -0 "$runner" 2> /dev/null; do
  if grep -q "the portal is served" "$log"; then served=$(($(date +%s) - start)); break; fi
  if [ $(($(date +%s) - start)) -gt $((limit_min * 60)) ]; then break; fi
  sleep 2
done
# dev.sh runs in its own session: stop all of it (local AWS, the servers) by its process group.
kill -TERM -- "-$runner" 2> /dev/null || true
wait "$runner" 2> /dev/null || true
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$served" ]; then
  printf 'first run: the portal was served after %d:%02d (%d s)\n' $((served / 60)) $((served % 60)) "$served"
  grep -E '^==> \[' "$log" | sed 's/\x1b\[[0-9;]*m//g' | grep -E 'done in|served' || true
else
  echo "first run: not served within ${limit_min} min; the log's last lines:"
  tail -n 20 "$log"
  exit 1
fi
