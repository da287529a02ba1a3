//! One claim's value, shown the way it is best read: chips, times, decoded identities or text.

use crate::components::redaction::redacted;
use cognito_auth::inspector::claim_info::{claim_display, ClaimDisplay};
use cognito_auth::inspector::redact::{is_personal, MASK};
use cognito_auth::inspector::timefmt::{format_relative, format_utc};
use cognito_auth::UnixTime;
use leptos::prelude::*;
use leptos_cognito::browser;
use serde_json::Value;

/// Renders a claim value as text nodes only.
#[allow(
    clippy::needless_pass_by_value,
    reason = "Leptos component props are owned values"
)]
#[component]
pub fn ClaimValue(
    /// The claim's name.
    name: String,
    /// The claim's value.
    value: Value,
    /// The current (server-anchored) time, for relative times.
    now: Signal<UnixTime>,
) -> impl IntoView {
    let personal = is_personal(&name);
    let display = claim_display(&name, &value);
    move || {
        if personal && redacted() {
            return view! { <span class="redacted">{MASK}</span> }.into_any();
        }
        match display.clone() {
            ClaimDisplay::Text(text) => view! { <span>{text}</span> }.into_any(),
            ClaimDisplay::Chips(items) => view! {
                <ul class="chips">{items.into_iter().map(|i| view! { <li class="chip">{i}</li> }).collect_view()}</ul>
            }
            .into_any(),
            ClaimDisplay::Time(t) => view! { <TimeValue t now/> }.into_any(),
            ClaimDisplay::Identities(ids) => view! {
                <ul class="identities">
                    {ids.into_iter().map(|id| {
                        let primary = match id.primary { Some(true) => "primary", Some(false) => "not primary", None => "primary: unknown" };
                        let created = id.date_created.map(|t| format!(", linked {}", format_utc(t))).unwrap_or_default();
                        view! { <li>{format!("{} ({}) user {}, {primary}{created}", id.provider_name, id.provider_type, id.user_id)}</li> }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }
    }
}

/// A time as local time, UTC, and relative to now.
#[component]
pub fn TimeValue(
    /// The time.
    t: UnixTime,
    /// The current time.
    now: Signal<UnixTime>,
) -> impl IntoView {
    view! {
        <span class="time">
            <span class="time-local">{browser::format_local(t)}</span>
            <span class="time-utc">{format_utc(t)}</span>
            <span class="time-relative">{move || format_relative(t, now.get())}</span>
            <span class="time-raw">{t.0.to_string()}</span>
        </span>
    }
}
