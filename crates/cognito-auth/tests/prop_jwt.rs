//! Property tests of JWT decoding: whatever string arrives where a token is expected (from the
//! token endpoint, another tab, the inspector's paste box), decoding never panics, and a
//! well-formed token decodes to exactly the JSON and bytes it was made of.
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;
use cognito_auth::inspector::inspect::inspect_jwt;
use cognito_auth::verify::jwt::{decode_jwt, JwtError, JwtPart};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Modest case counts: the whole suite has to fit CI's budget on two cores.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 128,
        // Failures print the minimal input; no regression files are written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Numbers as they appear in claims, with the extremes.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        Just(Value::from(i64::MIN)),
        Just(Value::from(i64::MAX)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(0)),
    ]
}

/// Any JSON value without floats (floats do not survive a print and parse bit for bit, which is
/// `serde_json`'s business, not the decoder's), nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        "\\PC{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A JSON object: what a header or claims set must be.
fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    let claim_name = prop_oneof![
        Just("sub".to_owned()),
        Just("exp".to_owned()),
        Just("iat".to_owned()),
        Just("alg".to_owned()),
        Just("kid".to_owned()),
        Just("cognito:groups".to_owned()),
        "\\PC{0,12}",
    ];
    prop::collection::btree_map(claim_name, json_value(), 0..6)
        .prop_map(|m| m.into_iter().collect())
}

/// Strings made of what tokens are made of, so that the interesting paths (three parts, valid
/// base64) are reached often, plus anything at all.
fn token_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_=.-]{0,200}",
        "[A-Za-z0-9_-]{0,60}\\.[A-Za-z0-9_-]{0,60}\\.[A-Za-z0-9_=+/-]{0,60}",
        "\\PC{0,100}",
        any::<String>(),
    ]
}

fn encode(object: &Map<String, Value>) -> String {
    URL_SAFE_NO_PAD.encode(Value::Object(object.clone()).to_string())
}

proptest! {
    #![proptest_config(config())]

    /// Anything at all: both decoders return, and they agree with each other.
    #[test]
    fn any_string_decodes_without_panic(token in token_like()) {
        let inspected = inspect_jwt(&token);
        prop_assert_eq!(inspected.segment_count, token.trim().split('.').count());
        match decode_jwt(&token) {
            Ok(jwt) => {
                // The strict decoder succeeds only when every part decodes, and then gives
                // what the lenient one saw.
                prop_assert_eq!(inspected.segment_count, 3);
                prop_assert_eq!(Some(&jwt.header), inspected.header());
                prop_assert_eq!(Some(&jwt.payload), inspected.payload());
                prop_assert_eq!(Some(&jwt.signature), inspected.signature.as_ref().ok());
                prop_assert_eq!(Some(&jwt.signing_input), inspected.signing_input.as_ref());
            }
            Err(JwtError::SegmentCount { found }) => {
                prop_assert_eq!(found, inspected.segment_count);
                prop_assert_ne!(found, 3);
            }
            Err(e) => {
                prop_assert_eq!(inspected.segment_count, 3);
                // The error names the first part that failed, as the inspector sees it.
                let first_failure = [
                    inspected.header.as_ref().err(),
                    inspected.payload.as_ref().err(),
                    inspected.signature.as_ref().err(),
                ]
                .into_iter()
                .flatten()
                .next()
                .cloned();
                prop_assert_eq!(Some(e), first_failure);
            }
        }
    }

    /// A token built from any header and claims objects and any signature bytes decodes back
    /// to exactly them, padded or not.
    #[test]
    fn a_well_formed_token_round_trips(
        header in json_object(),
        payload in json_object(),
        signature in prop::collection::vec(any::<u8>(), 0..300),
        padded in any::<bool>(),
    ) {
        let engine = if padded { &URL_SAFE } else { &URL_SAFE_NO_PAD };
        let head = engine.encode(Value::Object(header.clone()).to_string());
        let body = engine.encode(Value::Object(payload.clone()).to_string());
        let token = format!("{head}.{body}.{}", engine.encode(&signature));
        let jwt = decode_jwt(&token).map_err(|e| TestCaseError::fail(format!("{e}: {token}")))?;
        prop_assert_eq!(&jwt.header, &header);
        prop_assert_eq!(&jwt.payload, &payload);
        prop_assert_eq!(&jwt.signature, &signature);
        prop_assert_eq!(jwt.signing_input, format!("{head}.{body}"));
        let inspected = inspect_jwt(&token);
        prop_assert_eq!(inspected.header(), Some(&header));
        prop_assert_eq!(inspected.payload(), Some(&payload));
    }

    /// Floats in claims (`exp: 1.7e9`, `1e308`): decoded as serde_json reads the same text.
    #[test]
    fn float_claims_decode_as_json_reads_them(exp in any::<f64>(), name in "[a-z]{1,8}") {
        let text = format!(r#"{{"{name}":{}}}"#, Value::from(exp));
        let expected: Map<String, Value> = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        let token = format!(
            "{}.{}.c2ln",
            encode(&Map::new()),
            URL_SAFE_NO_PAD.encode(&text)
        );
        let jwt = decode_jwt(&token).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(jwt.payload, expected);
    }

    /// Valid base64 around anything that is not a JSON object: the part is named, nothing
    /// panics. Covers JSON text with numbers no integer or float holds (`1e400`,
    /// 40-digit integers) and deep nesting.
    #[test]
    fn any_bytes_as_a_part_are_refused_by_name(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            "\\PC{0,60}".prop_map(String::into_bytes),
            Just(b"1e400".to_vec()),
            Just(b"{\"exp\":1e400}".to_vec()),
            Just(b"{\"exp\":-99999999999999999999999999999999999999}".to_vec()),
            Just(b"{\"exp\":99999999999999999999999999999999999999}".to_vec()),
            Just(b"[1,2]".to_vec()),
            Just(b"null".to_vec()),
            Just("[".repeat(200).into_bytes()),
            Just(format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200)).into_bytes()),
        ],
        part in prop_oneof![Just(JwtPart::Header), Just(JwtPart::Payload)],
    ) {
        let good = encode(&Map::new());
        let odd = URL_SAFE_NO_PAD.encode(&bytes);
        let token = match part {
            JwtPart::Header => format!("{odd}.{good}.c2ln"),
            _ => format!("{good}.{odd}.c2ln"),
        };
        let as_object = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| v.as_object().cloned());
        match (decode_jwt(&token), as_object) {
            (Ok(jwt), Some(object)) => {
                let decoded = if part == JwtPart::Header { jwt.header } else { jwt.payload };
                prop_assert_eq!(decoded, object);
            }
            (Err(JwtError::Json { part: named, .. } | JwtError::NotAnObject { part: named }), None) => {
                prop_assert_eq!(named, part);
            }
            (other, object) => {
                return Err(TestCaseError::fail(format!("{other:?} for {object:?}")));
            }
        }
    }

    /// Damage to a real-looking token (a character changed, inserted or removed anywhere):
    /// no panic, and a strict decode that still succeeds gives JSON objects.
    #[test]
    fn a_damaged_token_never_panics(
        payload in json_object(),
        at in any::<prop::sample::Index>(),
        with in any::<char>(),
        how in 0..3_u8,
    ) {
        let token = format!("{}.{}.c2ln", encode(&Map::new()), encode(&payload));
        let mut chars: Vec<char> = token.chars().collect();
        let i = at.index(chars.len());
        match how {
            0 => chars[i] = with,
            1 => chars.insert(i, with),
            _ => {
                chars.remove(i);
            }
        }
        let damaged: String = chars.into_iter().collect();
        let _ = inspect_jwt(&damaged);
        if let Ok(jwt) = decode_jwt(&damaged) {
            prop_assert_eq!(jwt.signing_input.split('.').count(), 2);
        }
    }
}
