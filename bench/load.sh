#!/usr/bin/env bash
# The load bench (issue #11, item 5): `bash bench/load.sh [runs]` (default 7).
#
# Builds the portal (release) and the peer apps, starts local AWS and deploys the production
# stack, serves the portal and the peers on 127.0.0.1, then measures each app in headless
# Chromium (bench/load.mjs): first-load bytes, time to a usable "Sign in" cold and warm,
# callback → claims, callback → API answer, main-thread CPU, memory after sign-in, preflights
# of ten API calls. Prints a table of medians and writes every run to .local/bench/load-*.json.
# Figures only: nothing here passes or fails on timing. See bench/README.md.
#
# Environment: PORTAL_PORT and AWS_PORT (as for every script), PEER_PORTS (two ports, default
# the two after PORTAL_PORT), BENCH_NO_BUILD=1 to measure dist/ as it is, BENCH_AWS_RT=1 (root)
# to run local AWS and the static servers at real-time priority once they are up
# (bench/lib/realtime.sh). bench/quickack.sh removes local AWS's delayed-ACK stalls. Both are
# the bench's modes (bench/README.md, "Modes").
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/lib/realtime.sh"
source "$ROOT/bench/lib/apps.sh"
cd "$ROOT"
RUNS="${1:-7}"
read -r -a peer_ports <<< "${PEER_PORTS:-$((PORTAL_PORT + 1)) $((PORTAL_PORT + 2))}"
PEERS=(react-oidc-context oidc-client-ts)
mkdir -p "$LOCAL/bench"
set_aws_mode
bash scripts/setup.sh test   # Chromium, Playwright (tests/e2e/node_modules): idempotent

if [ "${BENCH_NO_BUILD:-}" = 1 ]; then
  [ -f dist/index.html ] || die "BENCH_NO_BUILD=1 but dist/ has no build"
else
  timed "release build" build_release
fi

# The line of a build log that says what went wrong (vite's [CODE] line, npm's error), else its last.
first_error() {
  local plain; plain="$(sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -v '^\s*$' || true)"
  grep -m1 -E '\[[A-Z_]+\]' <<< "$plain" || grep -m1 -E 'npm (ERR!|error)|[Ee]rror:' <<< "$plain" || tail -n 1 <<< "$plain"
}

# A peer that does not build is left out with its reason; the portal is measured regardless.
declare -A skipped=()
built=()
for name in "${PEERS[@]}"; do
  log "building peer $name (log: .local/logs/bench-peer-$name-build.log)"
  if bash bench/peers/build.sh "$name" > "$LOCAL/logs/bench-peer-$name-build.log" 2>&1; then
    built+=("$name")
  else
    skipped[$name]="its build failed: $(first_error "$LOCAL/logs/bench-peer-$name-build.log") (log: .local/logs/bench-peer-$name-build.log)"
    log "peer $name not measured: ${skipped[$name]}"
  fi
done

stop_peers() {
  local name
  for name in "${PEERS[@]}"; do stop_bg "bench-peer-$name"; done
}
trap 'stop_peers; stop_all' EXIT
start_aws
timed "deploying the stack to local AWS" deploy_local
start_portal

apps=(--app "portal=$PORTAL_URL/")
started_peers=()
if [ "${#built[@]}" -gt 0 ]; then
  origins=()
  for i in "${!PEERS[@]}"; do origins+=("http://127.0.0.1:${peer_ports[$i]}"); done
  if AWS_ENDPOINT="$AWS_ENDPOINT" "$VENV/bin/python" bench/lib/peers.py "${origins[@]}" > "$LOCAL/logs/bench-peers.log" 2>&1; then
    cat "$LOCAL/logs/bench-peers.log"
    for i in "${!PEERS[@]}"; do
      name="${PEERS[$i]}" port="${peer_ports[$i]}"
      [ -z "${skipped[$name]:-}" ] || continue
      serve_peer "bench-peer-$name" "bench/peers/$name/dist" "$port"
      started_peers+=("bench-peer-$name")
      apps+=(--app "$name=http://127.0.0.1:$port/")
    done
  else
    for name in "${built[@]}"; do skipped[$name]="no app client or CORS origin: $(tail -n 1 "$LOCAL/logs/bench-peers.log")"; done
    log "peers not measured: see .local/logs/bench-peers.log"
  fi
fi
for name in "${!skipped[@]}"; do apps+=(--skipped "$name=${skipped[$name]}"); done
# Cognito, Lambda and CloudFront do not share the customer's CPU; here a request sent while the
# page loads waits for the browser's threads (docs/performance.md, the eighth pass).
if [ "$aws_mode" = realtime ]; then
  realtime_servers ministack portal ${started_peers[@]+"${started_peers[@]}"}
fi

api_base="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["apiBaseUrl"])' "$LOCAL/config.json")"
out="$LOCAL/bench/load-$(date -u +%Y%m%dT%H%M%SZ).json"
timed "load bench ($RUNS runs per app)" node bench/load.mjs --runs "$RUNS" --aws "$aws_mode" \
  --api-base "$api_base" "${apps[@]}" --out "$out"
