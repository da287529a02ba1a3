//! Tests of `logout`.

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
