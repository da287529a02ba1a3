//! The one-round-trip store: sessionStorage holds the pending sign-in between leaving for the
//! hosted UI and handling the callback, and, between leaving through `/logout` and the landing,
//! the one-word reason for it ([`cognito_auth::session::signed_out_marker`]); nothing else, ever.
//!
//! This is the only module allowed to touch Web Storage (`tests/tidy.rs` enforces it).

use cognito_auth::protocol::config::Config;
use cognito_auth::protocol::pending::{storage_key, PendingSignIn, STORAGE_KEY_PREFIX};
use cognito_auth::protocol::pkce::State;
use cognito_auth::session::machine::SignOutReason;
use cognito_auth::session::signed_out_marker::{marker_value, MARKER_KEY};
use cognito_auth::{AuthError, UnixTime};
use web_sys::Storage;

fn session_storage() -> Result<Storage, AuthError> {
    storage().ok_or_else(|| AuthError::Browser {
        what: "use session storage",
        detail: "sessionStorage is unavailable".into(),
    })
}

/// sessionStorage, when the browser gives it, for the readers that have nothing to report when
/// it is missing ([`take`]).
fn storage() -> Option<Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Stores a pending sign-in under its `state`, with the code exchange its callback sends under
/// `config` (the boot script sends it, `js/early_exchange.js`).
///
/// # Errors
/// [`AuthError::Browser`] when sessionStorage is unavailable or full.
pub fn save(record: &PendingSignIn, config: &Config) -> Result<(), AuthError> {
    session_storage()?
        .set_item(&record.storage_key(), &record.to_json(config))
        .map_err(|_| AuthError::Browser {
            what: "remember the sign-in for the round trip",
            detail: "sessionStorage refused the write".into(),
        })
}

/// Removes and returns the pending sign-in for `state`: reading it consumes it, so a callback
/// can be handled once only.
pub fn take(state: &State) -> Option<PendingSignIn> {
    let storage = storage()?;
    let key = storage_key(state);
    let stored = storage.get_item(&key).ok().flatten();
    let _ = storage.remove_item(&key);
    stored.as_deref().and_then(PendingSignIn::from_json)
}

/// Deletes pending sign-ins that expired or cannot be read (abandoned round trips).
pub fn purge_stale(now: UnixTime) {
    let Ok(storage) = session_storage() else {
        return;
    };
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(STORAGE_KEY_PREFIX))
        .collect();
    for key in keys {
        let keep = storage
            .get_item(&key)
            .ok()
            .flatten()
            .and_then(|json| PendingSignIn::from_json(&json))
            .is_some_and(|record| !record.is_expired(now));
        if !keep {
            let _ = storage.remove_item(&key);
        }
    }
}

/// Leaves the reason for this tab's landing, just before leaving through `/logout` (only the
/// two endings that have a marker write one). Best effort: without it the landing gives the
/// general words.
pub fn leave_signed_out_reason(reason: &SignOutReason) {
    if let (Some(value), Ok(storage)) = (marker_value(reason), session_storage()) {
        let _ = storage.set_item(MARKER_KEY, value);
    }
}

/// Removes and returns the marker a `/logout` left, as found: untrusted (any script on the origin
/// can write it), so read it with
/// [`cognito_auth::session::signed_out_marker::marker_words`], which knows only the two values
/// written. Lean on purpose: the landing calls it, in the first load.
pub fn take_signed_out_marker() -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let value = storage.get_item(MARKER_KEY).ok()?;
    let _ = storage.remove_item(MARKER_KEY);
    value
}
