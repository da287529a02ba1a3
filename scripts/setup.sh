#!/usr/bin/env bash
# Installs what the project needs, idempotently: each step skips what is already there at the
# pinned version. `setup.sh run` installs what the run command needs; `setup.sh test` adds the
# browser and the test tools. The run command (dev.sh) calls the parts on their own, to run them
# side by side: `prepare` (system packages, wasm target, crates), `venv`, `trunk`, `wasm-tools`
# (wasm-bindgen, wasm-split), `build-ahead` (the portal's and the Lambda's first compile).
source "$(dirname "$0")/lib.sh"
mode="${1:-run}"

have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }
# `cargo install --list` knows the version of tools that print none (wasm-split-cli).
have_crate() { cargo install --list 2>/dev/null | grep -qx "$1 v$2:"; }

step_rust_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then return; fi
  timed "adding the wasm32-unknown-unknown target" rustup target add wasm32-unknown-unknown
}

step_apt() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  # The release build's precompress step (and, in tests, Playwright) run on node.
  command -v node >/dev/null || missing+=(nodejs)
  # The build's hook runs terser and wasm-opt from npm (tools/web).
  command -v npm >/dev/null || missing+=(npm)
  if [ "$mode" = test ]; then
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v chromedriver >/dev/null || missing+=(chromium-driver)
  fi
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  timed "apt-get install ${missing[*]}" bash -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq ${missing[*]} >/dev/null"
}

# The tools run for about a second per build: they need no optimised build of themselves. Trunk's
# own manifest asks for fat LTO and one codegen unit, which alone made its first build take 13
# minutes. This profile (no optimisation, no LTO, many codegen units, no debug info) builds the
# three nearly three times faster (measured cold: about 1,500 CPU-s with their own profiles, 530
# with this one), at a cost of one to two CPU-seconds per release build: wasm-bindgen takes 0.9
# instead of 0.3 CPU-s on the portal's wasm, wasm-split 0.45 instead of 0.09, Trunk itself 0.15 more
# (opt-level 1 would keep wasm-bindgen's speed but saves almost nothing on its build). Versions stay
# pinned, --locked stays where it works.
TOOL_PROFILE=(
  --config profile.release.opt-level=0 --config profile.release.lto=false
  --config profile.release.codegen-units=256 --config profile.release.debug=false
  --config profile.release.incremental=false
)

# A kept target dir per group of installs: wasm-bindgen and wasm-split share 27 crates (serde,
# rayon, clap's parts, …), which then compile once, and a first run stopped half way resumes where
# it was. Removed once the group is in. (Trunk shares few: its lock pins older versions.)
install_tool() {
  local label="$1" target="$TOOLS/cargo-install-$2"; shift 2
  log "compiling $label from crates.io (once)"
  cargo install "$@" "${TOOL_PROFILE[@]}" --target-dir "$target"
}

step_trunk() {
  if have_version trunk "trunk $TRUNK_VERSION"; then return; fi
  # No default features: without `rustls` and `update_check` it leaves out rustls, ring and the
  # crates.io client (16 crates; 318 instead of 442 CPU-s measured). We need neither: Trunk.toml has
  # `offline = true` (Trunk never downloads a tool), TRUNK_SKIP_VERSION_CHECK is set, and nothing
  # here serves or proxies over TLS with `trunk serve`.
  timed "trunk $TRUNK_VERSION" install_tool "trunk $TRUNK_VERSION" trunk \
    trunk --version "$TRUNK_VERSION" --locked --no-default-features
}

step_wasm_bindgen() {
  if have_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION"; then return; fi
  # Without --locked: its lock pins a webpki-roots version the registry mirror lacks. No default
  # features: its one default, `rustls-tls`, gives the test runner's WebDriver client TLS (rustls,
  # ring: a C build), and the runner only talks to the local chromedriver over plain http
  # (CHROMEDRIVER, scripts/test.sh); a first run compiles that much less (issue #11).
  timed "wasm-bindgen-cli $WASM_BINDGEN_VERSION" install_tool "wasm-bindgen-cli $WASM_BINDGEN_VERSION" wasm \
    wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features
}

step_wasm_split() {
  if have_crate wasm_split_cli_support "$WASM_SPLIT_VERSION"; then return; fi
  timed "wasm-split-cli $WASM_SPLIT_VERSION" install_tool "wasm-split-cli $WASM_SPLIT_VERSION" wasm \
    wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
}

step_trunk_tool() {
  step_trunk
  rm -rf "$TOOLS/cargo-install-trunk"
}

step_wasm_tools() {
  step_wasm_bindgen
  step_wasm_split
  rm -rf "$TOOLS/cargo-install-wasm"
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

# The post-build hook's tools (scripts/split_wasm.py): terser for the glue, binaryen's wasm-opt
# for the main module, pinned in tools/web/package-lock.json.
step_web_tools() {
  local dir="$ROOT/tools/web"
  if [ -f "$dir/node_modules/.package-lock.json" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.lock-copy"; then return; fi
  timed "npm ci (the build's terser and wasm-opt)" bash -c "cd '$dir' && npm ci --no-audit --no-fund --loglevel=error"
  cp "$dir/package-lock.json" "$dir/node_modules/.lock-copy"
}

# The local corporate IdP (dev/idp): panva's oidc-provider, pinned in its package-lock.json.
step_idp() {
  local dir="$ROOT/dev/idp"
  if [ -f "$dir/node_modules/.package-lock.json" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.lock-copy"; then return; fi
  timed "npm ci (the local corporate IdP, oidc-provider)" bash -c "cd '$dir' && npm ci --no-audit --no-fund --loglevel=error"
  cp "$dir/package-lock.json" "$dir/node_modules/.lock-copy"
}

step_cargo_fetch() {
  # Trunk runs cargo --offline; fetch every crate first.
  timed "fetching the project's crates" bash -c "cd '$ROOT' && cargo fetch --locked --quiet"
}

# Compiles what `trunk build --release` and `deploy.py local` compile, with the same commands, so
# that both find it done: it can start before Trunk is installed.
step_build_ahead() {
  cd "$ROOT"
  log "compiling the portal for wasm32 (the release profile: LTO, one codegen unit)"
  cargo build --release --locked --target wasm32-unknown-unknown --bin cognito-portal --features split
  local lambda
  lambda="$(python3 -c 'import sys; sys.path.insert(0, "deploy"); import deploy; print(" ".join(deploy.build_lambda("local")[0]))')"
  log "compiling the Lambda for this machine: $lambda"
  $lambda
}

case "$mode" in
  prepare) step_apt; step_rust_target; step_web_tools; step_idp; step_cargo_fetch ;;
  venv) step_venv ;;
  trunk) step_trunk_tool ;;
  wasm-tools) step_wasm_tools ;;
  build-ahead) step_build_ahead ;;
  run | test)
    start=$SECONDS
    trap 'stop_bg job-venv' EXIT
    start_job venv bash "$ROOT/scripts/setup.sh" venv
    step_apt
    step_rust_target
    step_npm
    step_web_tools
    step_idp
    step_cargo_fetch
    step_trunk_tool
    step_wasm_tools
    wait_jobs venv
    log "setup ($mode) complete in $((SECONDS - start)) s"
    ;;
  *) die "usage: setup.sh [run|test|prepare|venv|trunk|wasm-tools|build-ahead]" ;;
esac
