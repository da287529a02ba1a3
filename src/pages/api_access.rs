//! `/api-access`: how customers' scripts get tokens (username and password, `InitiateAuth`
//! with `USER_PASSWORD_AUTH` on the API-access app client, and a code from their authenticator
//! app when their account has two-factor sign-in) and call the API with the ID token.

pub mod machine;
pub mod snippets;
pub mod two_factor;

use crate::components::copy_button::CopyButton;
use crate::components::error_panel::error_panels;
use cognito_auth::protocol::config::Config;
use leptos::prelude::*;
use leptos_cognito::use_auth;
pub use snippets::{curl_snippet, python_snippet};
use two_factor::{load_two_factor, TwoFactor};

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

/// What the page says about the signed-in account's two-factor sign-in, so the user knows
/// before running a script whether it will ask for a code.
fn two_factor_sentence(two_factor: TwoFactor) -> &'static str {
    match two_factor {
        TwoFactor::AuthenticatorApp => {
            "Your account has two-factor sign-in with an authenticator app: when a script signs \
             in, Cognito asks for the 6-digit code your app shows, and the scripts below ask you \
             for it."
        }
        TwoFactor::OtherOnly => {
            "Your account has two-factor sign-in by text-message or email codes only: Cognito \
             will ask scripts for such a code (SMS_MFA or EMAIL_OTP), which the scripts below \
             do not answer. Set up an authenticator app on your Account page to use them."
        }
        TwoFactor::PasswordOnly => {
            "Your account signs in with a password only, so the scripts below get tokens without \
             a code. Once you set up an authenticator app on your Account page, they ask for its \
             code at every sign-in."
        }
    }
}

/// The account's two-factor setting, from `GetUser` with the session's access token.
#[component]
fn TwoFactorStatus() -> impl IntoView {
    let two_factor = load_two_factor();
    view! {
        <Transition fallback=|| view! { <p class="loading">"Checking your account's two-factor sign-in…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <div data-testid="two-factor-error">{error_panels(errors)}</div> }>
                {move || two_factor.get().map(|answer| answer.map(|two_factor| view! {
                    <p class="two-factor-status" data-testid="two-factor-status" data-two-factor=two_factor.code()>
                        {two_factor_sentence(two_factor)}
                    </p>
                }))}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Snippets(config: Config) -> impl IntoView {
    let curl = curl_snippet(&config);
    let python = python_snippet(&config);
    let client = config.api_client_id.clone().unwrap_or_default();
    let base = config.api_base_url.clone().unwrap_or_default();
    let machine = config.clone();
    view! {
        <section class="card">
            <h1>"API access"</h1>
            <p>"Scripts get tokens with your portal username and password from the API-access app client (no secret, no browser) and call the API with the ID token in the " <code>"Authorization"</code> " header."</p>
            <TwoFactorStatus/>
            <dl class="profile">
                <dt>"App client id"</dt><dd class="api-client-id"><code>{client.clone()}</code> <CopyButton label="Copy" value=client/></dd>
                <dt>"Region"</dt><dd><code>{config.region.clone()}</code></dd>
                <dt>"API URL"</dt><dd class="api-base-url"><code>{base.clone()}</code> <CopyButton label="Copy" value=base/></dd>
            </dl>
        </section>
        <section class="card">
            <h2>"curl"</h2>
            <p class="hint">"A bash script (curl, and python3 for the JSON): save it as " <code>"me.sh"</code> ", put in your username and password, and run " <code>"bash me.sh"</code> ". With two-factor sign-in it asks for your authenticator app's code."</p>
            <pre class="snippet" data-testid="curl-snippet">{curl.clone()}</pre>
            <CopyButton label="Copy the curl snippet" value=curl/>
        </section>
        <section class="card">
            <h2>"Python"</h2>
            <p class="hint">"Standard library only: save it as " <code>"me.py"</code> ", put in your username and password, and run " <code>"python3 me.py"</code> ". With two-factor sign-in it asks for your authenticator app's code."</p>
            <pre class="snippet" data-testid="python-snippet">{python.clone()}</pre>
            <CopyButton label="Copy the Python snippet" value=python/>
        </section>
        <machine::MachineClientCard config=machine/>
    }
}
