//! Tests of `error`.

use super::*;

#[test]
fn oauth_errors_keep_cognito_code_and_description() {
    let error = AuthError::Callback(CallbackError::Denied(OAuthError {
        code: "invalid_request".into(),
        description: Some("Timeout occurred in calling IdP token endpoint".into()),
    }));
    let shown = error.explain();
    assert_eq!(shown.code.as_deref(), Some("invalid_request"));
    assert_eq!(
        shown.description.as_deref(),
        Some("Timeout occurred in calling IdP token endpoint")
    );
    assert!(!shown.action.is_empty());
}

#[test]
fn every_variant_has_a_title_and_an_action() {
    let errors = [
        AuthError::Config(ConfigError::Missing { field: "clientId" }),
        AuthError::Callback(CallbackError::MissingState),
        AuthError::Callback(CallbackError::UnknownState),
        AuthError::Callback(CallbackError::ExpiredState { age_secs: 900 }),
        AuthError::Callback(CallbackError::MissingCode),
        AuthError::Token(TokenError::Http { status: 502 }),
        AuthError::Token(TokenError::MissingIdToken),
        AuthError::Token(TokenError::OAuth(OAuthError {
            code: "invalid_grant".into(),
            description: None,
        })),
        AuthError::Jwt(JwtError::SegmentCount { found: 2 }),
        AuthError::Network {
            endpoint: crate::protocol::endpoint::Endpoint::Token,
            detail: "Failed to fetch".into(),
        },
        AuthError::Browser {
            what: "store the sign-in state",
            detail: "denied".into(),
        },
        AuthError::NotSignedIn,
    ];
    for error in errors {
        let shown = error.explain();
        assert!(
            !shown.title.is_empty() && !shown.detail.is_empty() && !shown.action.is_empty(),
            "{error:?}"
        );
    }
}

#[test]
fn oauth_error_bodies_are_recognised() {
    assert_eq!(
        parse_oauth_error(r#"{"error":"invalid_token","error_description":"expired"}"#),
        Some(OAuthError {
            code: "invalid_token".into(),
            description: Some("expired".into())
        })
    );
    assert_eq!(
        parse_oauth_error(r#"{"__type":"SerializationException"}"#),
        None
    );
    assert_eq!(parse_oauth_error("<html>"), None);
}

#[test]
fn config_errors_name_the_field() {
    let shown = AuthError::Config(ConfigError::Missing { field: "clientId" }).explain();
    assert_eq!(shown.code.as_deref(), Some("clientId"));
    assert!(shown.action.contains("app client"));
}

#[test]
fn expired_state_says_how_long() {
    let shown = AuthError::Callback(CallbackError::ExpiredState { age_secs: 900 }).explain();
    assert!(shown.detail.contains("15 minutes"), "{}", shown.detail);
}
