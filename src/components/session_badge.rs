//! The header's session badge: the phase, time left and the next refresh, always in view.

use crate::components::clock::use_ticking_now;
use cognito_auth::inspector::timefmt::format_duration;
use cognito_auth::session::lifecycle::Phase;
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// A compact, live status linking to the Session page.
#[component]
pub fn SessionBadge() -> impl IntoView {
    let auth = use_auth();
    let now = use_ticking_now();
    let text = move || {
        let life = auth.life();
        let now = now.get();
        let left = life
            .secs_left(now)
            .map(|s| {
                if s > 0 {
                    format!("{} left", format_duration(s))
                } else {
                    "expired".to_owned()
                }
            })
            .unwrap_or_default();
        match life.phase {
            Phase::SignedIn => {
                let next = life
                    .refresh_at
                    .map(|at| {
                        format!(
                            " · refresh in {}",
                            format_duration(at.seconds_since(now).max(0))
                        )
                    })
                    .unwrap_or_default();
                ("ok", format!("Signed in · {left}{next}"))
            }
            Phase::Refreshing { .. } => ("busy", format!("Refreshing… · {left}")),
            Phase::Reconnecting { retry_at, .. } => (
                "warn",
                format!(
                    "Reconnecting · retry in {} · {left}",
                    format_duration(retry_at.seconds_since(now).max(0))
                ),
            ),
            Phase::SigningIn(_) => ("busy", "Signing in…".to_owned()),
            Phase::SignedOut { .. } | Phase::Failed(_) => ("off", "Signed out".to_owned()),
        }
    };
    view! {
        <a class=move || format!("session-badge {}", text().0) href="/session" aria-live="polite" data-testid="session-badge">
            {move || text().1}
        </a>
    }
}
