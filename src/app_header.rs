//! The signed-in part of the header (in its own chunk: `crate::chunks::header`).

use crate::components::redaction::{masked, RedactSwitch};
use crate::components::session_badge::SessionBadge;
use crate::pages::home::SignOutButton;
use leptos::prelude::*;
use leptos_cognito::use_auth;
use leptos_router::hooks::use_location;

/// Navigation, the session badge, the redaction switch, who is signed in and "Sign out".
///
/// The current page's link says `aria-current="page"` (and the stylesheet marks it). One line
/// per page.
#[component]
pub fn SignedInHeader() -> impl IntoView {
    let auth = use_auth();
    // Keyed by who is signed in, not by the session's every event (a window focus, each step of
    // a refresh): rebuilding would drop the focus on "Sign out" or the switch (issue #14).
    let signed_in_as = Memo::new(move |_| {
        auth.state()
            .tokens()
            .map(|t| t.claims.email.clone().unwrap_or_default())
    });
    move || {
        let Some(email) = signed_in_as.get() else {
            return ().into_any();
        };
        header_bar(email)
    }
}

/// The signed-in header's bar for the user `email`: navigation, badge, switch, who and "Sign out".
/// Its own function so the callback can build it once ahead (`pages::callback`).
pub fn header_bar(email: String) -> AnyView {
    // A long address is cut with an ellipsis (the stylesheet); its whole value is the title,
    // unless redacted.
    let title = {
        let email = email.clone();
        move || (!crate::components::redaction::redacted()).then(|| email.clone())
    };
    let who = masked(email);
    view! {
        <nav class="links" aria-label="Portal">
            {nav_link("/", "Home")}
            {nav_link("/tokens", "Tokens")}
            {nav_link("/profile", "Profile")}
            {nav_link("/session", "Session")}
            {nav_link("/analyses", "Analyses")}
            {nav_link("/api-access", "API access")}
            {nav_link("/account", "Account")}
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

/// A header link that says `aria-current="page"` while its page shows. The portal's routes
/// are exact paths, so an equality does what `leptos_router`'s `<A>` does, without the ~3 KB
/// (gzip) of path resolution and matching `<A>` brought into the sign-in chunk.
fn nav_link(href: &'static str, label: &'static str) -> impl IntoView {
    let path = use_location().pathname;
    view! {
        <a href=href aria-current=move || (path.get() == href).then_some("page")>{label}</a>
    }
}
