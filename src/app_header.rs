//! The signed-in part of the header (in its own chunk: `crate::chunks::header`).

use crate::components::redaction::{masked, RedactSwitch};
use crate::components::session_badge::SessionBadge;
use crate::pages::home::SignOutButton;
use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthState};
use leptos_router::components::A;

/// Navigation, the session badge, the redaction switch, who is signed in and "Sign out".
///
/// The links are leptos_router's `<A>`: the current page's link says `aria-current="page"`
/// (and the stylesheet marks it). One line per page.
#[component]
pub fn SignedInHeader() -> impl IntoView {
    let auth = use_auth();
    move || {
        let AuthState::SignedIn(session) = auth.state() else {
            return ().into_any();
        };
        let email = session.claims.email.clone().unwrap_or_default();
        // A long address is cut with an ellipsis (the stylesheet); its whole value is the title,
        // unless redacted.
        let title = {
            let email = email.clone();
            move || (!crate::components::redaction::redacted()).then(|| email.clone())
        };
        let who = masked(email);
        view! {
            <nav class="links" aria-label="Portal">
                <A href="/" exact=true>"Home"</A>
                <A href="/tokens">"Tokens"</A>
                <A href="/profile">"Profile"</A>
                <A href="/session">"Session"</A>
                <A href="/api-access">"API access"</A>
                <A href="/account">"Account"</A>
            </nav>
            <div class="who">
                <SessionBadge/>
                <RedactSwitch/>
                <span class="who-email" title=title>{who}</span>
                <SignOutButton/>
            </div>
        }
        .into_any()
    }
}
