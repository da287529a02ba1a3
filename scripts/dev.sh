#!/usr/bin/env bash
# The README's run command: the production stack (deploy/template.yaml) on local AWS with the
# demo users, the portal served on http://127.0.0.1:8080 and through the emulated CloudFront.
# Ctrl-C stops everything it started.
#
# On a first run the slow parts go side by side: the Python venv and local AWS, the tools
# (Trunk; wasm-bindgen and wasm-split) and the portal's and the Lambda's first compile; every line
# says how long the run has taken, and every 30 s a line says what each job is doing.
source "$(dirname "$0")/lib.sh"

trap 'echo; log "stopping"; stop_all' EXIT
trap 'exit 130' INT TERM
require_free_port "$AWS_PORT"
require_free_port "$PORTAL_PORT"
require_free_port "$IDP_PORT"

# The tools need only cargo: they start first, the rest once the crates are fetched. Three cargo
# processes on two cores keep both busy through each one's single-threaded stretches.
start_job trunk bash "$ROOT/scripts/setup.sh" trunk
start_job wasm-tools bash "$ROOT/scripts/setup.sh" wasm-tools
bash "$ROOT/scripts/setup.sh" prepare
start_job venv bash "$ROOT/scripts/setup.sh" venv
start_job build-ahead bash "$ROOT/scripts/setup.sh" build-ahead
wait_jobs venv
start_aws
start_idp
wait_jobs trunk wasm-tools build-ahead
timed "building the portal (trunk build --release)" build_release
timed "deploying the stack to local AWS (Lambda, API, Cognito, S3, CloudFront)" deploy_local
start_portal
cloudfront="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["CloudFrontUrl"])' "$LOCAL/stack-outputs.json")"
log "the portal is served"
cat <<MSG

  Customer Portal:  $PORTAL_URL
  via CloudFront:   $cloudfront
  Sign in as:       demo@example.com / Demo-Passw0rd!   (group customers)
             or:    admin@example.com / Admin-Passw0rd! (group admins, with an authenticator app:
                    its secret is in .local/demo-admin-totp.json; a code:
                    .tools/venv/bin/python dev/admin_mfa.py code .local/demo-admin-totp.json)
                    both of the organisation acme; another organisation: buyer@globex.example /
                    Buyer-Passw0rd!; read only: reader@initech.example / Reader-Passw0rd!
  Machine client:   id and secret in .local/machine-client.json (the API access page's snippet)
  Single sign-on:   "Sign in with Globex": jordan@globex.example / Globex-Passw0rd! at the
                    local corporate IdP $IDP_URL (organisation globex)
  Local AWS:        $AWS_ENDPOINT  (logs in .local/logs/)

  Press Ctrl-C to stop.
MSG
wait
