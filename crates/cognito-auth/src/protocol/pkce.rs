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

/// An unguessable one-time value (`state` or `nonce`), base64url without padding so that
/// Cognito's `state` double-encoding quirk has nothing to encode.
pub fn random_token(bytes: &[u8; STATE_BYTES]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    /// RFC 7636 Appendix B: the octets of the example verifier.
    const RFC_VERIFIER_OCTETS: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];

    #[test]
    fn rfc7636_appendix_b_vector() {
        let verifier = PkceVerifier::from_random(&RFC_VERIFIER_OCTETS);
        assert_eq!(
            verifier.secret(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        let digest: [u8; 32] = Sha256::digest(verifier.secret().as_bytes()).into();
        let challenge = PkceChallenge::from_sha256(&digest);
        assert_eq!(
            challenge.as_str(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn stored_verifier_is_validated() {
        let good = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(PkceVerifier::from_stored(good).unwrap().secret(), good);
        assert!(PkceVerifier::from_stored("short").is_none());
        assert!(PkceVerifier::from_stored(&"a".repeat(129)).is_none());
        assert!(PkceVerifier::from_stored(&format!("{}=", &good[..43])).is_none());
    }

    #[test]
    fn tokens_carry_128_bits_url_safe() {
        let token = random_token(&[0xff; STATE_BYTES]);
        assert_eq!(token.len(), 22);
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_ne!(random_token(&[0; STATE_BYTES]), token);
    }

    #[test]
    fn verifier_debug_is_redacted() {
        let verifier = PkceVerifier::from_random(&RFC_VERIFIER_OCTETS);
        assert_eq!(format!("{verifier:?}"), "PkceVerifier([redacted])");
    }
}
