#!/usr/bin/env bash
# The README's run command: local AWS with a demo user, the portal built and served on
# http://127.0.0.1:8080. Ctrl-C stops everything it started.
source "$(dirname "$0")/lib.sh"

bash "$ROOT/scripts/setup.sh" run
trap 'echo; log "stopping"; stop_all' EXIT
trap 'exit 130' INT TERM
start_aws
timed "seeding local Cognito" seed_aws
timed "building the portal (trunk build --release)" build_release
start_portal
cat <<MSG

  Customer Portal:  $PORTAL_URL
  Sign in as:       demo@example.com
  Password:         Demo-Passw0rd!
  Local AWS:        $AWS_ENDPOINT  (logs in .local/logs/)

  Press Ctrl-C to stop.
MSG
wait
