# The real-time mode of the load benches (BENCH_AWS_RT=1, bench/README.md, "Modes"): local AWS
# and the static servers at SCHED_FIFO, so a request is served the moment the server side can
# run, not after the browser's threads. Source it after scripts/lib.sh.
# shellcheck shell=bash

# Fails at once, before anything is built or started, when this process cannot give real-time
# priority: it needs root outside any user namespace (bench/quickack.sh run by a user without
# root maps that user to uid 0 in a namespace of its own, where `chrt -f` is still refused).
require_realtime() {
  chrt -f 10 true 2> /dev/null || die "BENCH_AWS_RT=1: chrt -f is refused here; it needs root outside any user namespace (as a user without root, bench/quickack.sh cannot give it)"
}

# Sets aws_mode from BENCH_AWS_RT: `realtime` (checked possible before anything is built) or
# `shared`; load.mjs records it (its --aws).
set_aws_mode() {
  aws_mode=shared
  [ "${BENCH_AWS_RT:-}" != 1 ] || { require_realtime; aws_mode=realtime; }
}

# realtime_servers NAME...: each server started by start_bg under NAME (its own process group,
# Lambda processes included) at SCHED_FIFO 10, every thread. Only servers: the builds, the deploy
# and the browser keep the normal policy. A process a server starts later inherits the policy
# of the thread that starts it. The kernel's real-time throttling (95 % of each second by
# default) still bounds them, and the benches' exit traps stop them as any other.
realtime_servers() {
  local name member members
  for name in "$@"; do
    mapfile -t members < <(pgrep -g "$(cat "$LOCAL/pids/$name.pid")")
    for member in "${members[@]}"; do
      chrt -f -a -p 10 "$member" > /dev/null || die "could not raise $name (pid $member) to real-time priority"
    done
    log "$name at real-time priority (${#members[@]} processes)"
  done
}
