//! Property tests of the token endpoint's answer: any status, any body (nonsense, near-valid
//! JSON, numbers no integer holds) is read without panicking, and only a 2xx with both tokens
//! is ever taken.
#![cfg(not(target_arch = "wasm32"))]

use cognito_auth::protocol::token::{parse_token_response, TokenError};
// Cognito's longest token lifetime (a day): the most `expires_in` may say.
use cognito_auth::session::tokens::MAX_EXPIRES_IN_SECS;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // Failures print the minimal input; no regression files are written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// What an `expires_in` field may hold in a hostile or broken answer. Some are JSON text that
/// no `Value` can hold (`1e400`, 40 digits), so this yields the field's JSON text.
fn expires_in_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just(i64::MIN.to_string()),
        Just(i64::MAX.to_string()),
        Just(u64::MAX.to_string()),
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("3600".to_owned()),
        (0..=200_000_i64).prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| Value::from(f).to_string()),
        Just("3600.5".to_owned()),
        Just("1e400".to_owned()),
        Just("-1e400".to_owned()),
        Just("99999999999999999999999999999999999999".to_owned()),
        Just("\"3600\"".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("[3600]".to_owned()),
        Just("{}".to_owned()),
    ]
}

fn token_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => "[A-Za-z0-9_.-]{1,40}".prop_map(Value::String),
        1 => Just(Value::String(String::new())),
        1 => Just(Value::Null),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(json!(["a"])),
    ]
}

/// A token response that is valid, or nearly: each field present or absent, of the right type
/// or not, with unknown fields beside them.
fn near_valid_body() -> impl Strategy<Value = String> {
    (
        prop::option::weighted(0.9, token_value()),
        prop::option::weighted(0.9, token_value()),
        prop::option::of(token_value()),
        prop::option::of(expires_in_text()),
        prop::option::of(prop_oneof![
            3 => Just(json!("Bearer")),
            1 => Just(json!("bearer")),
            1 => Just(json!("BEARER")),
            1 => Just(json!("mac")),
            1 => Just(json!("")),
            1 => Just(json!(7)),
        ]),
        prop::option::weighted(0.2, ("[a-z_]{1,12}", "\\PC{0,20}")),
    )
        .prop_map(|(id, access, refresh, expires_in, token_type, extra)| {
            let mut fields = Map::new();
            for (name, value) in [
                ("id_token", id),
                ("access_token", access),
                ("refresh_token", refresh),
                ("token_type", token_type),
            ] {
                if let Some(value) = value {
                    fields.insert(name.to_owned(), value);
                }
            }
            if let Some((name, value)) = extra {
                fields.insert(name, Value::String(value));
            }
            let text = Value::Object(fields).to_string();
            match expires_in {
                // Spliced in as text: some of these are numbers no `Value` holds.
                Some(e) if text == "{}" => format!(r#"{{"expires_in":{e}}}"#),
                Some(e) => format!(r#"{{"expires_in":{e},{}"#, &text[1..]),
                None => text,
            }
        })
}

fn any_body() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => near_valid_body(),
        1 => any::<String>(),
        1 => Just(r#"{"error":"invalid_grant","error_description":"Invalid code"}"#.to_owned()),
        1 => Just("<html><body>502 Bad Gateway</body></html>".to_owned()),
    ]
}

/// What the property checks for every answer: never a panic, never tokens from a non-2xx,
/// never an empty token, and the tokens taken are the ones sent.
fn check_answer(status: u16, body: &str) -> Result<(), TestCaseError> {
    let parsed = parse_token_response(status, body);
    let json: Option<Map<String, Value>> = serde_json::from_str(body).ok();
    match parsed {
        Ok(tokens) => {
            prop_assert!(
                (200..300).contains(&status),
                "tokens taken from HTTP {status}"
            );
            let json = json.ok_or_else(|| {
                TestCaseError::fail("tokens from a body that is not a JSON object")
            })?;
            prop_assert_eq!(
                Some(tokens.id_token.secret()),
                json.get("id_token").and_then(Value::as_str)
            );
            prop_assert_eq!(
                Some(tokens.access_token.secret()),
                json.get("access_token").and_then(Value::as_str)
            );
            prop_assert!(!tokens.id_token.secret().is_empty());
            prop_assert!(!tokens.access_token.secret().is_empty());
            if let Some(refresh) = &tokens.refresh_token {
                prop_assert!(!refresh.secret().is_empty());
            }
        }
        Err(TokenError::OAuth(_) | TokenError::Http { .. }) => {
            prop_assert!(!(200..300).contains(&status));
        }
        Err(TokenError::Malformed { .. } | TokenError::MissingIdToken) => {
            prop_assert!((200..300).contains(&status));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_answer_is_read_without_panic(
        status in prop_oneof![3 => 200..=299_u16, 1 => any::<u16>(), 1 => 400..=599_u16],
        body in any_body(),
    ) {
        check_answer(status, &body)?;
    }

    #[test]
    fn a_success_with_any_expires_in_is_read_without_panic(
        expires_in in expires_in_text(),
        token_type in prop_oneof![Just(""), Just(r#","token_type":"Bearer""#)],
    ) {
        let body = format!(
            r#"{{"id_token":"i.d.t","access_token":"a.c.c","refresh_token":"r","expires_in":{expires_in}{token_type}}}"#
        );
        check_answer(200, &body)?;
    }
}

proptest! {
    #![proptest_config(config())]

    /// `expires_in` feeds timers and the display of time left: whatever the answer says, what
    /// the parser hands on is within `0..=MAX_EXPIRES_IN_SECS` (a day: Cognito's limits are 5
    /// minutes to a day), or the answer is refused.
    #[test]
    fn expires_in_is_bounded(expires_in in expires_in_text()) {
        let body = format!(
            r#"{{"id_token":"i.d.t","access_token":"a.c.c","expires_in":{expires_in}}}"#
        );
        if let Ok(tokens) = parse_token_response(200, &body) {
            if let Some(secs) = tokens.expires_in {
                prop_assert!(
                    (0..=MAX_EXPIRES_IN_SECS).contains(&secs),
                    "expires_in {secs} taken from {body}"
                );
            }
        }
    }
}
