//! Refreshing tokens at `/oauth2/token` with `grant_type=refresh_token`: the pure rules.
//!
//! The request body, how a response is merged into the tokens held, how a refreshed ID token is
//! checked, how a failure is classified, and how long to wait before retrying. The schedule is
//! [`crate::session::lifecycle`]'s.

use crate::error::{parse_oauth_error, OAuthError};
use crate::protocol::config::Config;
use crate::protocol::form::encode_pairs;
use crate::protocol::secret::RefreshToken;
use crate::protocol::token::TokenResponse;
use crate::time::UnixTime;
use crate::verify::claims::{verify_id_token_claims, ClaimsError, IdClaims, IdTokenExpectations};
use serde_json::{Map, Value};

/// Longest wait between two retries of a failed refresh.
pub const MAX_BACKOFF_SECS: i64 = 60;

/// The form body of a refresh from a public client.
pub fn refresh_body(config: &Config, refresh_token: &RefreshToken) -> String {
    encode_pairs(&[
        ("grant_type", "refresh_token"),
        ("client_id", &config.client_id),
        ("refresh_token", refresh_token.secret()),
    ])
}

/// Merges a refresh response into the tokens held. Cognito returns no refresh token unless
/// rotation is on: the one held stays valid and must be kept (dropping it is the bug that ends
/// sessions in several Rust clients). With rotation, the new one replaces it.
pub fn merge_refreshed(previous: &TokenResponse, fresh: TokenResponse) -> TokenResponse {
    TokenResponse {
        refresh_token: fresh
            .refresh_token
            .or_else(|| previous.refresh_token.clone()),
        ..fresh
    }
}

/// Checks a refreshed ID token: `iss`, `aud`, `token_use` and `exp` as at sign-in, and the same
/// `sub`. There is no `nonce` on refresh, and `auth_time` is not compared (the local emulator
/// changes it on refresh, see docs/local-aws.md; Cognito keeps it).
///
/// # Errors
/// The first failed check.
pub fn verify_refreshed_id_token(
    payload: &Map<String, Value>,
    config: &Config,
    previous: &IdClaims,
    now: UnixTime,
    leeway_secs: i64,
) -> Result<IdClaims, ClaimsError> {
    let expect = IdTokenExpectations {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce: None,
    };
    let claims = verify_id_token_claims(payload, &expect, now, leeway_secs)?;
    if claims.sub != previous.sub {
        return Err(ClaimsError::SubjectChanged);
    }
    Ok(claims)
}

/// What a failed refresh means for the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshFailure {
    /// The refresh token is revoked or expired (`invalid_grant`) or the client is gone: the
    /// session is over, sign in again.
    SessionEnded(OAuthError),
    /// A passing problem (5xx, 429, a proxy error, a timeout, offline): stay signed in and retry.
    Transient {
        /// The HTTP status, or 0 when no answer arrived.
        status: u16,
    },
}

/// Classifies the token endpoint's answer to a refresh that did not succeed.
pub fn classify_refresh_failure(status: u16, body: &str) -> RefreshFailure {
    match (status, parse_oauth_error(body)) {
        (400 | 401, Some(error))
            if matches!(
                error.code.as_str(),
                "invalid_grant" | "invalid_client" | "unauthorized_client"
            ) =>
        {
            RefreshFailure::SessionEnded(error)
        }
        _ => RefreshFailure::Transient { status },
    }
}

/// Seconds to wait before retry number `attempt` (0-based): 1, 2, 4, … capped at
/// [`MAX_BACKOFF_SECS`], then spread by `jitter` (a random number in `[0, 1)`) over the upper
/// half, so tabs and clients that failed together do not retry together.
pub fn backoff_secs(attempt: u32, jitter: f64) -> i64 {
    let base = 1_i64
        .checked_shl(attempt.min(16))
        .unwrap_or(i64::MAX)
        .min(MAX_BACKOFF_SECS);
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "small positive values"
    )]
    let spread = (base as f64 / 2.0 * jitter.clamp(0.0, 1.0)).floor() as i64;
    (base / 2 + spread).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::secret::{AccessToken, IdToken};
    use serde_json::json;

    fn tokens(refresh: Option<&str>) -> TokenResponse {
        TokenResponse {
            id_token: IdToken::new("i"),
            access_token: AccessToken::new("a"),
            refresh_token: refresh.map(RefreshToken::new),
            expires_in: Some(3600),
        }
    }

    #[test]
    fn refresh_body_is_a_public_client_grant() {
        let config = crate::protocol::authorize::tests::test_config();
        assert_eq!(
            refresh_body(&config, &RefreshToken::new("r/1")),
            "grant_type=refresh_token&client_id=client1&refresh_token=r%2F1"
        );
    }

    #[test]
    fn a_response_without_refresh_token_keeps_the_old_one() {
        let merged = merge_refreshed(&tokens(Some("old")), tokens(None));
        assert_eq!(merged.refresh_token.unwrap().secret(), "old");
    }

    #[test]
    fn a_rotated_refresh_token_replaces_the_old_one() {
        let merged = merge_refreshed(&tokens(Some("old")), tokens(Some("new")));
        assert_eq!(merged.refresh_token.unwrap().secret(), "new");
    }

    #[test]
    fn a_refreshed_id_token_needs_no_nonce_but_the_same_user() {
        let config = crate::protocol::authorize::tests::test_config();
        let previous = IdClaims {
            sub: "u1".into(),
            email: None,
            display_name: None,
            groups: vec![],
            exp: UnixTime(0),
            iat: None,
        };
        let payload = |sub: &str| {
            json!({"iss": config.issuer, "aud": "client1", "token_use": "id", "exp": 5_000, "sub": sub, "auth_time": 99})
            .as_object().unwrap().clone()
        };
        assert!(verify_refreshed_id_token(
            &payload("u1"),
            &config,
            &previous,
            UnixTime(1_000),
            120
        )
        .is_ok());
        assert_eq!(
            verify_refreshed_id_token(&payload("u2"), &config, &previous, UnixTime(1_000), 120),
            Err(ClaimsError::SubjectChanged)
        );
        assert!(matches!(
            verify_refreshed_id_token(&payload("u1"), &config, &previous, UnixTime(9_000), 120),
            Err(ClaimsError::Expired { .. })
        ));
    }

    #[test]
    fn revoked_tokens_end_the_session_and_outages_do_not() {
        assert!(matches!(
            classify_refresh_failure(400, r#"{"error":"invalid_grant"}"#),
            RefreshFailure::SessionEnded(_)
        ));
        assert_eq!(
            classify_refresh_failure(500, ""),
            RefreshFailure::Transient { status: 500 }
        );
        assert_eq!(
            classify_refresh_failure(429, r#"{"error":"slow_down"}"#),
            RefreshFailure::Transient { status: 429 }
        );
        assert_eq!(
            classify_refresh_failure(400, "<html>proxy</html>"),
            RefreshFailure::Transient { status: 400 }
        );
        assert_eq!(
            classify_refresh_failure(0, ""),
            RefreshFailure::Transient { status: 0 }
        );
    }

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        assert_eq!(backoff_secs(0, 0.0), 1);
        assert_eq!(backoff_secs(3, 0.0), 4);
        assert_eq!(backoff_secs(3, 0.99), 7);
        assert_eq!(backoff_secs(10, 0.0), 30);
        assert_eq!(backoff_secs(10, 0.999), 59);
        assert_eq!(backoff_secs(u32::MAX, 0.5), 45);
        for attempt in 0..20 {
            let wait = backoff_secs(attempt, 0.5);
            assert!((1..=MAX_BACKOFF_SECS).contains(&wait), "{attempt}: {wait}");
        }
    }
}
