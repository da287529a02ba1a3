//! Tests of `api`.

use super::*;
use serde_json::json;

#[test]
fn urls_join_with_one_slash() {
    assert_eq!(api_url("https://a/prod/", "/me"), "https://a/prod/me");
    assert_eq!(
        api_url("https://a/prod", "admin/summary"),
        "https://a/prod/admin/summary"
    );
}

#[test]
fn the_id_token_goes_bare() {
    assert_eq!(authorization_value("eyJ.a.b"), "eyJ.a.b");
}

#[test]
fn a_401_is_retried_once_then_reported() {
    assert_eq!(
        classify_api_answer(401, "{}", true),
        ApiOutcome::RefreshAndRetry
    );
    assert_eq!(
        classify_api_answer(401, r#"{"message":"Unauthorized"}"#, false),
        ApiOutcome::Failed(ApiError::Unauthorized)
    );
}

#[test]
fn answers_are_classified() {
    assert_eq!(
        classify_api_answer(200, r#"{"email":"a@b.c"}"#, true),
        ApiOutcome::Data(json!({"email": "a@b.c"}))
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
}

#[test]
fn every_error_is_explained() {
    for e in [
        ApiError::NotConfigured,
        ApiError::Unauthorized,
        ApiError::Forbidden {
            message: "m".into(),
        },
        ApiError::Status {
            status: 500,
            message: "m".into(),
        },
        ApiError::Unreachable {
            detail: "Failed to fetch".into(),
        },
        ApiError::Malformed,
    ] {
        let x = e.explain();
        assert!(!x.title.is_empty() && !x.detail.is_empty() && !x.action.is_empty());
    }
    assert!(ApiError::Unreachable {
        detail: String::new()
    }
    .explain()
    .detail
    .contains("CORS"));
}
