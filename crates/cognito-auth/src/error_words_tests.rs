//! Tests of `error`'s words for particular failures: config fixes, Cognito's own code and
//! description, OAuth error bodies, ages.

use super::tests::oauth;
use super::*;

/// Each config field with its own fix gets it (distinct from the others and from the URL
/// advice); URL fields share the URL advice, naming the field.
#[test]
fn config_fixes_fit_the_field() {
    let action = |field| {
        AuthError::Config(ConfigError::Missing { field })
            .explain()
            .action
    };
    let own = [
        "region",
        "userPoolId",
        "clientId",
        "redirectUri",
        "logoutUri",
        "scopes",
    ];
    let mut actions: Vec<String> = own.iter().map(|field| action(field)).collect();
    for (field, text) in own.iter().zip(&actions) {
        assert!(!text.contains("https://"), "{field}: {text}");
    }
    assert!(action("clientId").contains("app client"));
    assert!(action("region").contains("region"));
    actions.sort();
    actions.dedup();
    assert_eq!(actions.len(), own.len(), "{actions:?}");
    let shown = AuthError::Config(ConfigError::Invalid {
        field: "apiBaseUrl",
        problem: "not a URL".into(),
    })
    .explain();
    assert!(
        shown.action.contains("apiBaseUrl") && shown.action.contains("https://"),
        "{}",
        shown.action
    );
}

#[test]
fn oauth_errors_keep_cognito_code_and_description() {
    let error = AuthError::Callback(CallbackError::Denied(oauth(
        "invalid_request",
        Some("Timeout occurred in calling IdP token endpoint"),
    )));
    let shown = error.explain();
    assert_eq!(shown.code.as_deref(), Some("invalid_request"));
    assert_eq!(
        shown.description.as_deref(),
        Some("Timeout occurred in calling IdP token endpoint")
    );
    assert!(!shown.action.is_empty());
}

#[test]
fn oauth_error_bodies_are_recognised() {
    assert_eq!(
        parse_oauth_error(r#"{"error":"invalid_token","error_description":"expired"}"#),
        Some(oauth("invalid_token", Some("expired")))
    );
    assert_eq!(
        parse_oauth_error(r#"{"error":"invalid_grant"}"#),
        Some(oauth("invalid_grant", None))
    );
    assert_eq!(
        parse_oauth_error(r#"{"__type":"SerializationException"}"#),
        None
    );
    assert_eq!(parse_oauth_error(r#"{"error":5}"#), None);
    assert_eq!(parse_oauth_error("<html>"), None);
}

#[test]
fn expired_state_says_how_long() {
    let shown = AuthError::Callback(CallbackError::ExpiredState { age_secs: 900 }).explain();
    assert!(shown.detail.contains("15 minutes"), "{}", shown.detail);
}

/// A company's sign-in page that was cancelled or refused (AWS: Cognito redirects to the callback
/// with the provider's error, its name and HTTP status in `error_description`): the words say
/// what happened and what to do, and the provider's own words are shown, tokens redacted.
#[test]
fn a_federated_sign_in_cancelled_or_refused_is_explained_with_what_to_do() {
    let cancelled = AuthError::Callback(CallbackError::Denied(oauth(
        "access_denied",
        Some("The user cancelled the sign-in at Globex."),
    )))
    .explain();
    assert_eq!(cancelled.title, "Sign-in was cancelled or refused");
    assert!(
        cancelled.detail.contains("company's sign-in page"),
        "{}",
        cancelled.detail
    );
    assert!(cancelled.action.contains("IT team"), "{}", cancelled.action);
    assert_eq!(
        cancelled.description.as_deref(),
        Some("The user cancelled the sign-in at Globex.")
    );
    let refused = AuthError::Callback(CallbackError::Denied(oauth(
        "invalid_request",
        Some("Globex Error - 400 access_denied eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"),
    )))
    .explain();
    assert_eq!(refused.title, "Sign-in did not complete");
    assert!(
        refused.action.contains("company's button"),
        "{}",
        refused.action
    );
    let description = refused.description.unwrap();
    assert!(
        description.starts_with("Globex Error - 400 access_denied"),
        "{description}"
    );
    assert!(
        !description.contains("eyJzdWIiOiIxIn0"),
        "a token-shaped value is redacted: {description}"
    );
}
