//! Tests of the account page's config fields: `passwordPolicy` and `selfSignUp`, read strictly.

use crate::protocol::config::{parse_config, ConfigError, PasswordPolicy};

const ORIGIN: &str = "http://127.0.0.1:8080";

fn parse_with(extra: &str) -> Result<crate::protocol::config::Config, ConfigError> {
    let json = format!(
        r#"{{"region": "us-east-1", "userPoolId": "us-east-1_AbC", "clientId": "abc",
            "hostedUiBaseUrl": "http://127.0.0.1:4566",
            "redirectUri": "http://127.0.0.1:8080/callback", "logoutUri": "http://127.0.0.1:8080/"
            {extra}}}"#
    );
    parse_config(&json, ORIGIN)
}

#[test]
fn absent_fields_mean_no_sign_up_and_cognitos_default_policy() {
    let config = parse_with("").unwrap();
    assert!(!config.self_sign_up);
    assert_eq!(
        config.password_policy,
        PasswordPolicy {
            min_length: 8,
            require_lowercase: true,
            require_uppercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    );
    let config = parse_with(r#", "selfSignUp": null, "passwordPolicy": null"#).unwrap();
    assert_eq!(config.password_policy, PasswordPolicy::default());
}

#[test]
fn the_policy_deploy_writes_is_read_field_by_field() {
    let config = parse_with(
        r#", "selfSignUp": true, "passwordPolicy": {"minLength": 12, "requireLowercase": true,
            "requireUppercase": false, "requireNumbers": true, "requireSymbols": false}"#,
    )
    .unwrap();
    assert!(config.self_sign_up);
    assert_eq!(
        config.password_policy,
        PasswordPolicy {
            min_length: 12,
            require_lowercase: true,
            require_uppercase: false,
            require_numbers: true,
            require_symbols: false,
        }
    );
    // A partial policy keeps Cognito's defaults for the rest.
    let config = parse_with(r#", "passwordPolicy": {"requireSymbols": false}"#).unwrap();
    assert_eq!(config.password_policy.min_length, 8);
    assert!(!config.password_policy.require_symbols);
    assert!(config.password_policy.require_uppercase);
}

#[test]
fn a_min_length_outside_cognitos_range_or_not_whole_names_the_field() {
    for bad in ["5", "100", "12.5", "1e1", "-8", "4294967296"] {
        let err =
            parse_with(&format!(r#", "passwordPolicy": {{"minLength": {bad}}}"#)).unwrap_err();
        assert_eq!(err.field(), Some("passwordPolicy.minLength"), "{bad}");
        assert!(err.to_string().contains(bad), "{bad}: {err}");
        assert!(err.fix().contains("6 to 99"), "{}", err.fix());
    }
    for good in ["6", "99"] {
        let config = parse_with(&format!(r#", "passwordPolicy": {{"minLength": {good}}}"#));
        assert!(config.is_ok(), "{good}");
    }
}

#[test]
fn wrong_types_and_unknown_policy_fields_are_refused() {
    for (extra, expected) in [
        (
            r#", "selfSignUp": "yes""#,
            "`selfSignUp` must be a boolean, not a string",
        ),
        (
            r#", "selfSignUp": 1"#,
            "`selfSignUp` must be a boolean, not a number",
        ),
        (
            r#", "passwordPolicy": []"#,
            "passwordPolicy must be an object, not an array",
        ),
        (
            r#", "passwordPolicy": "strict""#,
            "passwordPolicy must be an object, not a string",
        ),
        (
            r#", "passwordPolicy": {"minLength": "12"}"#,
            "`minLength` must be a number, not a string",
        ),
        (
            r#", "passwordPolicy": {"requireSymbols": "true"}"#,
            "`requireSymbols` must be a boolean, not a string",
        ),
        (
            r#", "passwordPolicy": {"MinimumLength": 12}"#,
            "unknown field `MinimumLength`",
        ),
        (
            r#", "passwordPolicy": {"minLength": 8, "minLength": 9}"#,
            "duplicate field `minLength`",
        ),
    ] {
        let err = parse_with(extra).unwrap_err();
        assert!(
            matches!(&err, ConfigError::Json { detail } if detail.contains(expected)),
            "{extra}: {err:?}"
        );
    }
}
