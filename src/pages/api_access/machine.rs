//! Machine clients (#13): an automated job gets an access token with the client-credentials grant
//! (`/oauth2/token`, HTTP Basic with the client id and secret) and lists its organisation's
//! analyses with it. The secret is never in the portal: the script reads it from the environment
//! or a silent prompt, and passes it and the token to curl on standard input (`curl -K -`), never
//! in argv, where every local user could read it with `ps`.

use super::snippets::shell_quoted;
use crate::components::copy_button::CopyButton;
use cognito_auth::protocol::api_routes::{machine_client_id, ApiCall, ME, READ_SCOPE};
use cognito_auth::protocol::config::Config;
use leptos::prelude::*;

/// The bash script for `client_id`, or `None` without a well-formed machine client id or an API.
pub fn machine_snippet(config: &Config) -> Option<String> {
    let client = machine_client_id(config.machine_client_id.as_deref())?;
    let base = config.api_base_url.as_deref()?;
    Some(
        MACHINE_TEMPLATE
            .replace("@TOKEN_URL@", &shell_quoted(&config.endpoints.token))
            .replace("@CLIENT_ID@", &shell_quoted(client))
            .replace(
                "@ANALYSES_URL@",
                &shell_quoted(&ApiCall::list_analyses().url(base)),
            )
            .replace("@ME_URL@", &shell_quoted(&ApiCall::me().url(base)))
            // The form body's scope, percent-encoded: only `/` needs it in a scope name.
            .replace("@SCOPE@", &READ_SCOPE.replace('/', "%2F")),
    )
}

const MACHINE_TEMPLATE: &str = r#"#!/usr/bin/env bash
# Your organisation's analyses, as the machine client (client credentials, read scope).
# The secret: PORTAL_MACHINE_SECRET in the environment, or typed at the prompt (not echoed).
set -euo pipefail
TOKEN_URL=@TOKEN_URL@
CLIENT_ID=@CLIENT_ID@
ANALYSES_URL=@ANALYSES_URL@
ME_URL=@ME_URL@
if [ -z "${PORTAL_MACHINE_SECRET:-}" ]; then
  read -rsp 'Client secret: ' PORTAL_MACHINE_SECRET; echo >&2
fi
# HTTP Basic: base64 of "id:secret", built by the shell's printf and handed to curl on stdin.
basic=$(printf '%s:%s' "$CLIENT_ID" "$PORTAL_MACHINE_SECRET" | base64 | tr -d '\n')
token_json=$(printf 'header = "Authorization: Basic %s"\n' "$basic" | curl -sS -K - \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data 'grant_type=client_credentials&scope=@SCOPE@' "$TOKEN_URL")
access_token=$(printf '%s' "$token_json" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
echo "GET /analyses (the access token):"
printf 'header = "Authorization: %s"\n' "$access_token" | curl -sS -K - -w ' (HTTP %{http_code})\n' "$ANALYSES_URL"
echo "GET /me (takes a person's ID token; a machine token carries no user and is refused: 401 from the gateway on AWS):"
printf 'header = "Authorization: %s"\n' "$access_token" | curl -sS -K - -w ' (HTTP %{http_code})\n' "$ME_URL"
"#;

/// The machine-client card of the API access page.
#[component]
pub fn MachineClientCard(config: Config) -> impl IntoView {
    let Some(snippet) = machine_snippet(&config) else {
        return view! {
            <section class="card">
                <h2>"Automated jobs (client credentials)"</h2>
                <p class="hint">"This portal's configuration names no machine client."</p>
            </section>
        }
        .into_any();
    };
    let client = machine_client_id(config.machine_client_id.as_deref())
        .unwrap_or_default()
        .to_owned();
    let pool = config.user_pool_id;
    view! {
        <section class="card">
            <h2>"Automated jobs (client credentials)"</h2>
            <p>
                "Jobs without a person get an access token with the machine client's id and secret (the "
                <code>"client_credentials"</code> " grant, scope " <code>{READ_SCOPE}</code>
                ") and read your organisation's analyses with it. Machine tokens carry no user, so "
                <code>{ME.path}</code> " refuses them (on AWS the gateway itself answers 401, as for any access token there)."
            </p>
            <dl class="profile">
                <dt>"Machine client id"</dt>
                <dd data-testid="machine-client-id"><code>{client}</code></dd>
            </dl>
            <p class="hint" data-testid="machine-secret-hint">
                "The secret is never shown here. An administrator reads it with "
                <code>{format!("aws cognito-idp describe-user-pool-client --user-pool-id {pool} --client-id <id> --query UserPoolClient.ClientSecret --output text")}</code>
                " (or in the Cognito console, app client portal-machine) and hands it to the job's secret store. Save the script as "
                <code>"analyses.sh"</code> " and run " <code>"PORTAL_MACHINE_SECRET=… bash analyses.sh"</code>
                " from that store, or just " <code>"bash analyses.sh"</code> " to be asked for it."
            </p>
            <pre class="snippet" data-testid="machine-snippet" tabindex="0">{snippet.clone()}</pre>
            <CopyButton label="Copy the client-credentials snippet" value=snippet/>
        </section>
    }
    .into_any()
}

#[cfg(test)]
#[path = "machine_tests.rs"]
mod tests;
