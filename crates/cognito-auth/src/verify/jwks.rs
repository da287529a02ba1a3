//! The pool's signing keys (`/.well-known/jwks.json`) and when to fetch them again.
//!
//! Cognito signs ID and access tokens with different keys and rotates them. Like aws-jwt-verify,
//! the portal fetches the JWKS once, and again only when a token names an unknown `kid`, at most
//! once per [`REFETCH_MIN_INTERVAL_SECS`] (its "penalty box"), so a forged `kid` cannot make the
//! page hammer the endpoint.

use crate::time::UnixTime;
use serde::Deserialize;

/// Minimum seconds between two fetches of the JWKS.
pub const REFETCH_MIN_INTERVAL_SECS: i64 = 10;

/// One public key, as a JWK (RFC 7517).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Jwk {
    /// Key id, matched against the token header's `kid`.
    pub kid: String,
    /// Key type: `RSA` for Cognito.
    pub kty: String,
    /// Algorithm: `RS256` for Cognito.
    #[serde(default)]
    pub alg: Option<String>,
    /// Intended use: `sig`.
    #[serde(default, rename = "use")]
    pub key_use: Option<String>,
    /// RSA modulus, base64url.
    #[serde(default)]
    pub n: String,
    /// RSA exponent, base64url.
    #[serde(default)]
    pub e: String,
}

/// A key set.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The key with this `kid`.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid == kid)
    }
}

/// Parses a JWKS document.
///
/// # Errors
/// serde's message when the body is not a JWKS.
pub fn parse_jwks(body: &str) -> Result<Jwks, String> {
    serde_json::from_str(body).map_err(|e| e.to_string())
}

/// The cached key set and when it was fetched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JwksCache {
    /// The last key set fetched successfully.
    pub jwks: Option<Jwks>,
    /// When the last fetch was attempted (success or not).
    pub fetched_at: Option<UnixTime>,
}

impl JwksCache {
    /// Whether to fetch the JWKS before checking a token with `kid`: when nothing is cached, or
    /// the `kid` is unknown and the last fetch is old enough.
    pub fn should_fetch(&self, kid: Option<&str>, now: UnixTime) -> bool {
        let old_enough = self
            .fetched_at
            .is_none_or(|at| now.seconds_since(at) >= REFETCH_MIN_INTERVAL_SECS);
        match (&self.jwks, kid) {
            (None, _) => old_enough,
            (Some(jwks), Some(kid)) => jwks.find(kid).is_none() && old_enough,
            (Some(_), None) => false,
        }
    }

    /// Records a fetch attempt; a failed fetch keeps the previous keys.
    pub fn record_fetch(&mut self, result: Option<Jwks>, now: UnixTime) {
        self.fetched_at = Some(now);
        if let Some(jwks) = result {
            self.jwks = Some(jwks);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const COGNITO_JWKS: &str = r#"{"keys": [
        {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "id-key", "n": "0jeY", "e": "AQAB"},
        {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "access-key", "n": "3xRv", "e": "AQAB"}]}"#;

    #[test]
    fn parses_cognito_jwks() {
        let jwks = parse_jwks(COGNITO_JWKS).unwrap();
        assert_eq!(jwks.keys.len(), 2);
        assert_eq!(
            jwks.find("access-key").unwrap().key_use.as_deref(),
            Some("sig")
        );
        assert!(jwks.find("nope").is_none());
        assert!(parse_jwks("{}").is_err());
    }

    #[test]
    fn fetches_once_then_only_for_unknown_kids_rate_limited() {
        let mut cache = JwksCache::default();
        assert!(cache.should_fetch(Some("id-key"), UnixTime(100)));
        cache.record_fetch(parse_jwks(COGNITO_JWKS).ok(), UnixTime(100));
        assert!(
            !cache.should_fetch(Some("id-key"), UnixTime(101)),
            "known kid: cached"
        );
        assert!(
            !cache.should_fetch(Some("rotated"), UnixTime(105)),
            "unknown kid within 10 s: no refetch"
        );
        assert!(
            cache.should_fetch(Some("rotated"), UnixTime(110)),
            "unknown kid after 10 s: refetch"
        );
        cache.record_fetch(None, UnixTime(110));
        assert!(cache.jwks.is_some(), "a failed refetch keeps the keys");
        assert!(!cache.should_fetch(Some("rotated"), UnixTime(115)));
    }

    #[test]
    fn an_unreachable_jwks_is_retried_after_the_interval() {
        let mut cache = JwksCache::default();
        cache.record_fetch(None, UnixTime(100));
        assert!(!cache.should_fetch(Some("k"), UnixTime(105)));
        assert!(cache.should_fetch(Some("k"), UnixTime(110)));
    }
}
