//! Tests of the API access page's scripts: they parse, they answer the two-factor challenge, and
//! no config value can turn into code. The interpreters the scripts are written for (bash,
//! python3) check them, as the test command already needs both.

use super::*;
use cognito_auth::protocol::config::parse_config;
use std::io::Write as _;
use std::process::{Command, Stdio};

fn config_with(api_client_id: &str, api_base_url: &str) -> Config {
    let json = serde_json::json!({
        "region": "us-east-1",
        "userPoolId": "us-east-1_AbC123",
        "clientId": "client1",
        "hostedUiBaseUrl": "http://127.0.0.1:4566",
        "redirectUri": "http://127.0.0.1:8080/callback",
        "logoutUri": "http://127.0.0.1:8080/",
        "apiBaseUrl": api_base_url,
        "apiClientId": api_client_id,
        "endpoints": { "idp": "http://127.0.0.1:4566/" }
    });
    parse_config(&json.to_string(), "http://127.0.0.1:8080").unwrap()
}

fn config() -> Config {
    config_with(
        "apiclient1",
        "http://127.0.0.1:4566/_aws/execute-api/abc/prod",
    )
}

/// Runs `program args…` with `input` on stdin; its stdout, or the failure with stderr.
fn run(program: &str, args: &[&str], input: &str) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    if output.status.success() {
        Ok(String::from_utf8(output.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

const HOSTILE: &[&str] = &[
    "x'; touch /tmp/pwned; echo '",
    "x\"; import os; os.system('touch /tmp/pwned'); \"",
    "$(touch /tmp/pwned)`touch /tmp/pwned`",
    "back\\slash\nnew line\ttab \u{2028} é \u{0}",
    "",
];

#[test]
fn a_shell_quoted_value_is_one_word_with_the_same_bytes() {
    for value in HOSTILE.iter().filter(|v| !v.contains('\0')) {
        let script = format!("printf '%s' {}", shell_quoted(value));
        assert_eq!(
            run("bash", &["-c", &script], "").unwrap(),
            *value,
            "{script}"
        );
    }
    assert_eq!(shell_quoted("it's"), r"'it'\''s'");
}

#[test]
fn a_python_quoted_value_is_one_literal_with_the_same_text() {
    for value in HOSTILE {
        let script = format!("import sys; sys.stdout.write({})", python_quoted(value));
        assert_eq!(
            run("python3", &["-c", &script], "").unwrap(),
            *value,
            "{script}"
        );
    }
}

#[test]
fn both_scripts_parse_and_every_placeholder_is_filled() {
    let config = config();
    let curl = curl_snippet(&config);
    let python = python_snippet(&config);
    for script in [&curl, &python] {
        for placeholder in ["@IDP@", "@CLIENT_ID@", "@ME_URL@"] {
            assert!(
                !script.contains(placeholder),
                "{placeholder} left in {script}"
            );
        }
        assert!(script.contains("apiclient1"));
        assert!(script.contains("http://127.0.0.1:4566/_aws/execute-api/abc/prod/me"));
    }
    run("bash", &["-n"], &curl).unwrap();
    run(
        "python3",
        &["-c", "import ast, sys; ast.parse(sys.stdin.read())"],
        &python,
    )
    .unwrap();
}

#[test]
fn both_scripts_answer_the_authenticator_challenge_with_the_code_and_session() {
    for script in [curl_snippet(&config()), python_snippet(&config())] {
        for needed in [
            "InitiateAuth",
            "USER_PASSWORD_AUTH",
            "SOFTWARE_TOKEN_MFA",
            "RespondToAuthChallenge",
            "SOFTWARE_TOKEN_MFA_CODE",
            "USER_ID_FOR_SRP",
            "Session",
            "IdToken",
        ] {
            assert!(script.contains(needed), "{needed} missing from {script}");
        }
    }
}

/// The shell script never puts the password, the challenge session, the code or a token on a
/// command line (which `ps` shows every local user): they travel in the environment and on
/// standard input. Checked on the script's words: no argument expands one of them.
#[test]
fn the_shell_script_keeps_secrets_off_command_lines() {
    let curl = curl_snippet(&config());
    for line in curl.lines() {
        for secret in [
            "$PORTAL_PASSWORD",
            "$SESSION",
            "$CODE",
            "$ID_TOKEN",
            "$ANSWER",
        ] {
            if line.contains(secret) {
                let allowed = line.trim_start().starts_with("printf '%s' \"$ANSWER\" |")
                    || line.starts_with("ANSWER=$(printf '%s' \"$PORTAL_PASSWORD\" | python3")
                    || line.contains("| read_answer")
                    || line.starts_with("printf 'Authorization: %s\\n' \"$ID_TOKEN\" | curl")
                    || line.contains("=~");
                assert!(allowed, "{secret} on a command line: {line}");
            }
        }
    }
}

/// A config whose values hold quotes and command substitutions (a tampered or mistaken
/// `/config.json`) gives scripts that still only print: the values stay data.
#[test]
fn hostile_config_values_stay_data_in_both_scripts() {
    for hostile in HOSTILE
        .iter()
        .filter(|v| !v.is_empty() && !v.contains('\0'))
    {
        let config = config_with(hostile, "http://127.0.0.1:4566/prod");
        let curl = curl_snippet(&config);
        // Run only the assignments: the client id must come out exactly as configured.
        let line = curl
            .lines()
            .position(|l| l.starts_with("export CLIENT_ID="))
            .unwrap();
        let assignment = curl
            .lines()
            .skip(line)
            .take_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let script = format!("{assignment}\nprintf '%s' \"$CLIENT_ID\"");
        assert_eq!(
            run("bash", &["-c", &script], "").unwrap(),
            *hostile,
            "{script}"
        );

        let python = python_snippet(&config);
        let assignment = python
            .lines()
            .find(|l| l.starts_with("CLIENT_ID = "))
            .unwrap();
        let script = format!("import sys\n{assignment}\nsys.stdout.write(CLIENT_ID)");
        assert_eq!(
            run("python3", &["-c", &script], "").unwrap(),
            *hostile,
            "{script}"
        );
    }
}

/// The shell script with a stand-in `curl` first on PATH, which records its arguments and the
/// body it was sent, and answers as Cognito and the API would. `env` is added to the script's
/// environment, `typed` is its standard input. Returns (stdout or stderr, arguments, bodies, the stand-in curl's environments).
fn run_curl_snippet_offline(
    env: &[(&str, &str)],
    typed: &str,
) -> (Result<String, String>, String, String, String) {
    let dir = std::env::temp_dir().join(format!(
        "snippet-test-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let fake = dir.join("curl");
    std::fs::write(
        &fake,
        "#!/usr/bin/env bash\n\
         printf '%s\\n' \"$*\" >> \"$FAKE_DIR/argv\"\n\
         env >> \"$FAKE_DIR/environ\"\n\
         body=$(cat); printf '%s\\n' \"$body\" >> \"$FAKE_DIR/bodies\"\n\
         case \"$*\" in\n\
           *InitiateAuth*) printf '%s' '{\"AuthenticationResult\": {\"IdToken\": \"id-token-1\"}}' ;;\n\
           *) printf '%s' '{\"email\": \"you@example.com\"}' ;;\n\
         esac\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", fake.to_str().unwrap()])
        .status()
        .unwrap();
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    let mut command = Command::new("bash");
    command
        .args(["-c", &curl_snippet(&config())])
        .env("PATH", path)
        .env("FAKE_DIR", &dir)
        .env_remove("PORTAL_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(typed.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let result = if output.status.success() {
        Ok(String::from_utf8(output.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let read = |name| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let recorded = (read("argv"), read("bodies"), read("environ"));
    std::fs::remove_dir_all(&dir).unwrap();
    (result, recorded.0, recorded.1, recorded.2)
}

/// A password with quotes, backslashes, `$(…)` and spaces, typed at the prompt, reaches Cognito
/// byte for byte inside the JSON body, and never a command line (the stand-in curl's arguments)
/// nor the script's text.
#[test]
fn the_shell_script_reads_the_password_at_a_prompt_and_sends_it_as_json_data() {
    let password = r#"pa'ss"w\o\\rd $(touch /tmp/pwned) `x` %s é"#;
    let script = curl_snippet(&config());
    assert!(
        !script.contains("your password"),
        "no password in the script's text"
    );
    assert!(script.contains("read -r -s -p 'Password: ' PORTAL_PASSWORD"));
    let (result, argv, bodies, environ) = run_curl_snippet_offline(&[], &format!("{password}\n"));
    assert_eq!(result.unwrap(), r#"{"email": "you@example.com"}"#);
    let first: serde_json::Value = serde_json::from_str(bodies.lines().next().unwrap()).unwrap();
    assert_eq!(first["AuthFlow"], "USER_PASSWORD_AUTH");
    assert_eq!(first["AuthParameters"]["PASSWORD"], password);
    assert_eq!(first["AuthParameters"]["USERNAME"], "you@example.com");
    assert_eq!(first["ClientId"], "apiclient1");
    assert!(
        !argv.contains("pa'ss"),
        "the password on a command line: {argv}"
    );
    assert!(
        !argv.contains("id-token-1"),
        "the token on a command line: {argv}"
    );
    assert!(!std::path::Path::new("/tmp/pwned").exists());
    assert!(
        !environ.is_empty() && !environ.contains("pa'ss"),
        "the password in the environment of a program the script runs"
    );
}

/// Without a typed password (end of input) the script stops and says what to do, sending
/// nothing; with `PORTAL_PASSWORD` in the environment it asks for nothing.
#[test]
fn the_shell_script_takes_the_password_from_the_environment_or_stops_without_one() {
    let (result, argv, _, _) = run_curl_snippet_offline(&[], "");
    let stderr = result.unwrap_err();
    assert!(
        stderr.contains("Type your portal password at the prompt"),
        "{stderr}"
    );
    assert!(
        argv.is_empty(),
        "nothing is sent without a password: {argv}"
    );
    let (result, _, bodies, _) =
        run_curl_snippet_offline(&[("PORTAL_PASSWORD", "from \"env\"\\")], "");
    assert_eq!(result.unwrap(), r#"{"email": "you@example.com"}"#);
    let first: serde_json::Value = serde_json::from_str(bodies.lines().next().unwrap()).unwrap();
    assert_eq!(first["AuthParameters"]["PASSWORD"], "from \"env\"\\");
}
