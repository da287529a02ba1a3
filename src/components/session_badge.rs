//! The header's session badge: the phase, time left and the next refresh, always in view.

use crate::components::clock::use_ticking_now;
use cognito_auth::session::notice::badge;
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// A compact, live status linking to the Session page.
#[component]
pub fn SessionBadge() -> impl IntoView {
    let auth = use_auth();
    let now = use_ticking_now();
    let text = move || {
        let life = auth.life();
        badge(&life, now.get())
    };
    view! {
        <a class=move || format!("session-badge {}", text().0) href="/session" aria-live="polite" data-testid="session-badge">
            {move || text().1}
        </a>
    }
}
