//! The store's configuration from the Lambda's environment: checked, the endpoint chosen as the
//! SDK would, plain http only to this machine, nothing secret in `Debug`.

use portal_api::aws_env::{check_table, AwsConfig, ConfigError, Endpoint};
use std::collections::HashMap;

fn config(vars: &[(&str, &str)]) -> Result<AwsConfig, ConfigError> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    AwsConfig::from_vars(|name| vars.get(name).cloned())
}

const LAMBDA: &[(&str, &str)] = &[
    ("AWS_REGION", "eu-west-1"),
    ("AWS_ACCESS_KEY_ID", "ASIAEXAMPLEKEY123456"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ),
    ("AWS_SESSION_TOKEN", "IQoJb3JpZ2luX2VjEXAMPLE/+=="),
];

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut vars: Vec<_> = LAMBDA
        .iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .copied()
        .collect();
    vars.extend(extra.iter().filter(|(_, v)| !v.is_empty()));
    vars
}

#[test]
fn on_aws_the_regional_endpoint_over_tls_and_the_roles_credentials() {
    let config = config(LAMBDA).unwrap();
    assert_eq!(config.region, "eu-west-1");
    assert_eq!(
        config.endpoint.url(),
        "https://dynamodb.eu-west-1.amazonaws.com/"
    );
    assert_eq!(
        config.credentials.access_key_id.expose(),
        "ASIAEXAMPLEKEY123456"
    );
    assert!(config.credentials.session_token.is_some());
    let shown = format!("{config:?}");
    for secret in ["ASIAEXAMPLE", "wJalrXUtnFEMI", "IQoJb3JpZ2lu"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[test]
fn the_endpoint_comes_from_the_dynamodb_variable_then_the_general_one() {
    let local = config(&with(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")])).unwrap();
    assert_eq!(local.endpoint.url(), "http://127.0.0.1:4566/");
    assert_eq!(local.endpoint.authority, "127.0.0.1:4566");
    let both = config(&with(&[
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
        (
            "AWS_ENDPOINT_URL_DYNAMODB",
            "https://dynamodb.example.com:8443/",
        ),
    ]))
    .unwrap();
    assert_eq!(both.endpoint.url(), "https://dynamodb.example.com:8443/");
    assert!(both.endpoint.tls);
    // Without a session token (an IAM user's keys): signed without one.
    let no_token = config(&with(&[("AWS_SESSION_TOKEN", "")])).unwrap();
    assert_eq!(no_token.credentials.session_token, None);
}

#[test]
fn plain_http_is_refused_unless_to_this_machine() {
    for ok in [
        "http://localhost:4566",
        "http://[::1]:4566",
        "http://127.0.0.1",
    ] {
        assert!(Endpoint::parse(ok).is_ok(), "{ok}");
    }
    assert_eq!(
        Endpoint::parse("http://dynamodb.us-east-1.amazonaws.com"),
        Err(ConfigError::PlainHttpNotLoopback)
    );
    assert_eq!(
        Endpoint::parse("http://127.0.0.1.evil.example"),
        Err(ConfigError::PlainHttpNotLoopback)
    );
}

#[test]
fn malformed_endpoints_are_refused() {
    assert_eq!(Endpoint::parse("ftp://x"), Err(ConfigError::EndpointScheme));
    assert_eq!(
        Endpoint::parse("dynamodb.example.com"),
        Err(ConfigError::EndpointScheme)
    );
    for bad in [
        "https://",
        "https://user:pw@host",
        "https://host/path",
        "https://host?q=1",
        "https://host#f",
        "https://host:0",
        "https://host:+443",
        "https://host:65536",
        "https://host:",
        "https://host:1:2",
        "https://[fe80::1]:443",
        "https://ho st",
        "https://host\r\nX-Injected: 1",
    ] {
        assert_eq!(
            Endpoint::parse(bad),
            Err(ConfigError::EndpointMalformed),
            "{bad}"
        );
    }
    assert_eq!(
        config(&with(&[("AWS_ENDPOINT_URL", "http://10.0.0.1:4566")])),
        Err(ConfigError::PlainHttpNotLoopback)
    );
}

#[test]
fn missing_or_malformed_values_are_named() {
    assert_eq!(
        config(&with(&[("AWS_REGION", "")])),
        Err(ConfigError::Region)
    );
    assert_eq!(
        config(&with(&[("AWS_REGION", "us-east-1/x")])),
        Err(ConfigError::Region)
    );
    assert_eq!(
        config(&with(&[("AWS_REGION", "US-EAST-1")])),
        Err(ConfigError::Region)
    );
    assert_eq!(
        config(&with(&[("AWS_ACCESS_KEY_ID", "")])),
        Err(ConfigError::Credentials)
    );
    assert_eq!(
        config(&with(&[("AWS_ACCESS_KEY_ID", "AKIA/../x")])),
        Err(ConfigError::Credentials)
    );
    assert_eq!(
        config(&with(&[("AWS_SECRET_ACCESS_KEY", "")])),
        Err(ConfigError::Credentials)
    );
    assert_eq!(
        config(&with(&[("AWS_SECRET_ACCESS_KEY", "with space")])),
        Err(ConfigError::Credentials)
    );
    // A token with a line break would smuggle a header into every request.
    assert_eq!(
        config(&with(&[("AWS_SESSION_TOKEN", "abc\r\nX-Injected: 1")])),
        Err(ConfigError::SessionToken)
    );
    let huge = "A".repeat(5000);
    let huge: &'static str = Box::leak(huge.into_boxed_str());
    assert_eq!(
        config(&with(&[("AWS_SESSION_TOKEN", huge)])),
        Err(ConfigError::SessionToken)
    );
    for error in [
        ConfigError::Region,
        ConfigError::Credentials,
        ConfigError::Table,
    ] {
        assert!(error.reason().starts_with("dynamodb not configured: "));
    }
}

#[test]
fn table_names_are_checked() {
    assert_eq!(
        check_table("portal-analyses_1.x"),
        Ok("portal-analyses_1.x")
    );
    for bad in ["", "ab", "a b c", "tab/le", &"t".repeat(256)] {
        assert_eq!(check_table(bad), Err(ConfigError::Table), "{bad}");
    }
}
