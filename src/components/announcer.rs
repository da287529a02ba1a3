//! The session's one live region (issue #14): it speaks when the session's phase changes
//! (refreshing, reconnecting, signed out and why), in the core's words
//! (`cognito_auth::session::notice::announcement`), and at no other time. Countdowns on the page
//! are visual only: a region that changes every second interrupts a screen reader every second.

use cognito_auth::session::notice::{announcement, Heard};
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// A polite, visually hidden status that exists from the start (empty), so its first sentence is
/// read; it is never removed while the portal runs.
#[component]
pub fn SessionAnnouncer() -> impl IntoView {
    let auth = use_auth();
    let said = RwSignal::new(String::new());
    let heard = StoredValue::new(None::<Heard>);
    Effect::new(move |_| {
        let phase = auth.life().phase;
        if let Some(sentence) = announcement(heard.get_value(), &phase) {
            said.set(sentence);
        }
        heard.set_value(Heard::after(heard.get_value(), &phase));
    });
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="session-announcer">
            {move || said.get()}
        </p>
    }
}
