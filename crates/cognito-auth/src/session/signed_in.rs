//! Turning checked tokens into the in-memory signed-in session: after the code exchange, after a
//! refresh, and when another tab shares its session.
//!
//! Expiry is judged on Cognito's clock: the drift (`iat` − local receipt time) is measured when
//! tokens come from the token endpoint and applied to `exp`, so a device clock ten minutes off
//! neither refuses fresh tokens nor keeps expired ones. Shared tokens carry the sharing tab's
//! measure, taken when they were fresh.

use crate::error::AuthError;
use crate::inspector::claim_info::value_text;
use crate::inspector::inspect::inspect_jwt;
use crate::protocol::config::Config;
use crate::protocol::pending::PendingSignIn;
use crate::protocol::token::TokenResponse;
use crate::session::lifecycle::TokenTimes;
use crate::session::refresh::{merge_refreshed, verify_refreshed_id_token};
use crate::session::tab_message::SharedSession;
use crate::time::{clock_drift, server_now, UnixTime};
use crate::verify::claims::{
    verify_id_token_claims, IdClaims, IdTokenExpectations, DEFAULT_LEEWAY_SECS,
};
use crate::verify::jwt::decode_jwt;
use serde_json::{Map, Value};

/// A signed-in session. It lives in memory only and is never serialised to storage: its `Debug`
/// shows no token, and only [`SharedSession`] carries it to another tab.
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
    /// The `nonce` the sign-in sent, for the inspector's checklist (refreshed ID tokens carry
    /// none).
    pub nonce: Option<String>,
    /// Cognito's clock minus this device's, measured from the ID token's `iat` at receipt.
    pub clock_drift_secs: i64,
}

impl SignedInSession {
    /// Cognito's idea of the current time, given this device's.
    pub fn server_now(&self, local_now: UnixTime) -> UnixTime {
        server_now(local_now, self.clock_drift_secs)
    }

    /// The times the lifecycle schedules by: the ID token's `iat`/`exp`, and the access
    /// token's own when it is a readable JWT (Cognito's is), else `expires_in` from `iat`.
    pub fn times(&self) -> TokenTimes {
        let id_iat = self.claims.iat.unwrap_or(self.server_now(self.received_at));
        let id_exp = self.claims.exp;
        let access = inspect_jwt(self.tokens.access_token.secret());
        let claim = |name| {
            access
                .payload()
                .and_then(|p| p.get(name))
                .and_then(Value::as_i64)
                .map(UnixTime)
        };
        let access_iat = claim("iat").unwrap_or(id_iat);
        let access_exp = claim("exp").unwrap_or_else(|| {
            self.tokens
                .expires_in
                .map_or(id_exp, |secs| UnixTime(access_iat.0 + secs))
        });
        TokenTimes {
            id_iat,
            id_exp,
            access_iat,
            access_exp,
        }
    }

    /// What another tab needs to adopt this session.
    pub fn share(&self) -> SharedSession {
        SharedSession {
            id_token: self.tokens.id_token.secret().to_owned(),
            access_token: self.tokens.access_token.secret().to_owned(),
            refresh_token: self
                .tokens
                .refresh_token
                .as_ref()
                .map(|t| t.secret().to_owned()),
            expires_in: self.tokens.expires_in,
            nonce: self.nonce.clone(),
            drift_secs: self.clock_drift_secs,
        }
    }
}

/// Checks the ID token and builds the session. `drift` is `None` for tokens straight from the
/// token endpoint (measure it now) and the sharing tab's measure for shared ones.
fn build(
    config: &Config,
    tokens: TokenResponse,
    nonce: Option<&str>,
    drift: Option<i64>,
    now: UnixTime,
) -> Result<SignedInSession, AuthError> {
    let jwt = decode_jwt(tokens.id_token.secret())?;
    let iat = jwt.payload.get("iat").and_then(Value::as_i64).map(UnixTime);
    let clock_drift_secs = drift.unwrap_or_else(|| iat.map_or(0, |iat| clock_drift(iat, now)));
    let expect = IdTokenExpectations {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce,
    };
    let claims = verify_id_token_claims(
        &jwt.payload,
        &expect,
        server_now(now, clock_drift_secs),
        DEFAULT_LEEWAY_SECS,
    )?;
    Ok(SignedInSession {
        tokens,
        claims,
        id_token_claims: jwt.payload,
        received_at: now,
        nonce: nonce.map(str::to_owned),
        clock_drift_secs,
    })
}

/// Checks the ID token from the code exchange against this sign-in and builds the session.
///
/// # Errors
/// [`AuthError::Jwt`] for a malformed ID token, [`AuthError::Claims`] for a failed check.
pub fn establish_session(
    config: &Config,
    tokens: TokenResponse,
    pending: &PendingSignIn,
    now: UnixTime,
) -> Result<SignedInSession, AuthError> {
    build(config, tokens, Some(&pending.nonce), None, now)
}

/// The session after a refresh: the response merged into the tokens held (the refresh token
/// kept unless rotated), the new ID token checked without a nonce and for the same `sub`.
///
/// # Errors
/// [`AuthError::Jwt`] or [`AuthError::Claims`] when the new ID token is refused.
pub fn refreshed_session(
    config: &Config,
    previous: &SignedInSession,
    fresh: TokenResponse,
    now: UnixTime,
) -> Result<SignedInSession, AuthError> {
    let tokens = merge_refreshed(&previous.tokens, fresh);
    let mut session = build(config, tokens, None, None, now)?;
    verify_refreshed_id_token(
        &session.id_token_claims,
        config,
        &previous.claims,
        session.server_now(now),
        DEFAULT_LEEWAY_SECS,
    )?;
    session.nonce = None;
    Ok(session)
}

/// The session another tab shared: the same checks as a refresh (`iss`, `aud`, `token_use`,
/// `exp` on the sharing tab's clock measure), and for the same user when this tab already has
/// one.
///
/// # Errors
/// [`AuthError::Jwt`] or [`AuthError::Claims`] when the shared ID token is refused.
pub fn adopted_session(
    config: &Config,
    shared: SharedSession,
    previous: Option<&SignedInSession>,
    now: UnixTime,
) -> Result<SignedInSession, AuthError> {
    let drift = shared.drift_secs;
    let nonce = shared.nonce.clone();
    let mut session = build(config, shared.into_tokens(), None, Some(drift), now)?;
    if let Some(previous) = previous {
        if previous.claims.sub != session.claims.sub {
            return Err(crate::verify::claims::ClaimsError::SubjectChanged.into());
        }
    }
    session.nonce = nonce;
    Ok(session)
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
    use crate::protocol::secret::{AccessToken, IdToken};
    use crate::verify::jwt::encode_unsigned;
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
        let config = crate::protocol::authorize::tests::test_config();
        let payload = json!({"sub": "u", "iss": config.issuer, "aud": "client1", "token_use": "id",
                             "exp": 5_000, "nonce": "n1", "email": "demo@example.com"});
        let session =
            establish_session(&config, tokens(&payload), &pending(), UnixTime(1_010)).unwrap();
        assert_eq!(session.claims.email.as_deref(), Some("demo@example.com"));
        assert_eq!(session.id_token_claims["sub"], "u");
        assert_eq!(session.nonce.as_deref(), Some("n1"));
        assert_eq!(session.clock_drift_secs, 0, "no iat: no drift measured");
        assert!(!format!("{session:?}").contains(session.tokens.id_token.secret()));
    }

    #[test]
    fn drift_is_measured_from_iat() {
        let config = crate::protocol::authorize::tests::test_config();
        let payload = json!({"sub": "u", "iss": config.issuer, "aud": "client1", "token_use": "id",
                             "exp": 5_000, "iat": 1_000, "nonce": "n1"});
        // This device's clock is 10 s ahead of Cognito's.
        let session =
            establish_session(&config, tokens(&payload), &pending(), UnixTime(1_010)).unwrap();
        assert_eq!(session.clock_drift_secs, -10);
        assert_eq!(session.server_now(UnixTime(1_110)), UnixTime(1_100));
    }

    fn id_payload(config: &Config, sub: &str, iat: i64, life: i64, nonce: Option<&str>) -> Value {
        let mut payload = json!({"sub": sub, "iss": config.issuer, "aud": "client1",
                                 "token_use": "id", "iat": iat, "exp": iat + life});
        if let Some(nonce) = nonce {
            payload["nonce"] = json!(nonce);
        }
        payload
    }

    #[test]
    fn a_device_clock_ten_minutes_off_still_accepts_fresh_tokens() {
        let config = crate::protocol::authorize::tests::test_config();
        for skew in [-600, 600] {
            // 60 s tokens: on the device's own clock they would look expired or far future.
            let payload = id_payload(&config, "u", 1_000, 60, Some("n1"));
            let session = establish_session(
                &config,
                tokens(&payload),
                &pending(),
                UnixTime(1_000 + skew),
            )
            .unwrap();
            assert_eq!(session.clock_drift_secs, -skew);
            assert_eq!(session.times().id_exp, UnixTime(1_060));
        }
    }

    #[test]
    fn a_refresh_keeps_the_refresh_token_and_the_user() {
        let config = crate::protocol::authorize::tests::test_config();
        let mut first = tokens(&id_payload(&config, "u", 1_000, 3_600, Some("n1")));
        first.refresh_token = Some(crate::protocol::secret::RefreshToken::new("r1"));
        let session = establish_session(&config, first, &pending(), UnixTime(1_000)).unwrap();
        let fresh = tokens(&id_payload(&config, "u", 4_000, 3_600, None));
        let refreshed = refreshed_session(&config, &session, fresh, UnixTime(4_005)).unwrap();
        assert_eq!(
            refreshed
                .tokens
                .refresh_token
                .as_ref()
                .map(crate::protocol::secret::RefreshToken::secret),
            Some("r1")
        );
        assert_eq!(refreshed.nonce, None);
        assert_eq!(refreshed.clock_drift_secs, -5);
        let other = tokens(&id_payload(&config, "someone-else", 4_000, 3_600, None));
        assert_eq!(
            refreshed_session(&config, &session, other, UnixTime(4_005)).unwrap_err(),
            AuthError::Claims(crate::verify::claims::ClaimsError::SubjectChanged)
        );
    }

    #[test]
    fn a_shared_session_is_checked_on_the_sharing_tabs_clock() {
        let config = crate::protocol::authorize::tests::test_config();
        let session = establish_session(
            &config,
            tokens(&id_payload(&config, "u", 1_000, 3_600, Some("n1"))),
            &pending(),
            UnixTime(1_600),
        )
        .unwrap();
        let shared = session.share();
        assert_eq!(shared.drift_secs, -600);
        // Fifty minutes later a new tab adopts it: still valid, same drift, same nonce.
        let adopted = adopted_session(&config, shared.clone(), None, UnixTime(4_600)).unwrap();
        assert_eq!(adopted.clock_drift_secs, -600);
        assert_eq!(adopted.nonce.as_deref(), Some("n1"));
        assert_eq!(adopted.times(), session.times());
        // Past its expiry (on Cognito's clock) it is refused.
        assert!(matches!(
            adopted_session(&config, shared, None, UnixTime(1_600 + 3_600 + 121)),
            Err(AuthError::Claims(
                crate::verify::claims::ClaimsError::Expired { .. }
            ))
        ));
    }

    #[test]
    fn a_shared_session_for_another_user_is_refused() {
        let config = crate::protocol::authorize::tests::test_config();
        let mine = establish_session(
            &config,
            tokens(&id_payload(&config, "u", 1_000, 3_600, Some("n1"))),
            &pending(),
            UnixTime(1_000),
        )
        .unwrap();
        let theirs = establish_session(
            &config,
            tokens(&id_payload(&config, "v", 1_000, 3_600, Some("n1"))),
            &pending(),
            UnixTime(1_000),
        )
        .unwrap();
        assert_eq!(
            adopted_session(&config, theirs.share(), Some(&mine), UnixTime(1_001)).unwrap_err(),
            AuthError::Claims(crate::verify::claims::ClaimsError::SubjectChanged)
        );
    }

    #[test]
    fn times_come_from_both_tokens() {
        let config = crate::protocol::authorize::tests::test_config();
        let mut t = tokens(&id_payload(&config, "u", 1_000, 3_600, Some("n1")));
        t.access_token =
            crate::protocol::secret::AccessToken::new(crate::verify::jwt::encode_unsigned(
                &json!({"alg": "RS256"}),
                &json!({"iat": 1_000, "exp": 1_300, "token_use": "access"}),
            ));
        let session = establish_session(&config, t, &pending(), UnixTime(1_000)).unwrap();
        let times = session.times();
        assert_eq!(times.expires(), UnixTime(1_300));
        assert_eq!(times.refresh_due(), UnixTime(1_240));
    }

    #[test]
    fn a_foreign_nonce_is_refused() {
        let config = crate::protocol::authorize::tests::test_config();
        let payload = json!({"sub": "u", "iss": config.issuer, "aud": "client1", "token_use": "id",
                             "exp": 5_000, "nonce": "other"});
        let err =
            establish_session(&config, tokens(&payload), &pending(), UnixTime(1_010)).unwrap_err();
        assert!(matches!(
            err,
            AuthError::Claims(crate::verify::claims::ClaimsError::NonceMismatch)
        ));
    }

    #[test]
    fn a_malformed_id_token_is_refused() {
        let config = crate::protocol::authorize::tests::test_config();
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
