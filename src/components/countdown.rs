//! A live countdown to a token's expiry, with a bar marking when a refresh is due.

use cognito_auth::time::refresh_due_at;
use cognito_auth::timefmt::{format_duration, format_utc};
use cognito_auth::UnixTime;
use leptos::prelude::*;

/// Time left until `exp`, and a bar from `iat` to `exp` with the refresh point marked.
#[component]
pub fn ExpiryCountdown(
    /// Issue time.
    iat: UnixTime,
    /// Expiry time.
    exp: UnixTime,
    /// The current (server-anchored) time.
    now: Signal<UnixTime>,
) -> impl IntoView {
    let lifetime = exp.seconds_since(iat).max(1);
    let due = refresh_due_at(iat, exp);
    #[allow(
        clippy::cast_precision_loss,
        reason = "token lifetimes are far below 2^52 seconds"
    )]
    let percent = move |t: UnixTime| {
        (t.seconds_since(iat) as f64 / lifetime as f64 * 100.0).clamp(0.0, 100.0)
    };
    let left = move || exp.seconds_since(now.get());
    view! {
        <div class="countdown">
            <p class="countdown-text" aria-live="polite">
                {move || if left() > 0 {
                    format!("Expires in {} (at {})", format_duration(left()), format_utc(exp))
                } else {
                    format!("Expired {} ago (at {})", format_duration(left()), format_utc(exp))
                }}
            </p>
            <div class="bar" role="img" aria-label="Token lifetime: elapsed part, and the point where a refresh is due">
                <div class="bar-elapsed" style:width=move || format!("{:.2}%", percent(now.get()))></div>
                <div class="bar-refresh" style:left=format!("{:.2}%", percent(due)) title="refresh due"></div>
            </div>
            <p class="countdown-note">
                {format!("A refresh is due at {} ({} before expiry). ", format_utc(due), format_duration(exp.seconds_since(due)))}
                "Automatic refresh is not built yet: once the token expires, sign in again."
            </p>
        </div>
    }
}
