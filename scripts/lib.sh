# Shared helpers for the project scripts. Source it; do not run it.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/versions.sh
source "$ROOT/scripts/versions.sh"

LOCAL="$ROOT/.local"          # run state: pids, logs, config, emulator state (git-ignored)
TOOLS="$ROOT/.tools"          # project-local installs: the Python venv (git-ignored)
VENV="$TOOLS/venv"
PORTAL_PORT="${PORTAL_PORT:-8080}"
AWS_PORT="${AWS_PORT:-4566}"
IDP_PORT="${IDP_PORT:-4690}"
PORTAL_URL="http://127.0.0.1:$PORTAL_PORT"
AWS_ENDPOINT="http://127.0.0.1:$AWS_PORT"
IDP_URL="http://127.0.0.1:$IDP_PORT"
# cargo install puts the tools in $CARGO_HOME/bin (~/.cargo/bin unless CARGO_HOME says otherwise).
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
mkdir -p "$LOCAL/pids" "$LOCAL/logs"

# Bold only on a terminal, so CI logs stay plain text.
if [ -t 1 ]; then BOLD=$'\033[1m'; RESET=$'\033[0m'; else BOLD=""; RESET=""; fi
# Every line says how long the command has been running (scripts it calls share the clock).
export RUN_START="${RUN_START:-$(date +%s)}"
elapsed() { local s=$(($(date +%s) - RUN_START)); printf '%2d:%02d' $((s / 60)) $((s % 60)); }
log() { printf '%s==> [%s] %s%s\n' "$BOLD" "$(elapsed)" "$*" "$RESET"; }
die() { printf 'xx  %s\n' "$*" >&2; exit 1; }

# Runs a command, printing its name and how long it took.
timed() {
  local label="$1"; shift
  local start=$SECONDS
  log "$label"
  "$@"
  log "$label: done in $((SECONDS - start)) s"
}

# Fails early with a clear message when a port is taken (a dev stack still running, say).
require_free_port() {
  local port="$1"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is already in use; stop what runs there (or set PORTAL_PORT / AWS_PORT)"
  fi
}

# start_bg NAME LOGFILE CMD...: starts CMD in its own process group, records its PID.
start_bg() {
  local name="$1" logfile="$2"; shift 2
  setsid "$@" >"$logfile" 2>&1 < /dev/null &
  echo $! > "$LOCAL/pids/$name.pid"
}

# Stops a process started by start_bg, with its whole process group, by PID.
stop_bg() {
  local pidfile="$LOCAL/pids/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

# wait_http URL SECONDS NAME: polls until URL answers.
wait_http() {
  local url="$1" limit="$2" name="$3"
  for _ in $(seq 1 $((limit * 5))); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  die "$name did not answer at $url within $limit s (log: $LOCAL/logs)"
}

# Starts ministack (local AWS) on 127.0.0.1:$AWS_PORT with fresh state.
start_aws() {
  require_free_port "$AWS_PORT"
  rm -rf "$LOCAL/ministack-state"
  log "starting local AWS (ministack $MINISTACK_VERSION) on $AWS_ENDPOINT"
  # MINISTACK_COGNITO_PRETOKEN_STRICT=1: a failing token trigger refuses the sign-in, as on AWS
  # (the emulator otherwise ignores the error and issues tokens without the tenant; #13).
  start_bg ministack "$LOCAL/logs/ministack.log" env AUTH=true BIND_HOST=127.0.0.1 \
    GATEWAY_PORT="$AWS_PORT" MINISTACK_HOST=localhost IOT_MTLS_ENABLED=0 \
    MINISTACK_COGNITO_PRETOKEN_STRICT=1 \
    STATE_DIR="$LOCAL/ministack-state" "$VENV/bin/ministack"
  # 120 s: on a first run it starts while the compilers hold both cores.
  wait_http "$AWS_ENDPOINT/_ministack/health" 120 "ministack"
}

# Starts the local corporate identity provider (dev/idp: panva's oidc-provider, the "Globex"
# company with its demo employee jordan@globex.example / Globex-Passw0rd!) on $IDP_URL. Its client
# for the user pool gets a fresh secret each run, in $LOCAL/idp-client.json (mode 0600), which
# deploy_local reads to federate it. Start it before deploy_local.
start_idp() {
  require_free_port "$IDP_PORT"
  # Mode 0600 even when an older file of a looser mode is there: set before the secret is written.
  python3 -c 'import json, os, secrets, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.fchmod(fd, 0o600)
with os.fdopen(fd, "w") as out:
    json.dump({"issuer": sys.argv[2], "clientId": "customer-portal-user-pool",
               "clientSecret": secrets.token_urlsafe(32)}, out)' "$LOCAL/idp-client.json" "$IDP_URL"
  log "starting the local corporate IdP (Globex) on $IDP_URL"
  # The pool's domain (deploy.py LOCAL_DOMAIN_PREFIX): its /oauth2/idpresponse is the redirect
  # URI the IdP registers, as a company's IdP would (dev/idp/server.mjs says why).
  start_bg idp "$LOCAL/logs/idp.log" env IDP_PORT="$IDP_PORT" IDP_CLIENT_FILE="$LOCAL/idp-client.json" \
    IDP_GATEWAY="$AWS_ENDPOINT" IDP_COGNITO_DOMAINS="customer-portal-local.auth.us-east-1.amazoncognito.com" \
    node "$ROOT/dev/idp/server.mjs"
  wait_http "$IDP_URL/.well-known/openid-configuration" 30 "the local IdP"
}

# Deploys deploy/template.yaml to local AWS (the Lambda built for this machine, the site from
# dist/, the demo users) and writes $LOCAL/config.json. Extra arguments go to deploy.py local.
deploy_local() {
  AWS_ENDPOINT="$AWS_ENDPOINT" PORTAL_ORIGIN="$PORTAL_URL" \
    "$VENV/bin/python" "$ROOT/deploy/deploy.py" local "$@"
  # The demo admin gets an authenticator app, the way an admin enrols their own (docs/deploy.md,
  # "Admins and MFA"): Cognito then asks it for a code at every API sign-in. The secret goes to a
  # file of mode 0600 that the run command names; never to the log.
  AWS_ENDPOINT="$AWS_ENDPOINT" CONFIG_PATH="$LOCAL/config.json" "$VENV/bin/python" \
    "$ROOT/dev/admin_mfa.py" enrol admin@example.com 'Admin-Passw0rd!' \
    --out "$LOCAL/demo-admin-totp.json" > /dev/null
}

# Builds the release bundle into dist/ and prints its sizes.
build_release() {
  (cd "$ROOT" && trunk build --release)
  node "$ROOT/scripts/precompress.mjs" "$ROOT/dist" | tail -n 1  # .br/.gz beside each file, for serve.py
  print_sizes
}

print_sizes() {
  local f
  for f in "$ROOT"/dist/*.wasm "$ROOT"/dist/cognito-portal-*.js; do
    [ -f "$f" ] || continue
    printf 'size: %-40s %8d bytes raw, %7d gzip -9\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
  done
}

# Serves dist/ with the local config on $PORTAL_URL.
start_portal() {
  require_free_port "$PORTAL_PORT"
  start_bg portal "$LOCAL/logs/portal.log" python3 "$ROOT/scripts/serve.py" \
    --root "$ROOT/dist" --config "$LOCAL/config.json" --port "$PORTAL_PORT"
  wait_http "$PORTAL_URL/" 20 "the portal server"
}

stop_all() {
  local pidfile
  for pidfile in "$LOCAL"/pids/job-*.pid; do
    [ -f "$pidfile" ] && stop_bg "$(basename "$pidfile" .pid)"
  done
  rm -f "$LOCAL"/pids/job-*.{rc,start}
  stop_bg portal
  stop_bg idp
  stop_bg ministack
}

# Background jobs, so a first run compiles, installs and starts things side by side.
# start_job NAME CMD...: runs CMD in its own process group (stopped by stop_all), its output in
# .local/logs/NAME.log. wait_jobs NAME...: waits for those jobs, printing every 30 s what each
# running job is doing; a job that fails stops the script with the end of its log.
start_job() {
  local name="$1"; shift
  rm -f "$LOCAL/pids/job-$name.rc"
  date +%s > "$LOCAL/pids/job-$name.start"
  start_bg "job-$name" "$LOCAL/logs/$name.log" bash -c '"$@"; echo $? > "$0"' "$LOCAL/pids/job-$name.rc" "$@"
  log "$name: started in the background (log: .local/logs/$name.log)"
}

# One line on a running job: cargo's crate count and latest step, or the log's last line.
job_progress() {
  local logfile="$LOCAL/logs/$1.log" count last
  count="$(grep -c '^ *Compiling ' "$logfile" 2>/dev/null || true)"
  last="$(grep -v '^\s*$' "$logfile" 2>/dev/null | tail -n 1 | sed 's/^ *//' | cut -c1-70)"
  if [ "${count:-0}" -gt 0 ]; then printf '%s crates compiled; %s' "$count" "$last"; else printf '%s' "${last:-starting}"; fi
}

wait_jobs() {
  local name pidfile rc started pending=("$@") every="${PROGRESS_EVERY:-30}"
  local next_report=$(($(date +%s) + every))
  while [ ${#pending[@]} -gt 0 ]; do
    local still=()
    for name in "${pending[@]}"; do
      if [ ! -f "$LOCAL/pids/job-$name.rc" ]; then still+=("$name"); continue; fi
      rc="$(cat "$LOCAL/pids/job-$name.rc")"
      started="$(cat "$LOCAL/pids/job-$name.start")"
      wait "$(cat "$LOCAL/pids/job-$name.pid")" 2>/dev/null || true  # reap it (it has just exited)
      rm -f "$LOCAL/pids/job-$name".{pid,rc,start}
      if [ "$rc" != 0 ]; then
        tail -n 40 "$LOCAL/logs/$name.log" >&2
        die "$name failed (exit $rc); its log: .local/logs/$name.log"
      fi
      log "$name: done in $(($(date +%s) - started)) s"
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$(date +%s)" -ge "$next_report" ]; then
      for pidfile in "$LOCAL"/pids/job-*.start; do
        name="$(basename "$pidfile" .start)"; name="${name#job-}"
        [ -f "$LOCAL/pids/job-$name.rc" ] || log "  ... $name ($(($(date +%s) - $(cat "$pidfile"))) s): $(job_progress "$name")"
      done
      next_report=$(($(date +%s) + every))
    fi
    sleep 1
  done
}
