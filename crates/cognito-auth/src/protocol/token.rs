//! The `/oauth2/token` authorization-code exchange: request body and response parsing.

use crate::error::{parse_oauth_error, OAuthError};
use crate::protocol::config::Config;
use crate::protocol::form::{encode_component, encode_pairs};
use crate::protocol::pkce::PkceVerifier;
use crate::protocol::secret::{AccessToken, AuthorizationCode, IdToken, RefreshToken};
use serde::Deserialize;

/// Why the token endpoint's answer gave no usable tokens.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Cognito's OAuth error (`{"error": …}` with HTTP 400/401).
    #[error("token endpoint returned {0}")]
    OAuth(OAuthError),
    /// An error status without an OAuth error body (a proxy, a 5xx).
    #[error("token endpoint returned HTTP {status}")]
    Http {
        /// The HTTP status.
        status: u16,
    },
    /// A 200 whose body is not a token response.
    #[error("token response is malformed: {detail}")]
    Malformed {
        /// What is wrong.
        detail: String,
    },
    /// A 200 without `id_token` (the `openid` scope was not granted).
    #[error("token response has no id_token")]
    MissingIdToken,
}

/// The tokens of a successful code exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenResponse {
    /// The ID token: present whenever `openid` was granted.
    pub id_token: IdToken,
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token: Cognito always returns one for the code grant.
    pub refresh_token: Option<RefreshToken>,
    /// Lifetime of the access and ID tokens in seconds, as Cognito states it.
    pub expires_in: Option<i64>,
}

#[derive(Deserialize)]
struct RawTokenResponse {
    id_token: Option<String>,
    access_token: Option<String>,
    refresh_token: Option<String>,
    expires_in: Option<i64>,
    token_type: Option<String>,
}

/// The form body for `grant_type=authorization_code` from a public client (no secret).
///
/// The code comes last: the body is [`authorization_code_head`] followed by the encoded code, so
/// the boot script can send the same bytes before the wasm has arrived
/// ([`crate::protocol::early_exchange`]).
pub fn authorization_code_body(
    config: &Config,
    code: &AuthorizationCode,
    verifier: &PkceVerifier,
) -> String {
    let mut body = authorization_code_head(config, verifier);
    body.push_str(&encode_component(code.secret()));
    body
}

/// Everything of [`authorization_code_body`] before the code's value: it ends in `code=`.
pub fn authorization_code_head(config: &Config, verifier: &PkceVerifier) -> String {
    let mut head = encode_pairs(&[
        ("grant_type", "authorization_code"),
        ("client_id", &config.client_id),
        ("redirect_uri", &config.redirect_uri),
        ("code_verifier", verifier.secret()),
    ]);
    head.push_str("&code=");
    head
}

/// Reads the token endpoint's answer.
///
/// # Errors
/// [`TokenError::OAuth`] when Cognito says why, [`TokenError::Http`] for other failures,
/// [`TokenError::Malformed`] / [`TokenError::MissingIdToken`] for unusable successes.
pub fn parse_token_response(status: u16, body: &str) -> Result<TokenResponse, TokenError> {
    if !(200..300).contains(&status) {
        return Err(parse_oauth_error(body).map_or(TokenError::Http { status }, TokenError::OAuth));
    }
    let raw: RawTokenResponse = serde_json::from_str(body).map_err(|e| TokenError::Malformed {
        detail: e.to_string(),
    })?;
    if let Some(token_type) = &raw.token_type {
        if !token_type.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::Malformed {
                detail: format!("token_type is \"{token_type}\", expected Bearer"),
            });
        }
    }
    let access_token =
        raw.access_token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| TokenError::Malformed {
                detail: "access_token is missing".into(),
            })?;
    let id_token = raw
        .id_token
        .filter(|t| !t.is_empty())
        .ok_or(TokenError::MissingIdToken)?;
    Ok(TokenResponse {
        id_token: IdToken::new(id_token),
        access_token: AccessToken::new(access_token),
        refresh_token: raw
            .refresh_token
            .filter(|t| !t.is_empty())
            .map(RefreshToken::new),
        // Bounded here, where it enters: Cognito's tokens live a day at most, and nothing later
        // may do arithmetic on a hostile `i64`.
        expires_in: raw
            .expires_in
            .map(|secs| secs.clamp(0, crate::session::tokens::MAX_EXPIRES_IN_SECS)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::form::{first_value, parse_query};

    #[test]
    fn code_body_has_the_five_fields() {
        let config = crate::protocol::authorize::tests::test_config();
        let verifier = PkceVerifier::from_random(&[1; 32]);
        let body = authorization_code_body(&config, &AuthorizationCode::new("c0de"), &verifier);
        let pairs = parse_query(&body);
        assert_eq!(
            first_value(&pairs, "grant_type"),
            Some("authorization_code")
        );
        assert_eq!(first_value(&pairs, "client_id"), Some("client1"));
        assert_eq!(first_value(&pairs, "code"), Some("c0de"));
        assert_eq!(
            first_value(&pairs, "redirect_uri"),
            Some("http://127.0.0.1:8080/callback")
        );
        assert_eq!(
            first_value(&pairs, "code_verifier"),
            Some(verifier.secret())
        );
        assert_eq!(pairs.len(), 5);
    }

    #[test]
    fn success_with_all_tokens() {
        let body = r#"{"access_token":"a","id_token":"i","refresh_token":"r","token_type":"Bearer","expires_in":3600}"#;
        let tokens = parse_token_response(200, body).unwrap();
        assert_eq!(tokens.id_token.secret(), "i");
        assert_eq!(tokens.access_token.secret(), "a");
        assert_eq!(tokens.refresh_token.unwrap().secret(), "r");
        assert_eq!(tokens.expires_in, Some(3600));
    }

    #[test]
    fn oauth_error_is_kept_verbatim() {
        let err = parse_token_response(400, r#"{"error":"invalid_grant","error_description":"Invalid or expired authorization code."}"#).unwrap_err();
        assert_eq!(
            err,
            TokenError::OAuth(OAuthError {
                code: "invalid_grant".into(),
                description: Some("Invalid or expired authorization code.".into())
            })
        );
        let err = parse_token_response(400, r#"{"error":"invalid_client"}"#).unwrap_err();
        assert_eq!(
            err,
            TokenError::OAuth(OAuthError {
                code: "invalid_client".into(),
                description: None
            })
        );
    }

    #[test]
    fn non_oauth_failures() {
        assert_eq!(
            parse_token_response(502, "<html>Bad gateway</html>"),
            Err(TokenError::Http { status: 502 })
        );
        assert!(matches!(
            parse_token_response(200, "nope"),
            Err(TokenError::Malformed { .. })
        ));
        assert!(matches!(
            parse_token_response(200, r#"{"id_token":"i"}"#),
            Err(TokenError::Malformed { .. })
        ));
        assert_eq!(
            parse_token_response(200, r#"{"access_token":"a"}"#),
            Err(TokenError::MissingIdToken)
        );
        assert!(matches!(
            parse_token_response(
                200,
                r#"{"access_token":"a","id_token":"i","token_type":"mac"}"#
            ),
            Err(TokenError::Malformed { .. })
        ));
    }
}
