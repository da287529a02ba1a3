//! `/api-access`: how customers' scripts get tokens (username and password, `InitiateAuth`
//! with `USER_PASSWORD_AUTH` on the API-access app client) and call the API with the ID token.

use crate::components::copy_button::CopyButton;
use cognito_auth::protocol::api::api_url;
use cognito_auth::protocol::config::Config;
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// The page.
#[component]
pub fn ApiAccessPage() -> impl IntoView {
    let config = use_auth().config();
    match (&config.api_base_url, &config.api_client_id) {
        (Some(_), Some(_)) => view! { <Snippets config=(*config).clone()/> }.into_any(),
        _ => view! {
            <section class="card">
                <h1>"API access"</h1>
                <p>"This environment has no API (its /config.json has no apiBaseUrl or apiClientId)."</p>
            </section>
        }
        .into_any(),
    }
}

/// The curl snippet: get an ID token with a username and password, then call `GET /me`.
pub fn curl_snippet(config: &Config) -> String {
    let client = config.api_client_id.clone().unwrap_or_default();
    let me = api_url(config.api_base_url.as_deref().unwrap_or_default(), "/me");
    format!(
        r#"# Your portal username (email) and password:
USERNAME='you@example.com'
PASSWORD='your password'

# 1. Get tokens (InitiateAuth, USER_PASSWORD_AUTH) and keep the ID token.
ID_TOKEN=$(curl -sS -X POST '{idp}' \
  -H 'Content-Type: application/x-amz-json-1.1' \
  -H 'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth' \
  --data "$(printf '{{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"{client}","AuthParameters":{{"USERNAME":"%s","PASSWORD":"%s"}}}}' "$USERNAME" "$PASSWORD")" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["AuthenticationResult"]["IdToken"])')

# 2. Call the API with the ID token (not the access token).
curl -sS '{me}' -H "Authorization: $ID_TOKEN"
"#,
        idp = config.endpoints.idp,
    )
}

/// The Python snippet (standard library only).
pub fn python_snippet(config: &Config) -> String {
    let client = config.api_client_id.clone().unwrap_or_default();
    let me = api_url(config.api_base_url.as_deref().unwrap_or_default(), "/me");
    format!(
        r#"import json, urllib.request

USERNAME = "you@example.com"
PASSWORD = "your password"

def post(url, target, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={{
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"AWSCognitoIdentityProviderService.{{target}}",
    }})
    with urllib.request.urlopen(request) as response:
        return json.load(response)

# 1. Get tokens with your username and password.
tokens = post("{idp}", "InitiateAuth", {{
    "AuthFlow": "USER_PASSWORD_AUTH",
    "ClientId": "{client}",
    "AuthParameters": {{"USERNAME": USERNAME, "PASSWORD": PASSWORD}},
}})["AuthenticationResult"]

# 2. Call the API with the ID token (not the access token).
request = urllib.request.Request("{me}", headers={{"Authorization": tokens["IdToken"]}})
with urllib.request.urlopen(request) as response:
    print(json.load(response))

# Tokens live an hour: renew with InitiateAuth REFRESH_TOKEN_AUTH and tokens["RefreshToken"].
"#,
        idp = config.endpoints.idp,
    )
}

#[component]
fn Snippets(config: Config) -> impl IntoView {
    let curl = curl_snippet(&config);
    let python = python_snippet(&config);
    let client = config.api_client_id.clone().unwrap_or_default();
    let base = config.api_base_url.clone().unwrap_or_default();
    view! {
        <section class="card">
            <h1>"API access"</h1>
            <p>"Scripts get tokens with your portal username and password from the API-access app client (no secret, no browser) and call the API with the ID token in the " <code>"Authorization"</code> " header."</p>
            <dl class="profile">
                <dt>"App client id"</dt><dd class="api-client-id"><code>{client.clone()}</code> <CopyButton label="Copy" value=client/></dd>
                <dt>"Region"</dt><dd><code>{config.region.clone()}</code></dd>
                <dt>"API URL"</dt><dd class="api-base-url"><code>{base.clone()}</code> <CopyButton label="Copy" value=base/></dd>
            </dl>
        </section>
        <section class="card">
            <h2>"curl"</h2>
            <pre class="snippet" data-testid="curl-snippet">{curl.clone()}</pre>
            <CopyButton label="Copy the curl snippet" value=curl/>
        </section>
        <section class="card">
            <h2>"Python"</h2>
            <pre class="snippet" data-testid="python-snippet">{python.clone()}</pre>
            <CopyButton label="Copy the Python snippet" value=python/>
        </section>
    }
}
