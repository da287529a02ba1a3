use super::*;

#[test]
fn reads_objects_arrays_strings_and_literals() {
    let value = parse(
        r#" {"a": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "b": [true, false, null, -1.5e3], "c": {}} "#,
    );
    assert_eq!(
        value,
        Ok(JsonValue::Object(vec![
            (
                "a".into(),
                JsonValue::String("x\"\\/\u{8}\u{c}\n\r\té😀".into())
            ),
            (
                "b".into(),
                JsonValue::Array(vec![
                    JsonValue::Bool(true),
                    JsonValue::Bool(false),
                    JsonValue::Null,
                    JsonValue::Number("-1.5e3".into())
                ])
            ),
            ("c".into(), JsonValue::Object(vec![])),
        ]))
    );
}

#[test]
fn refuses_what_json_does_not_allow_and_says_where() {
    for (text, what) in [
        ("{\"a\": 1,}", "key must be a string at line 1 column 9"),
        ("[1 2]", "expected `,` or `]` at line 1 column 4"),
        ("{\n  \"a\": 01}", "expected `,` or `}` at line 2 column 9"),
        ("\"tab\there\"", "control character"),
        ("\"\\ud800\"", "lone leading surrogate"),
        ("\"\\x\"", "invalid escape"),
        ("{} x", "trailing characters at line 1 column 4"),
        ("", "EOF while parsing a value"),
        ("\"open", "EOF while parsing a string"),
        ("tru", "expected value"),
        ("-", "invalid number"),
        ("1.", "invalid number"),
        ("1e", "invalid number"),
    ] {
        let error = parse(text).expect_err(text);
        assert!(error.contains(what), "{text:?}: {error}");
    }
}

#[test]
fn refuses_duplicate_keys_rather_than_picking_one() {
    let error = parse(r#"{"clientId": "a", "clientId": "b"}"#).unwrap_err();
    assert!(error.contains("duplicate field `clientId`"), "{error}");
}

#[test]
fn nesting_is_bounded() {
    let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
    assert!(parse(&deep).is_ok());
    let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
    assert!(parse(&deeper).unwrap_err().contains("nested too deeply"));
    // Far deeper input fails the same way, without exhausting the stack.
    let hostile = "[".repeat(1_000_000);
    assert!(parse(&hostile).unwrap_err().contains("nested too deeply"));
}

#[test]
fn numbers_keep_their_text_and_only_plain_integers_read_as_u32() {
    for (text, expected) in [
        ("12", Some(12)),
        ("0", Some(0)),
        ("4294967295", Some(u32::MAX)),
        ("4294967296", None),
        ("-3", None),
        ("12.0", None),
        ("1e1", None),
    ] {
        let value = parse(text).unwrap();
        assert_eq!(value, JsonValue::Number(text.into()));
        assert_eq!(value.as_u32(), expected, "{text}");
    }
    assert_eq!(JsonValue::String("12".into()).as_u32(), None);
}

#[test]
fn integers_read_as_i64_exactly_as_serde_reads_them() {
    for (text, expected) in [
        ("12", Some(12)),
        ("-3", Some(-3)),
        ("0", Some(0)),
        ("-0", None),
        ("9223372036854775807", Some(i64::MAX)),
        ("-9223372036854775808", Some(i64::MIN)),
        ("9223372036854775808", None),
        ("-9223372036854775809", None),
        ("12.0", None),
        ("1e3", None),
    ] {
        let value = parse(text).unwrap();
        assert_eq!(value.as_i64(), expected, "{text}");
        assert_eq!(serde_json::from_str::<i64>(text).ok(), expected, "{text}");
    }
    assert_eq!(JsonValue::String("12".into()).as_i64(), None);
    assert_eq!(JsonValue::Number("-".into()).as_i64(), None);
}
