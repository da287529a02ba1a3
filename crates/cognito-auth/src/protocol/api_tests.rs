//! Tests of `api`: what goes in the `Authorization` header, and what each answer of the API
//! leads to (data, one refresh and retry, or an error in words).

use super::*;
use crate::verify::jwt::{decode_jwt, encode_unsigned};
use serde_json::json;

/// An ID token shaped like Cognito's (header, claims, signature), unsigned.
fn cognito_id_token() -> String {
    encode_unsigned(
        &json!({"kid": "abcdefghijklmnopqrstuvwxyz=", "alg": "RS256"}),
        &json!({
            "sub": "7f3c1d2e-0000-4000-8000-1234567890ab",
            "aud": "client1",
            "token_use": "id",
            "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
            "exp": 1_700_003_600,
            "iat": 1_700_000_000,
            "cognito:groups": ["admins"],
        }),
    )
}

#[test]
fn urls_join_with_one_slash() {
    assert_eq!(api_url("https://a/prod/", "/me"), "https://a/prod/me");
    assert_eq!(
        api_url("https://a/prod", "admin/summary"),
        "https://a/prod/admin/summary"
    );
}

/// API Gateway's Cognito authorizer reads the header as the token itself: a `Bearer ` prefix,
/// whitespace or any other change would make it refuse every call (production only: the local
/// emulator is lenient).
#[test]
fn the_header_is_the_id_token_byte_for_byte() {
    let token = cognito_id_token();
    let header = authorization_value(&crate::protocol::secret::IdToken::new(token.clone()));
    assert_eq!(header, token);
    assert!(
        !header.to_ascii_lowercase().starts_with("bearer"),
        "{header}"
    );
    assert!(!header.contains(char::is_whitespace), "{header}");
    // What the authorizer receives still decodes as the ID token it was.
    let sent = decode_jwt(&header).unwrap();
    assert_eq!(sent.payload["token_use"], "id");
    assert_eq!(sent.header["alg"], "RS256");
}

/// The loop in the browser glue: call, and on `RefreshAndRetry` refresh and call again, with
/// `retries_left` true while retries remain. A 401 on every call stops after exactly
/// [`MAX_RETRIES_AFTER_401`] refreshes, with [`ApiError::Unauthorized`].
#[test]
fn a_401_forever_refreshes_exactly_the_allowed_number_of_times() {
    assert_eq!(MAX_RETRIES_AFTER_401, 1, "the docs and e2e specs say once");
    let mut retries = MAX_RETRIES_AFTER_401;
    let mut refreshes = 0;
    let last = loop {
        match classify_api_answer(401, r#"{"message":"Unauthorized"}"#, retries > 0) {
            ApiOutcome::RefreshAndRetry => {
                refreshes += 1;
                retries = retries.saturating_sub(1);
                assert!(refreshes <= 10, "a 401 loops");
            }
            other => break other,
        }
    };
    assert_eq!(refreshes, MAX_RETRIES_AFTER_401);
    assert_eq!(last, ApiOutcome::Failed(ApiError::Unauthorized));
}

#[test]
fn a_401_after_a_refresh_can_still_succeed_on_the_retry() {
    assert_eq!(
        classify_api_answer(401, "", true),
        ApiOutcome::RefreshAndRetry
    );
    assert_eq!(
        classify_api_answer(200, r#"{"ok":true}"#, false),
        ApiOutcome::Data(json!({"ok": true}))
    );
}

/// Every status from 100 to 599, with and without retries left, with a JSON body, a body that
/// is not JSON and an empty one: only 401 asks for a refresh, only 2xx gives data.
#[test]
fn every_status_is_classified_by_its_class() {
    let bodies = [
        r#"{"message":"m"}"#,
        "<html><body>Bad Gateway</body></html>",
        "",
    ];
    for status in 100..=599_u16 {
        for body in bodies {
            for retries_left in [true, false] {
                let outcome = classify_api_answer(status, body, retries_left);
                let json = serde_json::from_str::<Value>(body).ok();
                let message = if body.starts_with('{') { "m" } else { body };
                let expected = match status {
                    // A 204 (or any empty success) is no data, not nonsense.
                    200..=299 if body.is_empty() => ApiOutcome::Data(Value::Null),
                    200..=299 => json.map_or(ApiOutcome::Failed(ApiError::Malformed), |value| {
                        ApiOutcome::Data(value)
                    }),
                    401 if retries_left => ApiOutcome::RefreshAndRetry,
                    401 => ApiOutcome::Failed(ApiError::Unauthorized),
                    403 => ApiOutcome::Failed(ApiError::Forbidden {
                        message: message.into(),
                    }),
                    _ => ApiOutcome::Failed(ApiError::Status {
                        status,
                        message: message.into(),
                    }),
                };
                assert_eq!(outcome, expected, "{status} {body:?} {retries_left}");
            }
        }
    }
}

#[test]
fn answers_are_classified() {
    assert_eq!(
        classify_api_answer(200, r#"{"email":"a@b.c"}"#, true),
        ApiOutcome::Data(json!({"email": "a@b.c"}))
    );
    assert_eq!(
        classify_api_answer(200, "[1,2]", true),
        ApiOutcome::Data(json!([1, 2]))
    );
    assert_eq!(
        classify_api_answer(200, "<html>", true),
        ApiOutcome::Failed(ApiError::Malformed)
    );
    assert_eq!(
        classify_api_answer(403, r#"{"message":"admins only"}"#, true),
        ApiOutcome::Failed(ApiError::Forbidden {
            message: "admins only".into()
        })
    );
    assert_eq!(
        classify_api_answer(502, "Bad Gateway", true),
        ApiOutcome::Failed(ApiError::Status {
            status: 502,
            message: "Bad Gateway".into()
        })
    );
    // A `message` that is not a string: the body is shown instead.
    assert_eq!(
        classify_api_answer(500, r#"{"message":5}"#, true),
        ApiOutcome::Failed(ApiError::Status {
            status: 500,
            message: r#"{"message":5}"#.into()
        })
    );
}

/// A whole HTML error page must not end up in the error panel: only its first 200 characters,
/// cut on a character boundary (a multi-byte body must not panic).
#[test]
fn a_long_body_is_cut_to_200_characters() {
    let page = format!("<html>{}</html>", "é".repeat(10_000));
    for status in [403, 500, 502] {
        let outcome = classify_api_answer(status, &page, true);
        let message = match outcome {
            ApiOutcome::Failed(
                ApiError::Forbidden { message } | ApiError::Status { message, .. },
            ) => message,
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(message.chars().count(), 200, "{status}");
        assert!(page.starts_with(&message));
    }
}

#[test]
fn every_error_is_explained() {
    for e in [
        ApiError::NotConfigured,
        ApiError::Unauthorized,
        ApiError::Forbidden {
            message: "admins only".into(),
        },
        ApiError::Status {
            status: 503,
            message: "Service Unavailable".into(),
        },
        ApiError::Unreachable {
            detail: "Failed to fetch".into(),
        },
        ApiError::Malformed,
    ] {
        let x = e.explain();
        assert!(
            !x.title.is_empty() && !x.detail.is_empty() && !x.action.is_empty(),
            "{e:?}"
        );
        // What the API or the browser said is shown, so the person can quote it.
        match &e {
            ApiError::Forbidden { message } => assert!(x.detail.contains(message.as_str())),
            ApiError::Status { status, message } => {
                assert!(x.detail.contains(&status.to_string()));
                assert!(x.detail.contains(message.as_str()));
            }
            ApiError::Unreachable { detail } => {
                assert!(x.detail.contains(detail.as_str()));
                assert!(x.detail.contains("CORS"));
            }
            ApiError::NotConfigured => assert!(x.detail.contains("apiBaseUrl")),
            ApiError::Unauthorized => assert!(x.detail.contains("401")),
            ApiError::Malformed => assert!(x.detail.contains("JSON")),
        }
    }
}
