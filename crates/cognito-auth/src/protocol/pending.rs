//! The one-round-trip record of a sign-in: what the callback needs to finish it.
//!
//! It is the only thing the portal ever puts in browser storage (sessionStorage, keyed by
//! `state`), and only between leaving for the hosted UI and coming back. The glue deletes it
//! as the callback is handled; a record older than [`PENDING_TTL_SECS`] is ignored.

use crate::protocol::config::Config;
use crate::protocol::early_exchange::ExchangeTemplate;
use crate::protocol::json_text::{self, JsonValue};
use crate::protocol::pkce::{Nonce, PkceVerifier, State};
use crate::time::UnixTime;
use serde::Serialize;

/// A pending sign-in older than this is refused: ten minutes, twice the life of an
/// authorization code and of a managed-login session.
pub const PENDING_TTL_SECS: i64 = 600;

/// Prefix of the sessionStorage keys; the suffix is the `state` value.
pub const STORAGE_KEY_PREFIX: &str = "cognito-portal.pending.";

/// What one sign-in round trip must remember.
///
/// `state`, `nonce` and the verifier each have their own type, so they cannot be swapped, and
/// each redacts itself in `Debug`, so this record's `Debug` shows none of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSignIn {
    /// The `state` sent to `/oauth2/authorize`; also the storage key suffix.
    pub state: State,
    /// The `nonce` sent, to compare with the ID token's `nonce` claim.
    pub nonce: Nonce,
    /// The PKCE verifier, sent once to `/oauth2/token`.
    pub verifier: PkceVerifier,
    /// Where to go after signing in: a same-origin path.
    pub return_to: String,
    /// When the round trip started.
    pub created_at: UnixTime,
}

/// The record as sessionStorage holds it: plain strings, the same JSON as before the values
/// had types of their own, so a round trip started by the previous version still finishes.
/// Written with serde (at sign-in, in the signed-in chunk); read by [`PendingSignIn::from_json`]
/// with the first load's own JSON reader.
///
/// `exchange_url` and `exchange_body` are the [`ExchangeTemplate`] the boot script sends on the
/// callback; the portal never reads them back (it compares what was sent with its own request,
/// [`crate::protocol::early_exchange::adopts`]), so a record without them still finishes.
#[derive(Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
struct Stored {
    state: String,
    nonce: String,
    verifier: String,
    return_to: String,
    created_at: UnixTime,
    #[cfg_attr(test, serde(default))]
    exchange_url: String,
    #[cfg_attr(test, serde(default))]
    exchange_body: String,
}

impl PendingSignIn {
    /// The sessionStorage key for this record.
    pub fn storage_key(&self) -> String {
        storage_key(&self.state)
    }

    /// Serialises the record for sessionStorage, with the code exchange its callback will send
    /// under `config` (the [`ExchangeTemplate`]).
    pub fn to_json(&self, config: &Config) -> String {
        let exchange = ExchangeTemplate::new(config, &self.verifier);
        let stored = Stored {
            state: self.state.as_str().to_owned(),
            nonce: self.nonce.as_str().to_owned(),
            verifier: self.verifier.secret().to_owned(),
            return_to: self.return_to.clone(),
            created_at: self.created_at,
            exchange_url: exchange.url,
            exchange_body: exchange.body_head,
        };
        // A struct of strings and an integer always serialises.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads a stored record; `None` if it was tampered with or written by another version.
    ///
    /// Read with [`json_text`], the reader the config is read with (serde's derive would add a
    /// second one for five members). It accepts what serde's derive accepted (a test compares
    /// the two on mutated records): an object with the five members (others, such as the
    /// boot script's `exchange_url` and `exchange_body`, ignored; none twice), four strings and
    /// an integer.
    pub fn from_json(json: &str) -> Option<Self> {
        let JsonValue::Object(members) = json_text::parse(json).ok()? else {
            return None;
        };
        let member = |name: &str| members.iter().find(|(key, _)| key == name).map(|(_, v)| v);
        let text = |name: &str| match member(name)? {
            JsonValue::String(value) => Some(value.as_str()),
            _ => None,
        };
        let created_at = member("created_at")?.as_i64()?;
        Some(Self {
            state: State::from_received(text("state")?),
            nonce: Nonce::from_stored(text("nonce")?),
            verifier: PkceVerifier::from_stored(text("verifier")?)?,
            return_to: text("return_to")?.to_owned(),
            created_at: UnixTime(created_at),
        })
    }

    /// Seconds since the round trip started.
    pub fn age(&self, now: UnixTime) -> i64 {
        now.seconds_since(self.created_at)
    }

    /// Whether the record is too old (or from the future, which a clock jump can cause) to trust.
    pub fn is_expired(&self, now: UnixTime) -> bool {
        let age = self.age(now);
        !(-PENDING_TTL_SECS..=PENDING_TTL_SECS).contains(&age)
    }
}

/// The sessionStorage key for a `state` value.
pub fn storage_key(state: &State) -> String {
    format!("{STORAGE_KEY_PREFIX}{}", state.as_str())
}

/// Keeps the return path on this origin: anything but a plain absolute path becomes `/`, so a
/// crafted `return_to` can never become an open redirect, and the callback never returns to itself.
pub fn safe_return_path(path: &str) -> String {
    let plain = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(char::is_control);
    let is_callback =
        path == "/callback" || path.starts_with("/callback?") || path.starts_with("/callback/");
    if plain && !is_callback {
        path.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
#[path = "pending_tests.rs"]
mod tests;
