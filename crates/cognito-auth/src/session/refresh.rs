//! Refreshing tokens at `/oauth2/token` with `grant_type=refresh_token`: the pure rules.
//!
//! The request body, how a failure is classified, and how long to wait before retrying. The
//! schedule is the session machine's ([`mod@crate::session::step`]); how the answer's tokens are
//! checked and merged is the verifier's ([`crate::session::tokens::accept`]).

use crate::error::{parse_oauth_error, OAuthError};
use crate::protocol::config::Config;
use crate::protocol::form::encode_pairs;
use crate::protocol::http::HttpStatus;
use crate::protocol::secret::RefreshToken;

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

/// What a failed refresh means for the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshFailure {
    /// The refresh token is revoked or expired (`invalid_grant`) or the client is gone: the
    /// session is over, sign in again.
    SessionEnded(OAuthError),
    /// A passing problem (5xx, 429, a proxy error, a timeout, offline): stay signed in and retry.
    Transient {
        /// The HTTP status, or why no answer arrived.
        cause: HttpStatus,
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
        _ => RefreshFailure::Transient {
            cause: HttpStatus::Answered(status),
        },
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

    #[test]
    fn refresh_body_is_a_public_client_grant() {
        let config = crate::protocol::authorize::tests::test_config();
        assert_eq!(
            refresh_body(&config, &RefreshToken::new("r/1")),
            "grant_type=refresh_token&client_id=client1&refresh_token=r%2F1"
        );
    }

    #[test]
    fn revoked_tokens_end_the_session_and_outages_do_not() {
        assert!(matches!(
            classify_refresh_failure(400, r#"{"error":"invalid_grant"}"#),
            RefreshFailure::SessionEnded(_)
        ));
        assert_eq!(
            classify_refresh_failure(500, ""),
            RefreshFailure::Transient {
                cause: HttpStatus::Answered(500)
            }
        );
        assert_eq!(
            classify_refresh_failure(429, r#"{"error":"slow_down"}"#),
            RefreshFailure::Transient {
                cause: HttpStatus::Answered(429)
            }
        );
        assert_eq!(
            classify_refresh_failure(400, "<html>proxy</html>"),
            RefreshFailure::Transient {
                cause: HttpStatus::Answered(400)
            }
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
