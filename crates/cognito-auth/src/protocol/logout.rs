//! Signing out: revoke the refresh token, then send the browser to Cognito's `/logout`.

use crate::error::{parse_oauth_error, OAuthError};
use crate::protocol::config::Config;
use crate::protocol::form::encode_pairs;
use crate::protocol::secret::RefreshToken;

/// The form body of `POST /oauth2/revoke` for a public client.
pub fn revoke_body(config: &Config, refresh_token: &RefreshToken) -> String {
    encode_pairs(&[
        ("token", refresh_token.secret()),
        ("client_id", &config.client_id),
    ])
}

/// What the revocation request achieved. Sign-out goes on in every case: the tokens are dropped
/// from memory whatever Cognito says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RevokeOutcome {
    /// 200: revoked (Cognito also answers 200 for an already revoked or unknown token).
    Revoked,
    /// The endpoint does not exist here (404/405, or a 400 without an OAuth error): the local
    /// emulator has no `/oauth2/revoke` route.
    Unavailable {
        /// The HTTP status.
        status: u16,
    },
    /// Cognito refused with an OAuth error (revocation disabled: `invalid_request`).
    Refused(OAuthError),
    /// Any other answer.
    Failed {
        /// The HTTP status.
        status: u16,
    },
}

impl RevokeOutcome {
    /// A log line for the outcome. Never contains the token.
    pub fn describe(&self) -> String {
        match self {
            Self::Revoked => "refresh token revoked".to_owned(),
            Self::Unavailable { status } => {
                format!("revocation unavailable (HTTP {status}): the refresh token stays valid until it expires")
            }
            Self::Refused(e) => format!("revocation refused: {e}"),
            Self::Failed { status } => format!("revocation failed with HTTP {status}"),
        }
    }
}

/// Classifies the answer of `POST /oauth2/revoke`.
pub fn classify_revoke_response(status: u16, body: &str) -> RevokeOutcome {
    match status {
        200..=299 => RevokeOutcome::Revoked,
        404 | 405 => RevokeOutcome::Unavailable { status },
        400 | 401 => parse_oauth_error(body).map_or(
            RevokeOutcome::Unavailable { status },
            RevokeOutcome::Refused,
        ),
        _ => RevokeOutcome::Failed { status },
    }
}

/// Cognito's `/logout?client_id=…&logout_uri=…`. Not OIDC RP-initiated logout: Cognito ignores
/// `id_token_hint` and `post_logout_redirect_uri` and requires `client_id`.
pub fn logout_url(config: &Config) -> String {
    let query = encode_pairs(&[
        ("client_id", &config.client_id),
        ("logout_uri", &config.logout_uri),
    ]);
    let separator = if config.endpoints.logout.contains('?') {
        '&'
    } else {
        '?'
    };
    format!("{}{separator}{query}", config.endpoints.logout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logout_url_uses_cognito_parameters() {
        let config = crate::protocol::authorize::tests::test_config();
        assert_eq!(
            logout_url(&config),
            "http://127.0.0.1:4566/logout?client_id=client1&logout_uri=http%3A%2F%2F127.0.0.1%3A8080%2F"
        );
    }

    #[test]
    fn revoke_body_is_token_and_client() {
        let config = crate::protocol::authorize::tests::test_config();
        assert_eq!(
            revoke_body(&config, &RefreshToken::new("r/t")),
            "token=r%2Ft&client_id=client1"
        );
    }

    #[test]
    fn outcomes() {
        assert_eq!(classify_revoke_response(200, ""), RevokeOutcome::Revoked);
        assert_eq!(
            classify_revoke_response(404, "<Error/>"),
            RevokeOutcome::Unavailable { status: 404 }
        );
        assert_eq!(
            classify_revoke_response(400, "not json"),
            RevokeOutcome::Unavailable { status: 400 }
        );
        assert_eq!(
            classify_revoke_response(400, r#"{"error":"invalid_request"}"#),
            RevokeOutcome::Refused(OAuthError {
                code: "invalid_request".into(),
                description: None
            })
        );
        assert_eq!(
            classify_revoke_response(503, ""),
            RevokeOutcome::Failed { status: 503 }
        );
    }

    #[test]
    fn ministack_has_no_revoke_route() {
        // What ministack 1.5.33 answers to POST /oauth2/revoke (its generic AWS JSON handler).
        let body = r#"{"__type": "SerializationException", "message": "Invalid JSON"}"#;
        assert_eq!(
            classify_revoke_response(400, body),
            RevokeOutcome::Unavailable { status: 400 }
        );
    }

    #[test]
    fn descriptions_never_contain_a_token() {
        for outcome in [
            RevokeOutcome::Revoked,
            RevokeOutcome::Unavailable { status: 404 },
            RevokeOutcome::Failed { status: 500 },
        ] {
            assert!(!outcome.describe().is_empty());
        }
    }
}
