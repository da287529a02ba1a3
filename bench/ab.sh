#!/usr/bin/env bash
# The load bench with an earlier build beside today's: `bash bench/ab.sh REV [runs]` (default 9).
# REV is a commit, or a directory holding a release build (a copy of an earlier dist/, say).
#
# Builds REV (a commit) in a temporary worktree with a target dir of its own (a first compile:
# several minutes; sharing this checkout's target dir left REV's wasm where this checkout's next
# build took it for its own), then measures in one interleaved run, like bench/load.sh:
# today's dist/ as `portal`, REV's as `portal-before` (served on PORTAL_PORT + 3 with an app
# client of its own, from bench/lib/peers.py), and the two peer apps. Same-run figures are what
# a before/after on a shared machine needs: separate runs differ by the machine's load more than
# by the change. Figures only. Needs dist/ built (build_release) and the peers built (load.sh).
# The modes are load.sh's (bench/README.md, "Modes"): BENCH_AWS_RT=1, and bench/quickack.sh with
# REV a directory (the namespace cannot download what a build of a commit may need).
source "$(dirname "$0")/../scripts/lib.sh"
source "$ROOT/bench/lib/realtime.sh"
source "$ROOT/bench/lib/apps.sh"
cd "$ROOT"
REV="${1:?usage: bench/ab.sh REV|DIR [runs]}"
RUNS="${2:-9}"
set_aws_mode
[ -f dist/index.html ] || die "dist/ has no build: run build_release first"
for peer in react-oidc-context oidc-client-ts; do
  [ -f "bench/peers/$peer/dist/index.html" ] || die "peer $peer is not built: run bash bench/load.sh once"
done
before="$(mktemp -d /tmp/portal-ab.XXXXXX)"
ports=($((PORTAL_PORT + 1)) $((PORTAL_PORT + 2)) $((PORTAL_PORT + 3)))
cleanup() {
  stop_bg ab-react; stop_bg ab-oidc; stop_bg ab-before; stop_all
  git worktree remove --force "$before/wt" 2> /dev/null || true
  rm -rf "$before"
}
trap cleanup EXIT
if [ -d "$REV" ]; then
  [ -f "$REV/index.html" ] || die "$REV holds no build (no index.html)"
  before_dist="$(cd "$REV" && pwd)"
else
  git worktree add --detach "$before/wt" "$REV" > /dev/null
  ln -s "$ROOT/tools/web/node_modules" "$before/wt/tools/web/node_modules"
  ln -s "$ROOT/.tools" "$before/wt/.tools"
  timed "building $REV (log: $before/build.log)" bash -c \
    "cd '$before/wt' && CARGO_TARGET_DIR='$before/target' bash -c 'source scripts/lib.sh; build_release' > '$before/build.log' 2>&1"
  before_dist="$before/wt/dist"
fi
start_aws
timed "deploying the stack to local AWS" deploy_local > /dev/null
start_portal
AWS_ENDPOINT="$AWS_ENDPOINT" "$VENV/bin/python" bench/lib/peers.py \
  "http://127.0.0.1:${ports[0]}" "http://127.0.0.1:${ports[1]}" "http://127.0.0.1:${ports[2]}" > /dev/null
serve_peer ab-react bench/peers/react-oidc-context/dist "${ports[0]}"
serve_peer ab-oidc bench/peers/oidc-client-ts/dist "${ports[1]}"
serve_app ab-before "$before_dist" "${ports[2]}"
[ "$aws_mode" = shared ] || realtime_servers ministack portal ab-react ab-oidc ab-before
api_base="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["apiBaseUrl"])' "$LOCAL/config.json")"
mkdir -p "$LOCAL/bench"
timed "A/B load bench ($RUNS runs per app)" node bench/load.mjs --runs "$RUNS" --aws "$aws_mode" --api-base "$api_base" \
  --app "portal=$PORTAL_URL/" --app "portal-before=http://127.0.0.1:${ports[2]}/" \
  --app "react-oidc-context=http://127.0.0.1:${ports[0]}/" --app "oidc-client-ts=http://127.0.0.1:${ports[1]}/" \
  --out "$LOCAL/bench/ab-$(date -u +%Y%m%dT%H%M%SZ).json"
