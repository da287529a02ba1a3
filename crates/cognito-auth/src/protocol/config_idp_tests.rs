//! Tests of `config_idp`: `identityProviders` is read before anything else and its values end up
//! in a URL and on the page, so every hostile shape is refused with the field named.

use super::*;
use crate::protocol::config::parse_config;
use serde_json::{json, Value};

fn config_with(providers: &Value) -> Result<Vec<IdentityProvider>, ConfigError> {
    let json = json!({
        "region": "us-east-1",
        "userPoolId": "us-east-1_AbC123",
        "clientId": "client1",
        "hostedUiBaseUrl": "http://127.0.0.1:4566",
        "redirectUri": "http://127.0.0.1:8080/callback",
        "logoutUri": "http://127.0.0.1:8080/",
        "identityProviders": providers,
    });
    parse_config(&json.to_string(), "http://127.0.0.1:8080").map(|c| c.identity_providers)
}

fn assert_refused(providers: &Value) {
    match config_with(providers) {
        Err(ConfigError::Invalid { field, problem }) => {
            assert_eq!(field, "identityProviders", "{providers}");
            assert!(
                problem.contains("is not a list of at most 5 valid"),
                "{problem}"
            );
        }
        other => panic!("{providers} was not refused: {other:?}"),
    }
}

fn provider(name: &str, label: &str) -> IdentityProvider {
    IdentityProvider {
        name: name.into(),
        label: label.into(),
    }
}

#[test]
fn providers_are_read_with_their_labels() {
    let providers = config_with(&json!([
        {"name": "Globex", "label": "Globex"},
        {"name": "acme-saml.v2", "label": "ACME Corp"},
        {"name": "Okta_1"}
    ]))
    .unwrap();
    assert_eq!(
        providers,
        [
            provider("Globex", "Globex"),
            provider("acme-saml.v2", "ACME Corp"),
            provider("Okta_1", "Okta_1"),
        ]
    );
}

#[test]
fn absent_null_and_empty_mean_no_buttons() {
    assert_eq!(config_with(&Value::Null).unwrap(), []);
    assert_eq!(config_with(&json!([])).unwrap(), []);
    let json = json!({"region": "us-east-1", "userPoolId": "us-east-1_A1", "clientId": "c",
        "hostedUiBaseUrl": "http://127.0.0.1:4566", "redirectUri": "http://127.0.0.1:8080/callback",
        "logoutUri": "http://127.0.0.1:8080/"});
    let config = parse_config(&json.to_string(), "http://127.0.0.1:8080").unwrap();
    assert!(config.identity_providers.is_empty());
}

#[test]
fn names_that_could_change_the_url_or_mean_something_else_are_refused() {
    for name in [
        "",
        "Globex&client_id=evil",
        "Globex#x",
        "Glo bex",
        "Globex\n",
        "Глобекс",
        "_Globex",
        "COGNITO",
        "cognito",
        "a23456789012345678901234567890123",
        "../x/y",
    ] {
        assert_refused(&json!([{"name": name, "label": "x"}]));
        assert!(!is_provider_name(name), "{name:?}");
    }
    // 32 characters is Cognito's limit, and allowed.
    let longest = "a".repeat(MAX_PROVIDER_NAME_LEN);
    assert_eq!(
        config_with(&json!([{"name": longest}])).unwrap()[0].name,
        longest
    );
}

#[test]
fn labels_are_bounded_and_plain() {
    for label in [
        "",
        "   ",
        "Globex\u{7}",
        "Glo\nbex",
        "Glo\u{85}bex",
        // Invisible or reordering characters: "Sign in with" must show what it sends.
        "\u{202E}xebolG",
        "Glo\u{200B}bex",
        "Globex\u{2066}",
        "\u{FEFF}Globex",
        &"x".repeat(MAX_LABEL_BYTES + 1),
    ] {
        assert_refused(&json!([{"name": "Globex", "label": label}]));
    }
    let widest = "é".repeat(MAX_LABEL_BYTES / 2);
    assert_eq!(
        config_with(&json!([{"name": "G", "label": widest}])).unwrap()[0].label,
        widest
    );
    // Markup is text: the page renders every value as text, the config need not refuse it.
    let markup = config_with(&json!([{"name": "G", "label": "<b>Globex</b>"}])).unwrap();
    assert_eq!(markup[0].label, "<b>Globex</b>");
}

#[test]
fn wrong_shapes_too_many_and_duplicates_are_refused() {
    for shape in [
        json!("Globex"),
        json!({"name": "Globex"}),
        json!(["Globex"]),
        json!([{"label": "Globex"}]),
        json!([{"name": null}]),
        json!([{"name": 7}]),
        json!([{"name": "G", "label": 7}]),
        json!([{"name": "G", "url": "https://evil"}]),
        json!((0..6)
            .map(|i| json!({"name": format!("P{i}")}))
            .collect::<Vec<_>>()),
        json!([{"name": "G"}, {"name": "G", "label": "again"}]),
    ] {
        assert_refused(&shape);
    }
    let five: Vec<Value> = (0..5).map(|i| json!({"name": format!("P{i}")})).collect();
    assert_eq!(config_with(&json!(five)).unwrap().len(), 5);
    // Case counts, as in Cognito: two names differing in case are two providers.
    assert_eq!(
        config_with(&json!([{"name": "G"}, {"name": "g"}]))
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn the_fix_names_the_rules() {
    let error = config_with(&json!([{"name": "a b"}])).unwrap_err();
    assert_eq!(error.field(), Some("identityProviders"));
    let fix = error.fix();
    assert!(
        fix.contains("at most 5") && fix.contains("1 to 32") && fix.contains("COGNITO"),
        "{fix}"
    );
}
