//! PKCE (RFC 7636) and the other one-round-trip random values: `state` and `nonce`.
//!
//! Cognito supports only the `S256` method. The caller draws the random bytes
//! (`crypto.getRandomValues`) and computes SHA-256 (`crypto.subtle.digest`); this module only
//! encodes, so it needs no hashing crate in the wasm build.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Bytes of randomness behind a verifier: 32 bytes give the 43-character minimum of RFC 7636 §4.1.
pub const VERIFIER_BYTES: usize = 32;
/// Bytes of randomness behind `state` and `nonce`: 128 bits, as the issue requires at least.
pub const STATE_BYTES: usize = 16;

/// The PKCE code verifier: kept for one round trip, sent once to the token endpoint.
///
/// Its `Debug` output is redacted: with the verifier, a stolen authorization code can be
/// exchanged for tokens.
#[derive(Clone, PartialEq, Eq)]
pub struct PkceVerifier(String);

impl PkceVerifier {
    /// Encodes 32 random bytes as base64url without padding (43 characters).
    pub fn from_random(bytes: &[u8; VERIFIER_BYTES]) -> Self {
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Restores a verifier read back from the one-round-trip store.
    pub fn from_stored(value: &str) -> Option<Self> {
        let valid = (43..=128).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        valid.then(|| Self(value.to_owned()))
    }

    /// The verifier as sent in `code_verifier`.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PkceVerifier([redacted])")
    }
}

/// The `S256` code challenge: `BASE64URL(SHA256(verifier))`, no padding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PkceChallenge(String);

impl PkceChallenge {
    /// Encodes the SHA-256 digest of the verifier's ASCII bytes.
    pub fn from_sha256(digest: &[u8; 32]) -> Self {
        Self(URL_SAFE_NO_PAD.encode(digest))
    }

    /// The value of the `code_challenge` parameter.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Encodes the random bytes behind `state` and `nonce`: base64url without padding, so that
/// Cognito's `state` double-encoding quirk has nothing to encode.
fn random_token(bytes: &[u8; STATE_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Compares two values in time that depends on their lengths only, not on where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `state` of one sign-in round trip: sent to `/oauth2/authorize`, echoed on the callback,
/// and the key the pending record is stored under.
///
/// A type of its own so that it cannot be passed where the [`Nonce`] is expected, and so that
/// its `Debug` output is redacted: whoever holds a pending `state` can finish that sign-in
/// with a stolen code.
#[derive(Clone, PartialEq, Eq)]
pub struct State(String);

impl State {
    /// Encodes 16 random bytes (128 bits) as base64url without padding (22 characters).
    pub fn from_random(bytes: &[u8; STATE_BYTES]) -> Self {
        Self(random_token(bytes))
    }

    /// A `state` as received (the callback's query) or read back (the pending record). It is
    /// not validated: it is only ever compared with one this tab generated, and looked up.
    pub fn from_received(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value, for the authorize URL and the storage key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` is the same `state`, compared in constant time.
    pub fn matches(&self, other: &Self) -> bool {
        constant_time_eq(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("State([redacted])")
    }
}

/// The `nonce` of one sign-in round trip: sent to `/oauth2/authorize`, and expected back as
/// the ID token's `nonce` claim (OpenID Connect Core §3.1.3.7), which ties the token to this
/// sign-in and defeats replay.
///
/// A type of its own so that it cannot be swapped with the [`State`]; its `Debug` output is
/// redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Nonce(String);

impl Nonce {
    /// Encodes 16 random bytes (128 bits) as base64url without padding (22 characters).
    pub fn from_random(bytes: &[u8; STATE_BYTES]) -> Self {
        Self(random_token(bytes))
    }

    /// A `nonce` read back from where this tab kept it (the pending record).
    pub fn from_stored(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value, for the authorize URL and for comparing with the ID token's claim.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the ID token's `nonce` claim is this nonce, compared in constant time.
    pub fn matches(&self, claim: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), claim.as_bytes())
    }
}

impl std::fmt::Debug for Nonce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Nonce([redacted])")
    }
}

#[cfg(test)]
#[path = "pkce_tests.rs"]
mod tests;
