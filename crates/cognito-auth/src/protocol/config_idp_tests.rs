//! Tests of `config_idp`: `identityProviders` is read before anything else and its values end up
//! in a URL and on the page, so every hostile shape is refused with the field named.

use super::*;
use crate::protocol::config::parse_config;
use serde_json::{json, Value};

fn config_with(providers: Value) -> Result<Vec<IdentityProvider>, ConfigError> {
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

fn refused(providers: Value) -> String {
    match config_with(providers.clone()) {
        Err(ConfigError::Invalid { field, problem }) => {
            assert_eq!(field, "identityProviders", "{providers}");
            problem
        }
        other => panic!("{providers} was not refused: {other:?}"),
    }
}

#[test]
fn providers_are_read_with_their_labels() {
    let providers = config_with(json!([
        {"name": "Globex", "label": "Globex"},
        {"name": "acme-saml.v2", "label": "  ACME Corp  "},
        {"name": "Okta_1"}
    ]))
    .unwrap();
    assert_eq!(
        providers,
        [
            IdentityProvider {
                name: "Globex".into(),
                label: "Globex".into()
            },
            IdentityProvider {
                name: "acme-saml.v2".into(),
                label: "ACME Corp".into()
            },
            IdentityProvider {
                name: "Okta_1".into(),
                label: "Okta_1".into()
            },
        ]
    );
}

#[test]
fn absent_null_and_empty_mean_no_buttons() {
    assert_eq!(config_with(Value::Null).unwrap(), []);
    assert_eq!(config_with(json!([])).unwrap(), []);
    let mut json: Value = serde_json::from_str(
        r#"{"region":"us-east-1","userPoolId":"us-east-1_A1","clientId":"c","hostedUiBaseUrl":"http://127.0.0.1:4566",
            "redirectUri":"http://127.0.0.1:8080/callback","logoutUri":"http://127.0.0.1:8080/"}"#,
    )
    .unwrap();
    let config = parse_config(&json.to_string(), "http://127.0.0.1:8080").unwrap();
    assert!(config.identity_providers.is_empty());
    json["identityProviders"] = json!(null);
    assert!(parse_config(&json.to_string(), "http://127.0.0.1:8080").is_ok());
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
        let problem = refused(json!([{"name": name, "label": "x"}]));
        assert!(
            problem.contains("not a provider name"),
            "{name:?}: {problem}"
        );
    }
    // 32 characters is Cognito's limit, and allowed.
    let longest = "a".repeat(MAX_PROVIDER_NAME_LEN);
    assert_eq!(
        config_with(json!([{"name": longest}])).unwrap()[0].name,
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
        &"x".repeat(MAX_LABEL_CHARS + 1),
    ] {
        let problem = refused(json!([{"name": "Globex", "label": label}]));
        assert!(problem.contains("label"), "{label:?}: {problem}");
    }
    let widest = "é".repeat(MAX_LABEL_CHARS);
    assert_eq!(
        config_with(json!([{"name": "G", "label": widest}])).unwrap()[0].label,
        widest
    );
    // Markup is text: the page renders every value as text, the config need not refuse it.
    let markup = config_with(json!([{"name": "G", "label": "<b>Globex</b>"}])).unwrap();
    assert_eq!(markup[0].label, "<b>Globex</b>");
}

#[test]
fn wrong_shapes_too_many_and_duplicates_are_refused() {
    assert!(refused(json!("Globex")).contains("must be an array"));
    assert!(refused(json!({"name": "Globex"})).contains("must be an array"));
    assert!(refused(json!(["Globex"])).contains("not an object"));
    assert!(refused(json!([{"label": "Globex"}])).contains("no `name`"));
    assert!(refused(json!([{"name": 7}])).contains("must be a string"));
    assert!(refused(json!([{"name": "G", "url": "https://evil"}])).contains("unknown field `url`"));
    let six: Vec<Value> = (0..6).map(|i| json!({"name": format!("P{i}")})).collect();
    assert!(refused(json!(six)).contains("at most 5"));
    let five: Vec<Value> = (0..5).map(|i| json!({"name": format!("P{i}")})).collect();
    assert_eq!(config_with(json!(five)).unwrap().len(), 5);
    assert!(refused(json!([{"name": "G"}, {"name": "G", "label": "again"}])).contains("twice"));
}

#[test]
fn the_fix_names_the_rules() {
    let error = config_with(json!([{"name": "a b"}])).unwrap_err();
    assert_eq!(error.field(), Some("identityProviders"));
    let fix = error.fix();
    assert!(
        fix.contains("at most 5") && fix.contains("1 to 32") && fix.contains("COGNITO"),
        "{fix}"
    );
}
