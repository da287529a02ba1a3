//! The signed-in part of the header (in its own chunk: `crate::chunks::header`).

use crate::components::redaction::{masked, RedactSwitch};
use crate::components::session_badge::SessionBadge;
use crate::pages::home::SignOutButton;
use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthState};

/// Navigation, the session badge, the redaction switch, who is signed in and "Sign out".
#[component]
pub fn SignedInHeader() -> impl IntoView {
    let auth = use_auth();
    move || {
        let AuthState::SignedIn(session) = auth.state() else {
            return ().into_any();
        };
        let who = masked(session.claims.email.clone().unwrap_or_default());
        view! {
            <nav class="links" aria-label="Portal">
                <a href="/">"Home"</a>
                <a href="/tokens">"Tokens"</a>
                <a href="/profile">"Profile"</a>
                <a href="/session">"Session"</a>
                <a href="/analyses">"Analyses"</a>
                <a href="/api-access">"API access"</a>
                <a href="/account">"Account"</a>
            </nav>
            <div class="who">
                <SessionBadge/>
                <RedactSwitch/>
                <span class="who-email">{who}</span>
                <SignOutButton/>
            </div>
        }
        .into_any()
    }
}
