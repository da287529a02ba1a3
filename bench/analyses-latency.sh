#!/usr/bin/env bash
# Issue #13: deploys the stack (token trigger, scoped authorizer, DynamoDB) to a fresh local AWS
# and prints the local deploy time and the cold and warm latency of GET /analyses. Figures only.
# Needs a built dist/ (trunk build --release). BENCH_AWS_PORT picks the emulator's port.
export AWS_PORT="${BENCH_AWS_PORT:-14577}"
source "$(dirname "$0")/../scripts/lib.sh"
trap 'stop_bg ministack' EXIT
start_aws
# Built first, so the deploy time below is the deploy's, not the compiler's.
(cd "$ROOT" && cargo build --profile local-lambda --locked -p portal-api -p portal-token-trigger --quiet)
start=$SECONDS
deploy_local
log "local deploy: $((SECONDS - start)) s (both Lambdas already built)"
"$VENV/bin/python" "$ROOT/bench/analyses_latency.py"
