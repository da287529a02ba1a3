#!/usr/bin/env bash
# The first-load size budget (issue #11, item 6), for the test command:
#
#   bash bench/budget.sh              dist/ against bench/budget.json: fails when over
#   bash bench/budget.sh --self-test  proves the check fails over budget and passes under it
#
# Needs a built dist/ and nothing of AWS: the portal fetches only its own files and
# /config.json before "Sign in" is usable (bench/README.md), so dist/ is served on
# 127.0.0.1:$PORTAL_PORT with a config naming no live endpoint. Run it before start_portal.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$ROOT"
[ -f dist/index.html ] || die "dist/ has no build: run build_release (trunk build --release) first"
mkdir -p "$LOCAL/bench"
url="http://127.0.0.1:$PORTAL_PORT"
config="$LOCAL/bench/budget-config.json"
# Valid for the portal's parser; the endpoints point at a closed port, so a request to any of
# them before "Sign in" would fail and show, not pass unseen.
cat > "$config" <<JSON
{
  "region": "us-east-1",
  "userPoolId": "us-east-1_BudgetCheck",
  "clientId": "budgetcheckclient",
  "hostedUiBaseUrl": "http://127.0.0.1:9",
  "redirectUri": "$url/callback",
  "logoutUri": "$url/",
  "apiBaseUrl": "http://127.0.0.1:9/api",
  "apiClientId": "budgetcheckapiclient",
  "endpoints": { "jwks": "http://127.0.0.1:9/jwks.json", "idp": "http://127.0.0.1:9/" }
}
JSON
require_free_port "$PORTAL_PORT"
trap 'stop_bg bench-budget-server' EXIT
start_bg bench-budget-server "$LOCAL/logs/bench-budget-server.log" python3 scripts/serve.py \
  --root dist --config "$config" --port "$PORTAL_PORT"
wait_http "$url/" 20 "the budget's static server"

check() { node bench/first-load-budget.mjs "$@"; }

if [ "${1:-}" != "--self-test" ]; then
  check --url "$url/" --json "$LOCAL/bench/first-load.json"
  exit
fi

# Self-test: one budget exceeded on each measure (and both), which must exit 1 (over budget,
# not 2, could not measure); and a generous one, which must exit 0. The first case loads the
# page; the others judge its measurement again (--from), as brotli q11 takes seconds.
budget="$LOCAL/bench/budget-self-test.json"
measured="$LOCAL/bench/budget-self-test-measurement.json"
rm -f "$measured"
expect() {
  local want="$1" gzip="$2" brotli="$3" got=0 input=(--url "$url/" --json "$measured")
  [ ! -f "$measured" ] || input=(--from "$measured")
  printf '{"gzipBytes": %d, "brotliBytes": %d, "why": "self-test"}\n' "$gzip" "$brotli" > "$budget"
  check "${input[@]}" --budget "$budget" > "$LOCAL/logs/bench-budget-self-test.log" 2>&1 || got=$?
  if [ "$got" != "$want" ]; then
    cat "$LOCAL/logs/bench-budget-self-test.log"
    die "budget self-test: gzip $gzip B, brotli $brotli B: exit $got, expected $want"
  fi
  log "budget self-test: gzip budget $gzip B, brotli budget $brotli B: exit $got as expected"
}
expect 1 1 1
expect 1 1 100000000
expect 1 100000000 1
expect 0 100000000 100000000
# The measurement counts what "Sign in" cannot do without, whatever the files are called: the
# document, the config and a WebAssembly module.
node -e '
  const { files } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf-8"));
  const has = (test) => files.some((f) => test(new URL(f.url).pathname));
  const missing = [["the document", (p) => p === "/"], ["/config.json", (p) => p === "/config.json"],
    ["a .wasm file", (p) => p.endsWith(".wasm")]].filter(([, test]) => !has(test)).map(([what]) => what);
  if (missing.length) { console.error(`xx  budget self-test: the first load lacks ${missing.join(", ")}`); process.exit(1); }
' "$measured"
log "budget self-test passed"
