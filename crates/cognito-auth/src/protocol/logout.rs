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
#[path = "logout_tests.rs"]
mod tests;
