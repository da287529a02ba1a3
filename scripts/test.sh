#!/usr/bin/env bash
# The README's test command: the whole suite, cheapest checks first, failing fast.
# Installs what is missing first (scripts/setup.sh test). Starts the local stack for the
# end-to-end tests and stops it by PID at the end, pass or fail.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
suite_start=$SECONDS

bash scripts/setup.sh test

timed "rustfmt" cargo fmt --all -- --check
timed "clippy (host)" cargo clippy --workspace --all-targets --locked -- -D warnings
# The host line covers every crate with --workspace (leptos-cognito and its examples included).
timed "clippy (wasm32)" cargo clippy -p cognito-portal -p leptos-cognito -p cognito-auth --all-targets --locked \
  --target wasm32-unknown-unknown -- -D warnings
# The split points as the Trunk build compiles them (the `split` feature, index.html).
timed "clippy (wasm32, split)" cargo clippy -p cognito-portal --locked --features split \
  --target wasm32-unknown-unknown -- -D warnings
timed "unit and tidy tests (host)" cargo test --workspace --locked
timed "cfn-lint (deploy/template.yaml)" "$VENV/bin/cfn-lint" deploy/template.yaml
timed "deploy script (aws --dry-run)" "$VENV/bin/python" deploy/test_deploy.py
timed "local server (precompressed assets, cache headers)" python3 scripts/test_serve.py
timed "split loader: the signed_in pack" python3 scripts/test_chunk_pack.py
timed "bench helpers: the callback split, its ratio, the pooling of modes and the cached-assets guard" node --test bench/lib/spread.test.mjs bench/lib/mode.test.mjs bench/pool.test.mjs bench/lib/report.test.mjs
timed "docs" env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
# The crate root's tutorial must compile and run (doc tests build for the host); then every
# example of the library, for the browser (tests/tidy.rs checks what they pull in).
timed "leptos-cognito doc tests" cargo test -p leptos-cognito --doc --locked
if [ -d crates/leptos-cognito/examples ]; then
  timed "leptos-cognito examples (wasm32)" cargo build -p leptos-cognito --examples --locked \
    --target wasm32-unknown-unknown
fi
timed "browser unit tests (wasm-bindgen-test in Chromium)" env CHROMEDRIVER="$(command -v chromedriver)" \
  cargo test -p cognito-portal --target wasm32-unknown-unknown --test web --locked
timed "release build" build_release
# Issue #11: the first load (everything fetched before "Sign in" is usable) has a budget.
timed "first-load size budget (bench/budget.json)" bash bench/budget.sh
timed "first-load size budget self-test" bash bench/budget.sh --self-test

trap 'stop_all' EXIT
start_aws
start_idp
# Also seeds the test-only app client with 120 s tokens for the session-lifecycle specs.
timed "deploying the stack to local AWS" deploy_local --test-client "$LOCAL/config.short.json"
# The Lambda's SigV4 signing against the emulator, which checks it (docs/local-aws.md): a correctly
# signed GetItem is answered, one signed with a wrong secret is refused.
timed "DynamoDB signing against the emulator" env AWS_ENDPOINT_URL="$AWS_ENDPOINT" \
  cargo run -q --locked -p portal-api --example signature_check
start_portal
timed "end-to-end tests (Playwright, Debian Chromium)" bash -c \
  "cd tests/e2e && PORTAL_URL='$PORTAL_URL' AWS_ENDPOINT='$AWS_ENDPOINT' CONFIG_PATH='$LOCAL/config.json' SHORT_CONFIG_PATH='$LOCAL/config.short.json' npx playwright test"
log "whole suite passed in $((SECONDS - suite_start)) s"
