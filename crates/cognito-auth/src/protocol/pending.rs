//! The one-round-trip record of a sign-in: what the callback needs to finish it.
//!
//! It is the only thing the portal ever puts in browser storage (sessionStorage, keyed by
//! `state`), and only between leaving for the hosted UI and coming back. The glue deletes it
//! as the callback is handled; a record older than [`PENDING_TTL_SECS`] is ignored.

use crate::protocol::pkce::PkceVerifier;
use crate::time::UnixTime;
use serde::{Deserialize, Serialize};

/// A pending sign-in older than this is refused: ten minutes, twice the life of an
/// authorization code and of a managed-login session.
pub const PENDING_TTL_SECS: i64 = 600;

/// Prefix of the sessionStorage keys; the suffix is the `state` value.
pub const STORAGE_KEY_PREFIX: &str = "cognito-portal.pending.";

/// What one sign-in round trip must remember.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    /// The `state` sent to `/oauth2/authorize`; also the storage key suffix.
    pub state: String,
    /// The `nonce` sent, to compare with the ID token's `nonce` claim.
    pub nonce: String,
    /// The PKCE verifier, sent once to `/oauth2/token`.
    pub verifier: String,
    /// Where to go after signing in: a same-origin path.
    pub return_to: String,
    /// When the round trip started.
    pub created_at: UnixTime,
}

impl std::fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingSignIn")
            .field("return_to", &self.return_to)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

impl PendingSignIn {
    /// The sessionStorage key for this record.
    pub fn storage_key(&self) -> String {
        storage_key(&self.state)
    }

    /// Serialises the record for sessionStorage.
    pub fn to_json(&self) -> String {
        // A struct of strings and an integer always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored record; `None` if it was tampered with or written by another version.
    pub fn from_json(json: &str) -> Option<Self> {
        let record: Self = serde_json::from_str(json).ok()?;
        PkceVerifier::from_stored(&record.verifier)?;
        Some(record)
    }

    /// The verifier, validated.
    pub fn verifier(&self) -> Option<PkceVerifier> {
        PkceVerifier::from_stored(&self.verifier)
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
pub fn storage_key(state: &str) -> String {
    format!("{STORAGE_KEY_PREFIX}{state}")
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
mod tests {
    use super::*;

    fn record() -> PendingSignIn {
        PendingSignIn {
            state: "st".into(),
            nonce: "no".into(),
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
            return_to: "/claims".into(),
            created_at: UnixTime(1_000),
        }
    }

    #[test]
    fn round_trips_through_json() {
        let stored = record().to_json();
        assert_eq!(PendingSignIn::from_json(&stored), Some(record()));
        assert_eq!(record().storage_key(), "cognito-portal.pending.st");
    }

    #[test]
    fn tampered_records_are_ignored() {
        assert_eq!(PendingSignIn::from_json("not json"), None);
        let mut bad = record();
        bad.verifier = "x".into();
        assert_eq!(PendingSignIn::from_json(&bad.to_json()), None);
    }

    #[test]
    fn expires_after_ten_minutes() {
        let r = record();
        assert!(!r.is_expired(UnixTime(1_000 + 600)));
        assert!(r.is_expired(UnixTime(1_000 + 601)));
        assert!(r.is_expired(UnixTime(1_000 - 601)));
    }

    #[test]
    fn debug_hides_the_verifier_and_nonce() {
        let shown = format!("{:?}", record());
        assert!(!shown.contains("dBjf"), "{shown}");
        assert!(!shown.contains("\"no\""), "{shown}");
    }

    #[test]
    fn return_path_stays_on_this_origin() {
        assert_eq!(safe_return_path("/claims?tab=id"), "/claims?tab=id");
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "claims",
            "/callback?code=x",
            "/a\nb",
        ] {
            assert_eq!(safe_return_path(evil), "/", "{evil:?}");
        }
    }
}
