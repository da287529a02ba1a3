//! Tests of `pending`: the stored JSON, expiry, redaction and the return path.

use super::*;
use crate::protocol::authorize::tests::test_config;
use crate::protocol::early_exchange::{BODY_MEMBER, URL_MEMBER};
use crate::protocol::secret::AuthorizationCode;
use crate::protocol::token::authorization_code_body;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn record() -> PendingSignIn {
    PendingSignIn {
        state: State::from_received("state-value-1"),
        nonce: Nonce::from_stored("nonce-value-1"),
        verifier: PkceVerifier::from_stored(VERIFIER).unwrap(),
        return_to: "/claims".into(),
        created_at: UnixTime(1_000),
    }
}

#[test]
fn round_trips_through_json() {
    let stored = record().to_json(&test_config());
    assert_eq!(PendingSignIn::from_json(&stored), Some(record()));
    assert_eq!(
        record().storage_key(),
        "cognito-portal.pending.state-value-1"
    );
}

/// The boot script sends `exchange_url` the `exchange_body` with the code appended: that must be
/// the portal's own request for this sign-in, or its answer would never be adopted.
#[test]
fn the_record_carries_the_exchange_its_callback_sends() {
    let config = test_config();
    let value: serde_json::Value = serde_json::from_str(&record().to_json(&config)).unwrap();
    assert_eq!(value[URL_MEMBER], config.endpoints.token.as_str());
    let head = value[BODY_MEMBER].as_str().unwrap();
    let code = AuthorizationCode::new("c0de-1");
    assert_eq!(
        format!("{head}c0de-1"),
        authorization_code_body(&config, &code, &record().verifier)
    );
}

#[test]
fn the_stored_json_keeps_its_plain_string_shape() {
    // Written by the version whose fields were strings: a round trip in flight during an
    // upgrade still finishes.
    let json = format!(
        r#"{{"state":"st","nonce":"no","verifier":"{VERIFIER}","return_to":"/x","created_at":5}}"#
    );
    let read = PendingSignIn::from_json(&json).unwrap();
    assert_eq!(read.state.as_str(), "st");
    assert_eq!(read.nonce.as_str(), "no");
    assert_eq!(read.verifier.secret(), VERIFIER);
    assert_eq!(read.return_to, "/x");
    assert_eq!(read.created_at, UnixTime(5));
    let value: serde_json::Value = serde_json::from_str(&read.to_json(&test_config())).unwrap();
    assert_eq!(value["state"], "st");
    assert_eq!(value["nonce"], "no");
    assert_eq!(value["verifier"], VERIFIER);
}

#[test]
fn tampered_records_are_ignored() {
    assert_eq!(PendingSignIn::from_json("not json"), None);
    let bad = record().to_json(&test_config()).replace(VERIFIER, "x");
    assert_eq!(PendingSignIn::from_json(&bad), None);
}

#[test]
fn expires_after_ten_minutes() {
    let r = record();
    assert!(!r.is_expired(UnixTime(1_000 + 600)));
    assert!(r.is_expired(UnixTime(1_000 + 601)));
    assert!(r.is_expired(UnixTime(1_000 - 601)));
}

#[test]
fn debug_shows_no_state_nonce_or_verifier() {
    let shown = format!("{:?}", record());
    for secret in ["state-value-1", "nonce-value-1", VERIFIER] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("/claims"), "{shown}");
}

#[test]
fn return_path_stays_on_this_origin() {
    assert_eq!(safe_return_path("/claims?tab=id"), "/claims?tab=id");
    for evil in [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "",
        "claims",
        "/callback?code=x",
        "/a\nb",
    ] {
        assert_eq!(safe_return_path(evil), "/", "{evil:?}");
    }
}

/// The record is read by the first load's JSON reader; it must accept exactly what serde's
/// derive did (so no record that serde refused is now believed, and none it took is lost).
#[test]
fn the_reader_accepts_exactly_what_serde_accepted() {
    let good = record().to_json(&test_config());
    let serde_reads = |json: &str| {
        serde_json::from_str::<super::Stored>(json)
            .ok()
            .and_then(|stored| PkceVerifier::from_stored(&stored.verifier))
            .is_some()
    };
    let mutations = [
        good.replace("\"return_to\"", "\"other\":1,\"return_to\""),
        good.replace("\"nonce\":\"nonce-value-1\",", ""),
        good.replace("\"nonce\":", "\"nonce\":\"n\",\"nonce\":"),
        good.replace("1000", "1000.0"),
        good.replace("1000", "1e3"),
        good.replace("1000", "-1000"),
        good.replace("1000", "\"1000\""),
        good.replace("1000", "99999999999999999999"),
        good.replace("\"state-value-1\"", "7"),
        good.replace("\"/claims\"", "null"),
        good.replace(VERIFIER, "short"),
        format!("[{good}]"),
        format!("{good} x"),
        good.replace('{', "{ ").replace(',', " ,\n"),
        "{}".to_owned(),
        String::new(),
    ];
    // Every mutation took effect: one equal to the good record would test nothing.
    assert!(mutations.iter().all(|m| *m != good));
    for case in mutations.into_iter().chain([good.clone()]) {
        assert_eq!(
            PendingSignIn::from_json(&case).is_some(),
            serde_reads(&case),
            "{case}"
        );
    }
}
