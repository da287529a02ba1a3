//! The header's session badge: the phase, time left and the next refresh, always in view.

use crate::components::clock::use_ticking_now;
use cognito_auth::session::notice::badge;
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// A compact status linking to the Session page. Not a live region: it ticks every second; the
/// session's phase changes are spoken by `SessionAnnouncer` (issue #14).
#[component]
pub fn SessionBadge() -> impl IntoView {
    let auth = use_auth();
    let now = use_ticking_now();
    let text = move || {
        let life = auth.life();
        badge(&life, now.get())
    };
    view! {
        <a class=move || format!("session-badge {}", text().0) href="/session" data-testid="session-badge">
            {move || text().1}
        </a>
    }
}
