//! Turning a checked token response into the in-memory signed-in session.

use crate::claim_info::value_text;
use crate::claims::{verify_id_token_claims, IdClaims, IdTokenExpectations, DEFAULT_LEEWAY_SECS};
use crate::config::Config;
use crate::error::AuthError;
use crate::jwt::decode_jwt;
use crate::pending::PendingSignIn;
use crate::time::{clock_drift, server_now, UnixTime};
use crate::token::TokenResponse;
use serde_json::{Map, Value};

/// A signed-in session. It lives in memory only and is never serialised: it has no `Serialize`,
/// and its `Debug` shows no token.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedInSession {
    /// The tokens as Cognito issued them.
    pub tokens: TokenResponse,
    /// The checked claims the portal relies on.
    pub claims: IdClaims,
    /// Every claim of the ID token, for display.
    pub id_token_claims: Map<String, Value>,
    /// When the tokens arrived, by this device's clock.
    pub received_at: UnixTime,
    /// The `nonce` this sign-in sent, for the inspector's checklist.
    pub nonce: String,
    /// Cognito's clock minus this device's, measured from the ID token's `iat` at receipt.
    pub clock_drift_secs: i64,
}

impl SignedInSession {
    /// The current time by Cognito's clock, estimated from the device clock and the drift.
    pub fn server_now(&self, local_now: UnixTime) -> UnixTime {
        server_now(local_now, self.clock_drift_secs)
    }
}

/// Decodes the ID token of a code exchange and checks it against this sign-in.
///
/// # Errors
/// [`AuthError::Jwt`] if the ID token is not a JWT, [`AuthError::Claims`] if a check fails.
pub fn establish_session(
    config: &Config,
    tokens: TokenResponse,
    pending: &PendingSignIn,
    now: UnixTime,
) -> Result<SignedInSession, AuthError> {
    let jwt = decode_jwt(tokens.id_token.secret())?;
    let expect = IdTokenExpectations {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce: Some(&pending.nonce),
    };
    let claims = verify_id_token_claims(&jwt.payload, &expect, now, DEFAULT_LEEWAY_SECS)?;
    let clock_drift_secs = claims.iat.map_or(0, |iat| clock_drift(iat, now));
    Ok(SignedInSession {
        tokens,
        claims,
        id_token_claims: jwt.payload,
        received_at: now,
        nonce: pending.nonce.clone(),
        clock_drift_secs,
    })
}

/// The claims as `(name, text)` rows, sorted by name, each value as display text: strings
/// as they are, everything else as compact JSON. The view renders both as text nodes.
pub fn claim_rows(claims: &Map<String, Value>) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = claims
        .iter()
        .map(|(name, value)| (name.clone(), value_text(value)))
        .collect();
    rows.sort();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::encode_unsigned;
    use crate::secret::{AccessToken, IdToken};
    use serde_json::json;

    fn pending() -> PendingSignIn {
        PendingSignIn {
            state: "s".into(),
            nonce: "n1".into(),
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
            return_to: "/".into(),
            created_at: UnixTime(1_000),
        }
    }

    fn tokens(payload: &Value) -> TokenResponse {
        TokenResponse {
            id_token: IdToken::new(encode_unsigned(&json!({"alg": "RS256"}), payload)),
            access_token: AccessToken::new("a"),
            refresh_token: None,
            expires_in: Some(3600),
        }
    }

    #[test]
    fn establishes_a_session_from_a_matching_token() {
        let config = crate::authorize::tests::test_config();
        let payload = json!({"sub": "u", "iss": config.issuer, "aud": "client1", "token_use": "id",
                             "exp": 5_000, "nonce": "n1", "email": "demo@example.com"});
        let session =
            establish_session(&config, tokens(&payload), &pending(), UnixTime(1_010)).unwrap();
        assert_eq!(session.claims.email.as_deref(), Some("demo@example.com"));
        assert_eq!(session.id_token_claims["sub"], "u");
        assert_eq!(session.nonce, "n1");
        assert_eq!(session.clock_drift_secs, 0, "no iat: no drift measured");
        assert!(!format!("{session:?}").contains(session.tokens.id_token.secret()));
    }

    #[test]
    fn drift_is_measured_from_iat() {
        let config = crate::authorize::tests::test_config();
        let payload = json!({"sub": "u", "iss": config.issuer, "aud": "client1", "token_use": "id",
                             "exp": 5_000, "iat": 1_000, "nonce": "n1"});
        // This device's clock is 10 s ahead of Cognito's.
        let session =
            establish_session(&config, tokens(&payload), &pending(), UnixTime(1_010)).unwrap();
        assert_eq!(session.clock_drift_secs, -10);
        assert_eq!(session.server_now(UnixTime(1_110)), UnixTime(1_100));
    }

    #[test]
    fn a_foreign_nonce_is_refused() {
        let config = crate::authorize::tests::test_config();
        let payload = json!({"sub": "u", "iss": config.issuer, "aud": "client1", "token_use": "id",
                             "exp": 5_000, "nonce": "other"});
        let err =
            establish_session(&config, tokens(&payload), &pending(), UnixTime(1_010)).unwrap_err();
        assert!(matches!(
            err,
            AuthError::Claims(crate::claims::ClaimsError::NonceMismatch)
        ));
    }

    #[test]
    fn a_malformed_id_token_is_refused() {
        let config = crate::authorize::tests::test_config();
        let mut t = tokens(&json!({}));
        t.id_token = IdToken::new("not-a-jwt");
        let err = establish_session(&config, t, &pending(), UnixTime(1_010)).unwrap_err();
        assert!(matches!(err, AuthError::Jwt(_)));
    }

    #[test]
    fn rows_are_sorted_text() {
        let claims = json!({"b": "<img src=x>", "a": ["x", "y"], "c": 5, "d": true})
            .as_object()
            .unwrap()
            .clone();
        let rows = claim_rows(&claims);
        assert_eq!(
            rows,
            [
                ("a".to_owned(), "[\"x\",\"y\"]".to_owned()),
                ("b".to_owned(), "<img src=x>".to_owned()),
                ("c".to_owned(), "5".to_owned()),
                ("d".to_owned(), "true".to_owned()),
            ]
        );
    }
}
