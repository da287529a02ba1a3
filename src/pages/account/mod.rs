//! `/account`: the signed-in customer looks after their own account (issue #12).
//!
//! Every call goes through the library's account client (`Auth::account`), which takes the
//! access token from the one session the library holds; this page never sees a token. It is
//! its own wasm chunk (`crate::chunks::account`), so neither its code nor the QR encoder is in
//! the first load.
//!
//! One module per job: [`attributes`] (`GetUser`, `UpdateUserAttributes`) with [`email`] (what
//! Cognito did with a new email), [`password`] (`ChangePassword`), [`authenticator`] and [`qr`]
//! (the TOTP app), [`danger`] (`GlobalSignOut`, `DeleteUser`), [`feedback`] (the status line and
//! busy buttons they share), [`user`] (the one `GetUser` load the sections read).

mod attributes;
mod authenticator;
mod code_field;
mod danger;
mod email;
mod feedback;
mod job;
mod password;
mod qr;
mod user;
mod verify_email;

use crate::pages::home::SignInPrompt;
use cognito_auth::session::machine::SignOutReason;
use feedback::{Status, StatusLine};
use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthState};
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// The Account page.
#[component]
pub fn AccountPage() -> impl IntoView {
    let auth = use_auth();
    // Keyed by the user, not the tokens: the refresh after a save must not remount the forms
    // (which would drop what the user is typing and call GetUser again).
    let user = Memo::new(move |_| match auth.state() {
        AuthState::SignedIn(session) => Some(session.claims.sub.clone()),
        _ => None,
    });
    // When the account is deleted or signed out everywhere (here or in another tab), the home
    // page says so. Decided here, not in the card that asked: that card is gone the moment the
    // session ends.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if matches!(
            auth.sign_out_reason(),
            Some(SignOutReason::AccountDeleted { .. } | SignOutReason::SignedOutEverywhere { .. })
        ) {
            let replace = NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            };
            navigate("/", replace);
        }
    });
    move || match user.get() {
        Some(_) => view! { <Account/> }.into_any(),
        None => view! { <SignInPrompt what="your account"/> }.into_any(),
    }
}

#[component]
fn Account() -> impl IntoView {
    Status::provide();
    let account = user::UserLoad::provide();
    view! {
        <section class="card account-intro">
            <h1>"Your account"</h1>
            <p>
                "Change your name, email and password, turn on two-factor sign-in with an "
                "authenticator app, sign out of every device, or delete your account. Each change "
                "is made by Cognito with your own session; nothing here is stored in the browser."
            </p>
            <authenticator::AdminNeedsAuthenticator account/>
            <StatusLine/>
        </section>
        <attributes::AttributesCard account/>
        <password::PasswordCard/>
        <authenticator::AuthenticatorCard account/>
        <danger::DangerCard/>
    }
}
