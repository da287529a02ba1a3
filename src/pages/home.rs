//! `/`: the signed-out welcome or the signed-in profile.

use crate::components::api_result::{call_route, ApiResult, Part};
use crate::components::claims_table::ClaimsTable;
use crate::components::error_panel::{error_panels, ErrorPanel, Explained};
use crate::components::redaction::masked;
use crate::pages::api_access::two_factor::{load_two_factor, TwoFactor};
use crate::pages::landing::hosted_page_links;
use crate::pages::session::{cognito_said, refused_panel};
use cognito_auth::protocol::api_routes::ApiCall;
use cognito_auth::session::machine::Phase;
use cognito_auth::session::notice::{phase_sentence, sign_out_text};
use cognito_auth::session::tokens::{claim_rows, VerifiedTokens};
use leptos::prelude::*;
use leptos_cognito::{browser, use_auth, AuthState};
use serde_json::Value;
use std::sync::Arc;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let auth = use_auth();
    // Keyed by the user, not the tokens: a refresh updates the cards in place instead of
    // remounting them (which would call the API again).
    let view_key = Memo::new(move |_| match auth.state() {
        AuthState::SignedIn(session) => HomeView::SignedIn {
            sub: session.claims.sub.clone(),
        },
        AuthState::SignedOut => HomeView::SignedOut,
        AuthState::SigningOut => HomeView::SigningOut,
    });
    move || match view_key.get() {
        HomeView::SignedIn { .. } => view! { <SignedInView/> }.into_any(),
        HomeView::SignedOut => view! { <SignedOutView/> }.into_any(),
        HomeView::SigningOut => view! {
            <section class="card" aria-busy="true">
                <p>{phase_sentence(&Phase::SigningOut, browser::now())}</p>
            </section>
        }
        .into_any(),
    }
}

/// What the home page shows; changes only when the user or the phase does.
#[derive(Clone, PartialEq)]
enum HomeView {
    SignedIn { sub: String },
    SignedOut,
    SigningOut,
}

/// The Sign in button; shows why if the sign-in cannot start.
#[component]
pub fn SignInButton() -> impl IntoView {
    let auth = use_auth();
    let sign_in =
        Action::new_local(
            move |(): &()| async move { auth.sign_in().await.map_err(Explained::from) },
        );
    // Stays disabled after a successful start: the browser is on its way to Cognito.
    let busy = move || sign_in.pending().get() || matches!(sign_in.value().get(), Some(Ok(())));
    view! {
        <button class="primary" aria-disabled=move || busy().to_string() on:click=move |_| {
            if !busy() {
                sign_in.dispatch_local(());
            }
        }>"Sign in"</button>
        <ErrorBoundary fallback=error_panels>{move || sign_in.value().get()}</ErrorBoundary>
    }
}

/// Shown on pages that need a session: signing in comes back to the same page.
#[component]
pub fn SignInPrompt(
    /// What the page shows, e.g. "your tokens".
    what: &'static str,
) -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Sign in to see " {what}</h1>
            <p>"Your session is kept in memory only: a reload or a new tab takes it over from another open tab of the portal, or asks you to sign in."</p>
            <SignInButton/>
        </section>
    }
}

#[component]
fn SignedOutView() -> impl IntoView {
    let auth = use_auth();
    move || match auth.life().phase {
        phase @ Phase::SigningIn(_) => view! {
            <section class="card" aria-busy="true">
                <p class="session-phase">{phase_sentence(&phase, browser::now())}</p>
            </section>
        }
        .into_any(),
        phase => {
            let why = match &phase {
                Phase::SignedOut {
                    reason: Some(reason),
                } => sign_out_text(reason).to_owned(),
                _ => "Your session is kept in this tab's memory only and shared only with \
                      other open tabs of the portal, never stored."
                    .to_owned(),
            };
            let ended = cognito_said(&phase);
            let failure = refused_panel(&phase);
            // The refusal is explained under the page's h1, not before it (issue #14).
            view! {
                <section class="card">
                    <h1>"You are signed out"</h1>
                    {failure}
                    <p class="signed-out-reason" data-testid="signed-out-reason">{why}</p>
                    {ended}
                    <p>"Sign in with your customer account to see your profile."</p>
                    <SignInButton/>
                    {hosted_page_links(&auth.config())}
                </section>
            }
            .into_any()
        }
    }
}

#[component]
fn SignedInView() -> impl IntoView {
    let auth = use_auth();
    let has_api = auth.config().api_base_url.is_some();
    let profile = move || {
        let AuthState::SignedIn(session) = auth.state() else {
            return ().into_any();
        };
        view! { <Profile session/> }.into_any()
    };
    let claims = move || match auth.state() {
        AuthState::SignedIn(session) => {
            let rows = claim_rows(&session.id_token_claims);
            view! { <ClaimsTable rows/> }.into_any()
        }
        _ => ().into_any(),
    };
    // Read once: this view is keyed by the user, and a refresh on the emulator drops
    // `cognito:groups` from the new ID token (docs/deploy.md), which must not hide the notice.
    let admin = untrack(move || match auth.state() {
        AuthState::SignedIn(session) => session.claims.groups.iter().any(|g| g == ADMINS),
        _ => false,
    });
    view! {
        {admin.then(|| view! { <AdminAuthenticatorNotice/> })}
        {profile}
        {has_api.then(|| view! { <ApiCards/> })}
        <section class="card">{claims}</section>
    }
}

/// The group whose members' accounts need an authenticator app.
const ADMINS: &str = "admins";

/// Tells a member of `admins` whose account has no authenticator app that it needs one, and
/// leads to the Account page to set it up.
///
/// Cognito cannot require a second factor for one group while the pool's MFA is OPTIONAL, so
/// this is the portal saying it (docs/deploy.md, "Admins and MFA"): it asks Cognito (`GetUser`)
/// rather than trusting anything in the tokens, which do not say whether the user has an
/// authenticator. Nothing shows once the account has one.
#[component]
fn AdminAuthenticatorNotice() -> impl IntoView {
    let two_factor = load_two_factor();
    move || {
        match two_factor.get() {
        None | Some(Ok(TwoFactor::AuthenticatorApp)) => ().into_any(),
        Some(Ok(_)) => view! {
            <section class="card admin-mfa" role="status" data-testid="admin-needs-authenticator">
                <h2>"Your admin account needs an authenticator app"</h2>
                <p>"You are a member of admins, and your account signs in with a password alone. \
                    Set up an authenticator app: from then on Cognito asks for a code from it \
                    whenever you sign in, so a password that leaks is not enough to reach admin data."</p>
                <p><a href="/account">"Set up an authenticator app on your Account page"</a></p>
            </section>
        }
        .into_any(),
        Some(Err(Explained(explanation))) => view! {
            <section class="card admin-mfa" data-testid="admin-authenticator-unknown">
                <h2>"Could not check your admin account's authenticator app"</h2>
                <p>"Members of admins need one. If you have not set it up yet, do it on your Account page."</p>
                <ErrorPanel explanation level=3/>
            </section>
        }
        .into_any(),
    }
    }
}

/// The API's cards, from one `GET /me`: the caller's profile, and for an admin the admin panel.
///
/// The API puts the admin summary in `/me`'s answer (its `admin` part) only for members of
/// `admins`, judged from the verified token's claims, so an admin's home page costs one call
/// instead of two, and the panel is shown exactly when the API sent it: the page never decides
/// who is an admin. `GET /admin/summary` stays for scripts.
#[component]
fn ApiCards() -> impl IntoView {
    let me = call_route(ApiCall::me());
    let admin_sent = Memo::new(move |_| {
        me.data.with(|answer| matches!(answer, Some(Ok(value)) if value.get(ADMIN_PART).is_some_and(Value::is_object)))
    });
    view! {
        <ApiResult title="Your profile, from the API" path="/me" class="api-me" answer=me part=Part::Without(ADMIN_PART)/>
        // `AnyView`, like the page's other reactive parts: one render path in the wasm, not one
        // more per type.
        {move || if admin_sent.get() {
            view! {
                <ApiResult title="Admin panel: summary" path="/me" class="api-admin" answer=me part=Part::Only(ADMIN_PART)/>
            }
            .into_any()
        } else {
            ().into_any()
        }}
    }
}

/// The key of `/me`'s answer that holds the admin summary, for admins only.
const ADMIN_PART: &str = "admin";

#[component]
fn Profile(session: Arc<VerifiedTokens>) -> impl IntoView {
    let claims = &session.claims;
    let greeting = claims
        .display_name
        .clone()
        .or_else(|| claims.email.clone())
        .unwrap_or_else(|| claims.sub.clone());
    let email = claims
        .email
        .clone()
        .unwrap_or_else(|| "(no email in the ID token)".into());
    let groups = if claims.groups.is_empty() {
        "none".to_owned()
    } else {
        claims.groups.join(", ")
    };
    profile_card(greeting, email, groups)
}

/// The profile card: the greeting, the email and the groups. Its own function so the callback
/// can build it once ahead (`pages::callback`).
pub fn profile_card(greeting: String, email: String, groups: String) -> AnyView {
    view! {
        <section class="card">
            <h1>"Welcome, " <span class="user-name">{masked(greeting)}</span></h1>
            <dl class="profile">
                <dt>"Email"</dt><dd class="user-email">{masked(email)}</dd>
                <dt>"Groups"</dt><dd>{groups}</dd>
            </dl>
        </section>
    }
    .into_any()
}

/// The Sign out button, shown in the header while signed in.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let auth = use_auth();
    // Synchronous: the session machine drops the tokens at once and carries out the
    // revocation and the navigation itself.
    view! { <button on:click=move |_| auth.sign_out()>"Sign out"</button> }
}
