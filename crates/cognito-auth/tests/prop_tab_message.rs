//! Property tests of the tab-message parser: whatever another tab, another version of the app or
//! another script on the origin posts on the channel, parsing never panics, drops what it does
//! not understand, and bounds the numbers it hands on (issue #10, item 5).
#![cfg(not(target_arch = "wasm32"))]

use cognito_auth::session::tab_message::{
    DropReason, RequestId, TabMessage, MAX_MESSAGE_BYTES, REQUEST_ID_BYTES,
};
use cognito_auth::session::tokens::MAX_EXPIRES_IN_SECS;
use proptest::prelude::*;
use serde_json::{json, Value};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Numbers a hostile message may carry where an integer is expected, as JSON text.
fn hostile_number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just(i64::MIN.to_string()),
        Just(i64::MAX.to_string()),
        Just(u64::MAX.to_string()),
        Just(u16::MAX.to_string()),
        Just("65536".to_owned()),
        Just("-1".to_owned()),
        any::<f64>().prop_map(|f| Value::from(f).to_string()),
        Just("1e400".to_owned()),
        Just("-99999999999999999999999999999999999999".to_owned()),
        Just("\"3600\"".to_owned()),
        Just("null".to_owned()),
    ]
}

/// A message as another tab (or another script) could post it: one of the known types with its
/// fields, numbers from [`hostile_number`], and now and then a field missing, a field added or
/// an unknown type.
fn message_text() -> impl Strategy<Value = String> {
    let request = prop_oneof![
        4 => any::<[u8; REQUEST_ID_BYTES]>()
            .prop_map(|b| String::from(RequestId::from_random(&b))),
        1 => "[A-Za-z0-9_-]{0,30}",
        1 => "\\PC{0,30}",
    ];
    let token = prop_oneof![4 => "[A-Za-z0-9_.-]{8,40}", 1 => "\\PC{0,10}"];
    let cause = prop_oneof![
        hostile_number().prop_map(|n| format!(r#"{{"kind":"status","status":{n}}}"#)),
        Just(r#"{"kind":"no-answer"}"#.to_owned()),
        hostile_number(),
    ];
    let ended = prop_oneof![
        Just("null".to_owned()),
        "[a-z_]{1,20}".prop_map(|c| format!(r#"{{"code":"{c}","description":null}}"#)),
        hostile_number(),
    ];
    (
        0..7_u8,
        request,
        token.clone(),
        token.clone(),
        prop::option::of(token),
        hostile_number(),
        any::<bool>(),
        (cause, ended),
        prop::option::weighted(0.15, any::<prop::sample::Index>()),
        prop::option::weighted(0.1, "[a-zA-Z]{1,10}"),
    )
        .prop_map(
            |(
                kind,
                request,
                id,
                access,
                refresh,
                expires_in,
                rotated,
                (cause, ended),
                drop,
                extra,
            )| {
                let quoted = |s: &str| json!(s).to_string();
                let (kind, mut fields): (&str, Vec<(&str, String)>) = match kind {
                    0 => ("ask", vec![("request", quoted(&request))]),
                    1 => (
                        "answer",
                        vec![
                            ("request", quoted(&request)),
                            ("idToken", quoted(&id)),
                            ("accessToken", quoted(&access)),
                            (
                                "refreshToken",
                                refresh.as_deref().map_or("null".into(), quoted),
                            ),
                            ("expiresIn", expires_in),
                        ],
                    ),
                    2 => (
                        "refreshed",
                        vec![
                            ("idToken", quoted(&id)),
                            ("accessToken", quoted(&access)),
                            ("expiresIn", expires_in),
                            ("rotated", rotated.to_string()),
                        ],
                    ),
                    3 => ("signed-in", vec![]),
                    4 => ("signed-out", vec![("ended", ended)]),
                    5 => ("refresh-failed", vec![("cause", cause)]),
                    // The message of the version before: no longer understood.
                    _ => (
                        "session",
                        vec![("idToken", quoted(&id)), ("driftSecs", expires_in)],
                    ),
                };
                if let Some(i) = drop {
                    if !fields.is_empty() {
                        fields.remove(i.index(fields.len()));
                    }
                }
                let mut parts = vec![format!(r#""type":{}"#, quoted(kind))];
                parts.extend(fields.into_iter().map(|(k, v)| format!(r#""{k}":{v}"#)));
                if let Some(name) = extra {
                    parts.push(format!("{}:1", quoted(&name)));
                }
                format!("{{{}}}", parts.join(","))
            },
        )
}

/// Whatever is posted: parsing returns, an accepted message says the same when sent again,
/// and the tokens it yields have a bounded `expires_in`.
fn check_message(text: &str) -> Result<(), TestCaseError> {
    match TabMessage::parse(text) {
        Ok(message) => {
            prop_assert!(text.len() <= MAX_MESSAGE_BYTES);
            let again = message.to_json();
            prop_assert_eq!(TabMessage::parse(&again), Ok(message.clone()));
            if let Some(tokens) = message.tokens() {
                if let Some(secs) = tokens.expires_in {
                    prop_assert!((0..=MAX_EXPIRES_IN_SECS).contains(&secs), "{secs}");
                }
            }
            // Debug output is for logs: it never shows a token.
            let shown = format!("{message:?}");
            if let Some(tokens) = message.tokens() {
                for secret in [tokens.id_token.secret(), tokens.access_token.secret()] {
                    if secret.len() >= 8 {
                        prop_assert!(!shown.contains(secret), "{shown}");
                    }
                }
            }
        }
        Err(DropReason::Oversized { bytes }) => {
            prop_assert_eq!(bytes, text.len());
            prop_assert!(text.len() > MAX_MESSAGE_BYTES);
        }
        Err(DropReason::Malformed) => prop_assert!(text.len() <= MAX_MESSAGE_BYTES),
        // Decided by the machine, never by the parser.
        Err(DropReason::Unexpected) => {
            return Err(TestCaseError::fail(
                "the parser judged a message unexpected",
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_posted_is_parsed_without_panic(text in prop_oneof![
        any::<String>(),
        "\\PC{0,200}",
        message_text(),
    ]) {
        check_message(&text)?;
    }

    #[test]
    fn messages_with_extreme_numbers_are_parsed_without_panic(text in message_text()) {
        check_message(&text)?;
    }
}

#[test]
fn an_oversized_message_is_dropped_unread() {
    let text = format!(
        r#"{{"type":"ask","request":"{}","pad":"{}"}}"#,
        "A".repeat(22),
        " ".repeat(MAX_MESSAGE_BYTES)
    );
    assert_eq!(
        TabMessage::parse(&text),
        Err(DropReason::Oversized { bytes: text.len() })
    );
}
