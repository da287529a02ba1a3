//! The pool's signing keys (`/.well-known/jwks.json`) and when to fetch them again.
//!
//! Cognito signs ID and access tokens with different keys and rotates them. Like aws-jwt-verify,
//! the portal fetches the JWKS once, and again only when a token names an unknown `kid`, at most
//! once per [`REFETCH_MIN_INTERVAL_SECS`] (its "penalty box"), so a forged `kid` cannot make the
//! page hammer the endpoint.

use crate::time::UnixTime;
use serde_json::{Map, Value};

/// Minimum seconds between two fetches of the JWKS.
pub const REFETCH_MIN_INTERVAL_SECS: i64 = 10;

/// One public key, as a JWK (RFC 7517).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jwk {
    /// Key id, matched against the token header's `kid`.
    pub kid: String,
    /// Key type: `RSA` for Cognito.
    pub kty: String,
    /// Algorithm: `RS256` for Cognito.
    pub alg: Option<String>,
    /// Intended use: `sig`.
    pub key_use: Option<String>,
    /// RSA modulus, base64url.
    pub n: String,
    /// RSA exponent, base64url.
    pub e: String,
}

/// A key set.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Parses a JWKS document: a `keys` array whose members have a string `kid` and `kty`, and may
/// have a string `alg`, `use`, `n` and `e` (a missing `n` or `e` is empty; other members are
/// ignored).
///
/// Read as a JSON value, as the tokens are (`crate::verify::jwt`), not by a derived
/// deserializer: one JSON reader in the wasm instead of two, and the keys, which arrive during
/// the token request's round trip, run that reader's code before the tokens need it (issue #11).
///
/// # Errors
/// What is wrong with the body, in plain words.
pub fn parse_jwks(body: &str) -> Result<Jwks, String> {
    let document: Value = serde_json::from_slice(body.as_bytes()).map_err(|e| e.to_string())?;
    let keys = document
        .get("keys")
        .and_then(Value::as_array)
        .ok_or("the key set has no `keys` array")?;
    let keys = keys
        .iter()
        .map(|key| {
            key.as_object()
                .ok_or_else(|| "a key is not a JSON object".to_owned())
                .and_then(jwk)
        })
        .collect::<Result<_, _>>()?;
    Ok(Jwks { keys })
}

/// One key of a JWKS.
fn jwk(key: &Map<String, Value>) -> Result<Jwk, String> {
    Ok(Jwk {
        kid: member(key, "kid")?.ok_or("a key has no `kid`")?,
        kty: member(key, "kty")?.ok_or("a key has no `kty`")?,
        alg: member(key, "alg")?,
        key_use: member(key, "use")?,
        n: member(key, "n")?.unwrap_or_default(),
        e: member(key, "e")?.unwrap_or_default(),
    })
}

/// A key's string member `name`; `None` when it is missing or null, an error when it is not a
/// string.
fn member(key: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match key.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("a key's `{name}` is not a string")),
    }
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
    fn a_malformed_key_set_is_refused_with_what_is_wrong() {
        let refused = |body: &str| parse_jwks(body).unwrap_err();
        assert_eq!(
            refused(r#"{"keys": {}}"#),
            "the key set has no `keys` array"
        );
        assert_eq!(refused(r#"{"keys": [1]}"#), "a key is not a JSON object");
        assert_eq!(
            refused(r#"{"keys": [{"kty": "RSA"}]}"#),
            "a key has no `kid`"
        );
        assert_eq!(
            refused(r#"{"keys": [{"kid": "k", "kty": "RSA", "n": 5}]}"#),
            "a key's `n` is not a string"
        );
        assert!(refused("not json").contains("expected"));
        // Optional members may be missing or null; unknown ones are ignored.
        let jwks = parse_jwks(r#"{"keys": [{"kid": "k", "kty": "RSA", "alg": null, "x5c": []}]}"#)
            .unwrap();
        assert_eq!(
            jwks.keys,
            [Jwk {
                kid: "k".into(),
                kty: "RSA".into(),
                alg: None,
                key_use: None,
                n: String::new(),
                e: String::new(),
            }]
        );
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
