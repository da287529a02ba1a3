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
    /// A log line for the outcome. Never contains the token, even when the answer echoed it.
    pub fn describe(&self) -> String {
        match self {
            Self::Revoked => "refresh token revoked".to_owned(),
            Self::Unavailable { status } => {
                format!("revocation unavailable (HTTP {status}): the refresh token stays valid until it expires")
            }
            Self::Refused(e) => format!("revocation refused: {}", without_tokens(&e.to_string())),
            Self::Failed { status } => format!("revocation failed with HTTP {status}"),
        }
    }
}

/// `text` with every run of 40 or more token characters (base64 and base64url, `.`, `=`, `%`)
/// replaced by `[redacted]`. The error code and description are the server's words, and a
/// server (or a proxy in its place) may echo the refresh token it was sent. Tokens are far longer
/// (a JWT is hundreds of characters, Cognito's refresh token about 1,700); the longest OAuth
/// error code (`invalid_authorization_details`) is 29.
pub(crate) fn without_tokens(text: &str) -> String {
    const MIN_RUN: usize = 40;
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/' | '%');
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= MIN_RUN {
            out.push_str("[redacted]");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if is_token_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
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
