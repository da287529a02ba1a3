# Pinned tool versions: the one place to change them. Sourced by scripts/lib.sh.
TRUNK_VERSION=0.21.14
# Must equal wasm-bindgen in Cargo.lock and [tools] in Trunk.toml.
WASM_BINDGEN_VERSION=0.2.130
# The wasm-split CLI (crate wasm_split_cli_support, binary wasm-split-cli) the split hook runs;
# matched to the wasm_split_helpers version leptos uses (Cargo.lock).
WASM_SPLIT_VERSION=0.2.4
MINISTACK_VERSION=1.5.33
CRYPTOGRAPHY_VERSION=50.0.2
BOTO3_VERSION=1.43.106
CFN_LINT_VERSION=1.58.0
