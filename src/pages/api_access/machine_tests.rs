//! The client-credentials script: it parses, no config value becomes code, and neither the secret
//! nor a token is ever a command-line argument.

use super::*;
use cognito_auth::protocol::config::parse_config;
use std::process::Command;

fn config(machine: &str, api: &str) -> Config {
    let json = serde_json::json!({
        "region": "us-east-1",
        "userPoolId": "us-east-1_AbC123",
        "clientId": "client1",
        "hostedUiBaseUrl": "http://127.0.0.1:4566",
        "redirectUri": "http://127.0.0.1:8080/callback",
        "logoutUri": "http://127.0.0.1:8080/",
        "apiBaseUrl": api,
        "machineClientId": machine,
    });
    parse_config(&json.to_string(), "http://127.0.0.1:8080").unwrap()
}

#[test]
fn the_script_parses_and_names_the_token_endpoint_the_client_and_both_routes() {
    let script = machine_snippet(&config(
        "machine1",
        "http://127.0.0.1:4566/_aws/execute-api/a/prod",
    ))
    .unwrap();
    assert!(script.contains("CLIENT_ID='machine1'"), "{script}");
    assert!(
        script.contains("TOKEN_URL='http://127.0.0.1:4566/oauth2/token'"),
        "{script}"
    );
    assert!(script.contains("/prod/analyses'"), "{script}");
    assert!(script.contains("grant_type=client_credentials"), "{script}");
    let parsed = Command::new("bash")
        .arg("-n")
        .arg("-c")
        .arg(&script)
        .status()
        .unwrap();
    assert!(parsed.success());
}

#[test]
fn the_secret_and_the_token_reach_curl_on_stdin_never_in_argv() {
    let script = machine_snippet(&config("machine1", "http://127.0.0.1:4566/x/prod")).unwrap();
    for line in script
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && l.contains("curl "))
    {
        assert!(!line.contains(" -u ") && !line.contains("--user"), "{line}");
        assert!(
            !line.contains("-H \"Authorization") && !line.contains("-H 'Authorization"),
            "{line}"
        );
        assert!(line.contains("-K -"), "{line}");
    }
    // The secret is only ever expanded as an argument of the shell's builtin printf.
    for line in script
        .lines()
        .filter(|l| l.contains("$PORTAL_MACHINE_SECRET"))
    {
        assert!(
            line.contains("printf '%s:%s'") || line.contains("read -rsp"),
            "{line}"
        );
    }
}

#[test]
fn hostile_config_values_are_not_shown_or_stay_one_shell_word() {
    // A client id that is not Cognito's form is not offered at all.
    assert_eq!(
        machine_snippet(&config("x'; rm -rf ~; '", "http://127.0.0.1:4566/p")),
        None
    );
    assert_eq!(
        machine_snippet(&config("", "http://127.0.0.1:4566/p")),
        None
    );
    // An API URL with a quote stays inside its single-quoted word.
    let script = machine_snippet(&config(
        "machine1",
        "http://127.0.0.1:4566/p'$(touch /tmp/pwned)'",
    ))
    .unwrap();
    assert!(script.contains(r"'\''"), "{script}");
    let parsed = Command::new("bash")
        .arg("-n")
        .arg("-c")
        .arg(&script)
        .status()
        .unwrap();
    assert!(parsed.success());
}

#[test]
fn the_script_takes_its_routes_and_scope_from_the_route_table() {
    let script = machine_snippet(&config("machine1", "http://127.0.0.1:4566/x/prod")).unwrap();
    let scope = cognito_auth::protocol::api_routes::READ_SCOPE.replace('/', "%2F");
    assert!(
        script.contains(&format!("grant_type=client_credentials&scope={scope}'")),
        "{script}"
    );
    assert!(!script.contains('@'), "a placeholder was left: {script}");
    assert!(
        script.contains("ME_URL='http://127.0.0.1:4566/x/prod/me'"),
        "{script}"
    );
    assert!(
        script.contains("ANALYSES_URL='http://127.0.0.1:4566/x/prod/analyses'"),
        "{script}"
    );
}
