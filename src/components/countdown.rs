//! A live countdown to a token's expiry, with a bar marking when a refresh is due.

use cognito_auth::inspector::timefmt::{format_duration, format_utc};
use cognito_auth::time::refresh_due_at;
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
    // Integer basis points: formatting a float would pull core's float printer (~10 KB) into
    // the wasm for one progress bar.
    let percent = move |t: UnixTime| {
        let basis_points =
            (t.seconds_since(iat).saturating_mul(10_000) / lifetime).clamp(0, 10_000);
        format!("{}.{:02}%", basis_points / 100, basis_points % 100)
    };
    let due_position = percent(due);
    let left = move || exp.seconds_since(now.get());
    view! {
        <div class="countdown">
            <p class="countdown-text">
                {move || if left() > 0 {
                    format!("Expires in {} (at {})", format_duration(left()), format_utc(exp))
                } else {
                    format!("Expired {} ago (at {})", format_duration(left()), format_utc(exp))
                }}
            </p>
            <div class="bar" role="img" aria-label="Token lifetime: elapsed part, and the point where a refresh is due">
                <div class="bar-elapsed" style:width=move || percent(now.get())></div>
                <div class="bar-refresh" style:left=due_position title="refresh due"></div>
            </div>
            <p class="countdown-note">
                {format!("A refresh is due at {} ({} before expiry). ", format_utc(due), format_duration(exp.seconds_since(due)))}
                "The portal refreshes the tokens then by itself; the Session page shows each refresh."
            </p>
        </div>
    }
}
