#!/usr/bin/env bash
# Deploys the stack to a fresh local AWS on spare ports and prints the API's cold and warm
# latency and the local deploy time. Needs a built dist/ (trunk build --release).
export AWS_PORT="${BENCH_AWS_PORT:-14577}"
source "$(dirname "$0")/../scripts/lib.sh"
trap 'stop_bg ministack' EXIT
start_aws
start=$SECONDS
deploy_local
log "local deploy: $((SECONDS - start)) s (Lambda already built: cargo is incremental)"
"$VENV/bin/python" "$ROOT/bench/api_latency.py"
