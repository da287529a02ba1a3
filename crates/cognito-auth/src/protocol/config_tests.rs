//! Tests of `config`: every field checked, and every error naming its field and fix.

use super::*;
use crate::protocol::http::NoAnswer;

const ORIGIN: &str = "http://127.0.0.1:8080";

fn local_json() -> serde_json::Value {
    serde_json::json!({
        "region": "us-east-1",
        "userPoolId": "us-east-1_AbC123",
        "clientId": "5abc123def",
        "hostedUiBaseUrl": "http://127.0.0.1:4566/",
        "redirectUri": "http://127.0.0.1:8080/callback",
        "logoutUri": "http://127.0.0.1:8080/",
        "apiBaseUrl": "http://127.0.0.1:4566/restapis/abc/prod/_user_request_/",
        "endpoints": { "jwks": "http://127.0.0.1:4566/us-east-1_AbC123/.well-known/jwks.json" }
    })
}

fn parse_with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Config, ConfigError> {
    let mut json = local_json();
    edit(&mut json);
    parse_config(&json.to_string(), ORIGIN)
}

#[test]
fn local_config_gets_defaults_and_overrides() {
    let config = parse_with(|_| {}).unwrap();
    assert_eq!(
        config.issuer,
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
    );
    assert_eq!(
        config.endpoints.authorize,
        "http://127.0.0.1:4566/oauth2/authorize"
    );
    assert_eq!(config.endpoints.token, "http://127.0.0.1:4566/oauth2/token");
    assert_eq!(
        config.endpoints.user_info,
        "http://127.0.0.1:4566/oauth2/userInfo"
    );
    assert_eq!(
        config.endpoints.revoke,
        "http://127.0.0.1:4566/oauth2/revoke"
    );
    assert_eq!(config.endpoints.logout, "http://127.0.0.1:4566/logout");
    assert_eq!(
        config.endpoints.jwks,
        "http://127.0.0.1:4566/us-east-1_AbC123/.well-known/jwks.json"
    );
    assert_eq!(
        config.api_base_url.as_deref(),
        Some("http://127.0.0.1:4566/restapis/abc/prod/_user_request_")
    );
    assert_eq!(config.scopes, ["openid", "email", "profile"]);
}

#[test]
fn jwks_defaults_to_the_issuer() {
    let config = parse_with(|j| {
        j["endpoints"] = serde_json::json!({});
    })
    .unwrap();
    assert_eq!(
        config.endpoints.jwks,
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123/.well-known/jwks.json"
    );
    assert_eq!(
        config.endpoints.idp,
        "https://cognito-idp.us-east-1.amazonaws.com/"
    );
}

#[test]
fn malformed_json_is_reported_with_position() {
    let err = parse_config("{\"region\": ", ORIGIN).unwrap_err();
    assert!(
        matches!(&err, ConfigError::Json { detail } if detail.contains("line 1")),
        "{err:?}"
    );
    assert_eq!(err.field(), None);
}

#[test]
fn an_unreachable_config_says_so() {
    let offline = ConfigError::NotLoaded {
        status: HttpStatus::NoAnswer(NoAnswer::Unreachable),
    }
    .to_string();
    assert_eq!(offline, "config could not be loaded: no answer");
    assert_eq!(
        ConfigError::NotLoaded {
            status: HttpStatus::Answered(404)
        }
        .to_string(),
        "config could not be loaded: HTTP 404"
    );
}

#[test]
fn misspelt_field_is_rejected_not_ignored() {
    let err = parse_with(|j| j["clientID"] = "x".into()).unwrap_err();
    assert!(
        matches!(&err, ConfigError::Json { detail } if detail.contains("clientID")),
        "{err:?}"
    );
}

#[test]
fn missing_fields_are_named() {
    for field in [
        "region",
        "userPoolId",
        "clientId",
        "hostedUiBaseUrl",
        "redirectUri",
        "logoutUri",
    ] {
        let err = parse_with(|j| {
            j.as_object_mut().unwrap().remove(field);
        })
        .unwrap_err();
        assert_eq!(err, ConfigError::Missing { field });
        assert!(!err.fix().is_empty());
    }
    let err = parse_with(|j| j["clientId"] = "  ".into()).unwrap_err();
    assert_eq!(err.field(), Some("clientId"));
}

#[test]
fn region_must_match_the_pool() {
    let err = parse_with(|j| j["region"] = "eu-west-1".into()).unwrap_err();
    assert_eq!(err.field(), Some("region"));
    assert!(err.to_string().contains("us-east-1"));
    let err = parse_with(|j| j["region"] = "nowhere".into()).unwrap_err();
    assert_eq!(err.field(), Some("region"));
    let err = parse_with(|j| j["userPoolId"] = "us-east-1".into()).unwrap_err();
    assert_eq!(err.field(), Some("userPoolId"));
    let err = parse_with(|j| j["userPoolId"] = "us-east-1_a/b".into()).unwrap_err();
    assert_eq!(err.field(), Some("userPoolId"));
}

#[test]
fn client_id_charset_is_checked() {
    let err = parse_with(|j| j["clientId"] = "abc def".into()).unwrap_err();
    assert_eq!(err.field(), Some("clientId"));
}

#[test]
fn urls_must_be_absolute_https_or_loopback_http_without_fragment() {
    let err = parse_with(|j| j["hostedUiBaseUrl"] = "auth.example.com".into()).unwrap_err();
    assert_eq!(err.field(), Some("hostedUiBaseUrl"));
    let err = parse_with(|j| j["hostedUiBaseUrl"] = "http://auth.example.com".into()).unwrap_err();
    assert!(err.to_string().contains("https"), "{err}");
    let err = parse_with(|j| j["logoutUri"] = "http://127.0.0.1:8080/#x".into()).unwrap_err();
    assert_eq!(err.field(), Some("logoutUri"));
    let err = parse_with(|j| j["endpoints"]["token"] = "ftp://x/token".into()).unwrap_err();
    assert_eq!(err.field(), Some("endpoints.token"));
    assert!(err.fix().contains("endpoints.token"));
}

#[test]
fn redirect_uri_must_be_on_the_page_origin() {
    // The classic trap: the portal opened on localhost while the callback says 127.0.0.1.
    let mut json = local_json();
    json["redirectUri"] = "http://localhost:8080/callback".into();
    let err = parse_config(&json.to_string(), ORIGIN).unwrap_err();
    assert_eq!(err.field(), Some("redirectUri"));
    assert!(err.to_string().contains("http://localhost:8080"), "{err}");
    assert!(err
        .fix()
        .contains("127.0.0.1 and localhost are different origins"));
}

#[test]
fn production_config_is_accepted() {
    let json = serde_json::json!({
        "region": "eu-central-1",
        "userPoolId": "eu-central-1_Xy9",
        "clientId": "abc",
        "hostedUiBaseUrl": "https://portal.auth.eu-central-1.amazoncognito.com",
        "redirectUri": "https://d111.cloudfront.net/callback",
        "logoutUri": "https://d111.cloudfront.net/"
    });
    let config = parse_config(&json.to_string(), "https://d111.cloudfront.net").unwrap();
    assert_eq!(
        config.endpoints.token,
        "https://portal.auth.eu-central-1.amazoncognito.com/oauth2/token"
    );
    assert_eq!(config.api_base_url, None);
}

#[test]
fn silent_sign_in_is_off_unless_asked_for() {
    assert!(!parse_with(|_| {}).unwrap().silent_sign_in);
    assert!(
        parse_with(|j| j["silentSignIn"] = serde_json::json!(true))
            .unwrap()
            .silent_sign_in
    );
    let err = parse_with(|j| j["silentSignIn"] = serde_json::json!("yes")).unwrap_err();
    assert!(matches!(err, ConfigError::Json { .. }), "{err:?}");
}

#[test]
fn scopes_must_include_openid() {
    let err = parse_with(|j| j["scopes"] = serde_json::json!(["email"])).unwrap_err();
    assert_eq!(err.field(), Some("scopes"));
    let err = parse_with(|j| j["scopes"] = serde_json::json!(["openid", "a b"])).unwrap_err();
    assert_eq!(err.field(), Some("scopes"));
    let config = parse_with(|j| j["scopes"] = serde_json::json!(["openid"])).unwrap();
    assert_eq!(config.scopes, ["openid"]);
}

#[test]
fn wrong_types_and_duplicate_fields_are_refused_with_the_field_named() {
    let base = r#""region": "eu-west-1", "userPoolId": "eu-west-1_AbC", "clientId": "abc",
        "hostedUiBaseUrl": "https://x.auth.eu-west-1.amazoncognito.com",
        "redirectUri": "http://127.0.0.1:8080/callback", "logoutUri": "http://127.0.0.1:8080/""#;
    for (extra, expected) in [
        (
            r#", "silentSignIn": "yes""#,
            "`silentSignIn` must be a boolean, not a string",
        ),
        (
            r#", "scopes": "openid""#,
            "`scopes` must be an array of strings, not a string",
        ),
        (
            r#", "scopes": ["openid", 7]"#,
            "`scopes` must be an array of strings, not a number",
        ),
        (
            r#", "endpoints": {"token": true}"#,
            "`token` must be a string, not a boolean",
        ),
        (
            r#", "endpoints": {"tokens": "https://x"}"#,
            "unknown field `tokens`",
        ),
        (
            r#", "endpoints": []"#,
            "endpoints must be an object, not an array",
        ),
        (r#", "clientId": "other""#, "duplicate field `clientId`"),
    ] {
        let json = format!("{{{base}{extra}}}");
        let err = parse_config(&json, "http://127.0.0.1:8080").unwrap_err();
        assert!(
            matches!(&err, ConfigError::Json { detail } if detail.contains(expected)),
            "{extra}: {err:?}"
        );
    }
    let json = format!("{{{base}, \"apiBaseUrl\": null, \"endpoints\": null}}");
    assert!(
        parse_config(&json, "http://127.0.0.1:8080").is_ok(),
        "null counts as absent"
    );
    let not_object = parse_config("[1]", "http://127.0.0.1:8080").unwrap_err();
    assert!(
        matches!(&not_object, ConfigError::Json { detail } if detail.contains("must be an object"))
    );
}
