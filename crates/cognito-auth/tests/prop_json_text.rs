//! Property tests of the config's JSON reader (`protocol::json_text`): it accepts exactly what
//! `serde_json` accepts (within its depth bound), never panics on any input, and reads back the
//! strings and structure `serde_json` wrote.
#![cfg(not(target_arch = "wasm32"))]

use cognito_auth::protocol::json_text::{parse, JsonValue, MAX_DEPTH};
use proptest::prelude::*;
use serde_json::Value;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Arbitrary JSON values: every escape-worthy character appears in strings and keys.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}\u{fffd}\u{10ffff}a-z]{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Compares the structure, strings and keys; a number's kept text must read as serde's number.
fn same(ours: &JsonValue, theirs: &Value) -> bool {
    match (ours, theirs) {
        (JsonValue::Null, Value::Null) => true,
        (JsonValue::Number(text), Value::Number(n)) => {
            // Rust's own float reading is exact (serde_json's default one is not).
            text.parse::<f64>().ok() == n.as_f64()
        }
        (JsonValue::Bool(a), Value::Bool(b)) => a == b,
        (JsonValue::String(a), Value::String(b)) => a == b,
        (JsonValue::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (JsonValue::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn reads_back_what_serde_json_wrote(value in value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let ours = parse(&text);
        prop_assert!(ours.as_ref().is_ok_and(|v| same(v, &value)), "{text:?} gave {ours:?}");
    }

    #[test]
    fn accepts_exactly_what_serde_json_accepts(text in any::<String>()) {
        agree(&text)?;
    }

    #[test]
    fn accepts_exactly_what_serde_json_accepts_near_json(
        text in "[ \\t\\n{}\\[\\],:\"\\\\/bfnrtu0-9a-fA-FeE.+\\-]{0,24}"
    ) {
        agree(&text)?;
    }

    #[test]
    fn integers_read_as_i64_exactly_as_serde_reads_them(
        text in "-?[0-9]{1,21}(\\.[0-9])?"
    ) {
        if let Ok(value) = parse(&text) {
            prop_assert_eq!(value.as_i64(), serde_json::from_str::<i64>(&text).ok(), "{}", text);
        }
    }
}

fn agree(text: &str) -> Result<(), TestCaseError> {
    let theirs = serde_json::from_str::<Value>(text);
    let ours = parse(text);
    match (&ours, &theirs) {
        (Ok(v), Ok(w)) => prop_assert!(same(v, w), "{text:?}: {v:?} vs {w:?}"),
        // serde_json keeps the last of duplicate keys; the reader refuses them.
        (Err(e), Ok(w)) => prop_assert!(
            e.contains("duplicate field") || depth(w) > MAX_DEPTH,
            "{text:?} refused ({e}) but serde_json reads {w:?}"
        ),
        (Ok(v), Err(e)) => prop_assert!(false, "{text:?} read as {v:?} but serde_json says {e}"),
        (Err(_), Err(_)) => {}
    }
    Ok(())
}
