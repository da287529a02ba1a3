#!/usr/bin/env bash
# The README's run command: the production stack (deploy/template.yaml) on local AWS with the
# demo users, the portal served on http://127.0.0.1:8080 and through the emulated CloudFront.
# Ctrl-C stops everything it started.
source "$(dirname "$0")/lib.sh"

bash "$ROOT/scripts/setup.sh" run
trap 'echo; log "stopping"; stop_all' EXIT
trap 'exit 130' INT TERM
start_aws
timed "building the portal (trunk build --release)" build_release
timed "deploying the stack to local AWS (Lambda, API, Cognito, S3, CloudFront)" deploy_local
start_portal
cloudfront="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["CloudFrontUrl"])' "$LOCAL/stack-outputs.json")"
cat <<MSG

  Customer Portal:  $PORTAL_URL
  via CloudFront:   $cloudfront
  Sign in as:       demo@example.com / Demo-Passw0rd!   (group customers)
             or:    admin@example.com / Admin-Passw0rd! (group admins)
  Local AWS:        $AWS_ENDPOINT  (logs in .local/logs/)

  Press Ctrl-C to stop.
MSG
wait
