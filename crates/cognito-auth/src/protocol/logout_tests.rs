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

/// A refresh token shaped like Cognito's (a five-part JWE), and an ID token (a JWT).
const REFRESH_TOKEN: &str = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.\
    Zk9uY1hTbmhqS0VxWjJ2ZlB0WWF1cEhrT3dNcGJ4cW5zZ0Vmb3pKdWxCcGdUaWZ3.N2x5cXRnbGt3dXpw.\
    c2VjcmV0LXJlZnJlc2gtdG9rZW4tYm9keS1vbmx5LWNvZ25pdG8tY2FuLXJlYWQ.dGFnLXRhZy10YWctdGFn";
const ID_TOKEN: &str =
    "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ1MSIsInRva2VuX3VzZSI6ImlkIn0.c2lnbmF0dXJl";

/// Answers of `/oauth2/revoke` (or of whatever answers in its place: a proxy, a WAF, a
/// misconfigured endpoint) that echo the token sent, in every place a body can hold it.
fn echoing_answers(token: &str) -> Vec<(u16, String)> {
    let mut answers = Vec::new();
    for status in [200, 204, 400, 401, 403, 404, 405, 429, 500, 502, 503] {
        for body in [
            token.to_owned(),
            format!(r#"{{"token":"{token}"}}"#),
            format!(
                r#"{{"error":"invalid_request","error_description":"token {token} is not valid"}}"#
            ),
            format!(r#"{{"error":"invalid_client","error_description":"{token}"}}"#),
            format!(r#"{{"error":"{token}"}}"#),
            format!(
                r#"{{"error":"unsupported_token_type","error_description":"token={token}&client_id=client1"}}"#
            ),
            format!("<html><body>Invalid request: token={token}</body></html>"),
        ] {
            answers.push((status, body));
        }
    }
    answers
}

/// The description goes to the session timeline and the console: it must never carry the
/// refresh token (30 days of access) or any other token, whatever the answer echoed.
#[test]
fn descriptions_never_contain_a_token() {
    for token in [REFRESH_TOKEN, ID_TOKEN] {
        for (status, body) in echoing_answers(token) {
            let outcome = classify_revoke_response(status, &body);
            let described = outcome.describe();
            assert!(
                !described.contains(token),
                "HTTP {status} {body:?} -> {outcome:?} -> {described:?}"
            );
            // Not even a recognisable piece of it.
            for part in token.split('.') {
                assert!(
                    !described.contains(part),
                    "HTTP {status} {body:?} -> {described:?} holds {part:?}"
                );
            }
        }
    }
}

/// Each outcome's line says what happened, with the status that decided it, so the timeline
/// reads as an explanation.
#[test]
fn each_description_says_what_it_means() {
    let cases = [
        classify_revoke_response(200, ""),
        classify_revoke_response(404, "<Error/>"),
        classify_revoke_response(400, r#"{"error":"invalid_request"}"#),
        classify_revoke_response(503, ""),
    ];
    for outcome in cases {
        let text = outcome.describe();
        let lower = text.to_lowercase();
        // A new outcome fails to compile here until its wording is checked.
        match &outcome {
            RevokeOutcome::Revoked => {
                assert!(lower.contains("revoked"), "{text}");
                for wrong in ["fail", "unavailable", "refused", "valid"] {
                    assert!(!lower.contains(wrong), "{text}");
                }
            }
            RevokeOutcome::Unavailable { status } => {
                assert!(lower.contains("unavailable"), "{text}");
                assert!(text.contains(&format!("HTTP {status}")), "{text}");
                // The person must learn that the token was not revoked.
                assert!(lower.contains("stays valid"), "{text}");
            }
            RevokeOutcome::Refused(error) => {
                assert!(lower.contains("refused"), "{text}");
                assert!(text.contains(&error.code), "{text}");
            }
            RevokeOutcome::Failed { status } => {
                assert!(lower.contains("failed"), "{text}");
                assert!(text.contains(&format!("HTTP {status}")), "{text}");
            }
        }
    }
}

/// Scrubbing tokens keeps Cognito's own words: codes and descriptions are short words.
#[test]
fn cognito_s_own_words_are_kept() {
    let body = r#"{"error":"unsupported_token_type","error_description":"Token revocation is not enabled for this app client (client_id=1example23456789)."}"#;
    assert_eq!(
        classify_revoke_response(400, body).describe(),
        "revocation refused: unsupported_token_type: Token revocation is not enabled for this \
         app client (client_id=1example23456789)."
    );
}

#[test]
fn error_panels_never_show_an_echoed_token_either() {
    let echoed = format!(
        "Invalid refresh token {}",
        "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0".repeat(8)
    );
    let error = crate::AuthError::Token(crate::protocol::token::TokenError::OAuth(
        crate::error::OAuthError {
            code: "invalid_grant".into(),
            description: Some(echoed.clone()),
        },
    ));
    let shown = error.explain();
    let description = shown.description.unwrap();
    assert!(!description.contains("eyJjdHkiOiJKV1Qi"), "{description}");
    assert_eq!(description, "Invalid refresh token [redacted]");
    assert_eq!(shown.code.as_deref(), Some("invalid_grant"));
}
