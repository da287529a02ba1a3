//! A clock signal that ticks every second while the component using it is mounted.

use cognito_auth::UnixTime;
use leptos::prelude::*;
use leptos_cognito::browser;
use std::time::Duration;

/// The device time, updated once a second; the interval is cleared on unmount.
pub fn use_ticking_now() -> ReadSignal<UnixTime> {
    let (now, set_now) = signal(browser::now());
    if let Ok(handle) =
        set_interval_with_handle(move || set_now.set(browser::now()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    now
}
