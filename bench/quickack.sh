#!/usr/bin/env bash
# Runs a command with local AWS's delayed-ACK stalls removed: `bash bench/quickack.sh CMD [ARG…]`,
# for example `BENCH_NO_BUILD=1 bash bench/quickack.sh bash bench/load.sh 15`.
#
# Why: ministack's Lambda Runtime API writes a response's headers and body in two sends, so
# Nagle's algorithm holds the body until the trigger's delayed ACK, 40 ms later; the V2
# pre-token trigger runs twice per code exchange, so about 80 of the token endpoint's ~100 ms
# on this machine are two timers (docs/local-aws.md, "Token endpoint latency"). Cognito has no
# such stall, and the stall is the same for every app, so it hides the clients' own differences.
#
# How: the command runs in a network namespace of its own (`unshare -n`, or `unshare -rn` as a
# user without root), whose loopback routes carry `quickack 1`: the kernel acknowledges at once,
# so the body leaves at once. Nothing outside the namespace changes, and nothing inside it can
# reach the network: build and install first (BENCH_NO_BUILD=1 for load.sh, and its peers built
# by one plain run of it). Every server the command starts binds 127.0.0.1 inside the namespace,
# and every loopback connection acknowledges at once, not only the emulator's (the static
# servers' and the API's too). bench/load.mjs reads the routes and records the mode in its
# result file. Figures only, like the benches it wraps (bench/README.md, "Modes").
#
# The namespace's ports are its own, so the port checks inside it cannot see a stack already
# running on the machine, which shares .local/ (its pid files, config and emulator state) and
# would be stopped by this run's exit: the machine's ports are checked here, before.
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: bash bench/quickack.sh CMD [ARG...]" >&2; exit 2; }
command -v unshare > /dev/null || { echo "quickack.sh: needs unshare (util-linux)" >&2; exit 1; }
command -v ip > /dev/null || { echo "quickack.sh: needs ip (iproute2)" >&2; exit 1; }
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
for port in "$AWS_PORT" "$PORTAL_PORT" "$IDP_PORT" $((PORTAL_PORT + 1)) $((PORTAL_PORT + 2)) $((PORTAL_PORT + 3)); do
  require_free_port "$port"
done

# Run only inside the new namespace (`unshare` starts it there, and nothing else can): the
# machine's own loopback routes are never touched. Loopback is down in a new namespace and its
# routes have no options until set here.
inside='
set -euo pipefail
ip link set lo up
for route in 127.0.0.0/8 127.0.0.1; do
  ip route change local "$route" dev lo table local proto kernel scope host src 127.0.0.1 quickack 1
done
routes="$(ip route show table local)"
[ "$(grep -c "quickack 1" <<< "$routes")" = 2 ] || { echo "quickack.sh: the loopback routes did not take quickack" >&2; exit 1; }
exec "$@"
'
flags=(-n)
[ "$(id -u)" = 0 ] || flags=(-r -n)
exec unshare "${flags[@]}" bash -c "$inside" quickack.sh "$@"
