#!/usr/bin/env bash
# Installs what the project needs, idempotently: each step skips what is already there at the
# pinned version. `setup.sh run` installs what the run command needs; `setup.sh test` adds the
# browser and the test tools.
source "$(dirname "$0")/lib.sh"
mode="${1:-run}"

have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }

step_rust_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then return; fi
  timed "adding the wasm32-unknown-unknown target" rustup target add wasm32-unknown-unknown
}

step_apt() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  if [ "$mode" = test ]; then
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
  fi
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  timed "apt-get install ${missing[*]}" bash -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ${missing[*]} >/dev/null"
}

step_trunk() {
  if have_version trunk "trunk $TRUNK_VERSION"; then return; fi
  log "compiling trunk $TRUNK_VERSION from crates.io (about 10 min on 2 cores, once)"
  timed "cargo install trunk" cargo install trunk --version "$TRUNK_VERSION" --locked
}

step_wasm_bindgen() {
  if have_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION"; then return; fi
  log "compiling wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 4 min, once)"
  # Without --locked: its lock pins a webpki-roots version the registry mirror lacks.
  timed "cargo install wasm-bindgen-cli" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
}

step_venv() {
  local marker="$VENV/.pinned-$MINISTACK_VERSION-$CRYPTOGRAPHY_VERSION-$BOTO3_VERSION-$CFN_LINT_VERSION"
  [ -f "$marker" ] && return
  timed "creating the Python venv with ministack $MINISTACK_VERSION and cfn-lint $CFN_LINT_VERSION" bash -c "
    python3 -m venv '$VENV' &&
    '$VENV/bin/pip' install --quiet --disable-pip-version-check \
      'ministack==$MINISTACK_VERSION' 'cryptography==$CRYPTOGRAPHY_VERSION' 'boto3==$BOTO3_VERSION' \
      'cfn-lint==$CFN_LINT_VERSION'"
  touch "$marker"
}

step_npm() {
  [ "$mode" = test ] || return 0
  local dir="$ROOT/tests/e2e"
  if [ -f "$dir/node_modules/.package-lock.json" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.lock-copy"; then return; fi
  timed "npm ci (Playwright test runner, no browser download)" bash -c "cd '$dir' && npm ci --no-audit --no-fund --loglevel=error"
  cp "$dir/package-lock.json" "$dir/node_modules/.lock-copy"
}

step_cargo_fetch() {
  # Trunk runs cargo --offline; fetch every crate first.
  (cd "$ROOT" && cargo fetch --locked --quiet)
}

start=$SECONDS
step_apt
step_rust_target
step_venv
step_npm
step_cargo_fetch
step_trunk
step_wasm_bindgen
log "setup ($mode) complete in $((SECONDS - start)) s"
