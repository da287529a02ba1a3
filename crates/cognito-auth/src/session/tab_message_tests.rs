//! Tests of the tab protocol.

use super::*;
use crate::session::tokens::tests::signed_in_tokens;

fn id() -> RequestId {
    RequestId::from_random(&[7; REQUEST_ID_BYTES])
}

#[test]
fn every_message_survives_the_channel() {
    let tokens = signed_in_tokens("u", 1_000, 3_600, 1_000).tokens;
    for message in [
        TabMessage::Ask { request: id() },
        TabMessage::answer(id(), &tokens),
        TabMessage::refreshed(&tokens, true),
        TabMessage::SignedIn,
        TabMessage::SignedOut {
            ended: None,
            reason: None,
        },
        TabMessage::SignedOut {
            ended: Some(SharedError {
                code: "invalid_grant".into(),
                description: Some("Refresh Token has been revoked".into()),
            }),
            reason: None,
        },
        TabMessage::signed_out(&SignOutReason::SignedOutEverywhere {
            in_other_tab: false,
        }),
        TabMessage::signed_out(&SignOutReason::AccountDeleted {
            in_other_tab: false,
        }),
        TabMessage::RefreshFailed {
            cause: SharedCause::Status { status: 503 },
        },
        TabMessage::RefreshFailed {
            cause: SharedCause::NoAnswer,
        },
    ] {
        assert_eq!(TabMessage::parse(&message.to_json()), Ok(message));
    }
}

#[test]
fn the_wire_form_is_tagged_camel_case_json() {
    let text = TabMessage::Ask { request: id() }.to_json();
    assert_eq!(text, r#"{"type":"ask","request":"BwcHBwcHBwcHBwcHBwcHBw"}"#);
    let tokens = signed_in_tokens("u", 1_000, 3_600, 1_000).tokens;
    let answer = TabMessage::answer(id(), &tokens).to_json();
    assert!(answer.contains(r#""idToken":"#) && answer.contains(r#""refreshToken":"r1""#));
}

#[test]
fn only_an_answer_carries_the_refresh_token() {
    let tokens = signed_in_tokens("u", 1_000, 3_600, 1_000).tokens;
    let refreshed = TabMessage::refreshed(&tokens, false);
    assert!(!refreshed.to_json().contains("r1"));
    assert_eq!(refreshed.tokens().unwrap().refresh_token, None);
    let answer = TabMessage::answer(id(), &tokens).tokens().unwrap();
    assert_eq!(answer.refresh_token.unwrap().secret(), "r1");
}

#[test]
fn strangers_and_the_old_protocol_are_dropped() {
    for text in [
        "",
        "null",
        "{}",
        r#"{"type":"hello"}"#,
        r#"{"type":"ask"}"#,
        r#"{"type":"ask","request":"short"}"#,
        r#"{"type":"ask","request":"BwcHBwcHBwcHBwcHBwcHBw","extra":1}"#,
        // The old `session` message with a nonce and a drift: gone.
        r#"{"type":"session","idToken":"a","accessToken":"b","nonce":"n","driftSecs":-9223372036854775808}"#,
        // A refresh announcement may not smuggle a refresh token, a nonce or a drift.
        r#"{"type":"refreshed","idToken":"a","accessToken":"b","rotated":false,"refreshToken":"r"}"#,
        r#"{"type":"refreshed","idToken":"a","accessToken":"b","rotated":false,"driftSecs":5}"#,
    ] {
        assert_eq!(
            TabMessage::parse(text),
            Err(DropReason::Malformed),
            "{text}"
        );
    }
    let huge = format!(
        r#"{{"type":"signed-in","pad":"{}"}}"#,
        "x".repeat(MAX_MESSAGE_BYTES)
    );
    assert!(matches!(
        TabMessage::parse(&huge),
        Err(DropReason::Oversized { .. })
    ));
}

#[test]
fn extreme_numbers_are_bounded_not_trusted() {
    let text = r#"{"type":"refreshed","idToken":"a","accessToken":"b","rotated":false,"expiresIn":9223372036854775807}"#;
    let message = TabMessage::parse(text).unwrap();
    assert_eq!(
        message.tokens().unwrap().expires_in,
        Some(MAX_EXPIRES_IN_SECS)
    );
    let text = r#"{"type":"refreshed","idToken":"a","accessToken":"b","rotated":false,"expiresIn":-9223372036854775808}"#;
    assert_eq!(
        TabMessage::parse(text)
            .unwrap()
            .tokens()
            .unwrap()
            .expires_in,
        Some(0)
    );
    let text = r#"{"type":"refresh-failed","cause":{"kind":"status","status":99999}}"#;
    assert_eq!(TabMessage::parse(text), Err(DropReason::Malformed));
}

#[test]
fn debug_output_shows_no_token() {
    let tokens = signed_in_tokens("u", 1_000, 3_600, 1_000).tokens;
    for message in [
        TabMessage::answer(id(), &tokens),
        TabMessage::refreshed(&tokens, true),
    ] {
        let text = format!("{message:?}");
        assert!(!text.contains(tokens.id_token.secret()), "{text}");
        assert!(!text.contains(tokens.access_token.secret()), "{text}");
        assert!(!text.contains("r1"), "{text}");
    }
}

#[test]
fn channels_are_per_app_client() {
    assert_ne!(channel_name("a"), channel_name("b"));
}

#[test]
fn only_a_sign_in_announcement_wakes_a_tab_without_the_machinery() {
    assert!(announces_sign_in(&TabMessage::SignedIn.to_json()));
    let request = RequestId::try_from("AAAAAAAAAAAAAAAAAAAAAA".to_owned()).unwrap();
    assert!(!announces_sign_in(&TabMessage::Ask { request }.to_json()));
    for text in [
        "",
        "signed-in",
        r#"{"type": "signed-in", "extra": 1}"#,
        r#"{"type": "Signed-In"}"#,
        r#"{"type": ["signed-in"]}"#,
        r#"[{"type": "signed-in"}]"#,
        r#"{"type": "signed-in"} trailing"#,
    ] {
        assert!(!announces_sign_in(text), "{text}");
    }
    let oversized = format!(
        r#"{{"type": "signed-in"{}}}"#,
        " ".repeat(MAX_MESSAGE_BYTES)
    );
    assert!(!announces_sign_in(&oversized));
}

#[test]
fn a_sign_out_says_why_only_when_it_is_more_than_a_sign_out() {
    let plain = TabMessage::signed_out(&SignOutReason::UserSignedOut).to_json();
    assert_eq!(plain, r#"{"type":"signed-out","ended":null}"#);
    let everywhere = TabMessage::signed_out(&SignOutReason::SignedOutEverywhere {
        in_other_tab: false,
    });
    assert_eq!(
        everywhere.to_json(),
        r#"{"type":"signed-out","ended":null,"reason":"everywhere"}"#
    );
    assert_eq!(
        TabMessage::parse(&plain).unwrap().sign_out_reason(),
        Some(SignOutReason::SignedOutElsewhere)
    );
    assert_eq!(
        TabMessage::signed_out(&SignOutReason::AccountDeleted { in_other_tab: true })
            .sign_out_reason(),
        Some(SignOutReason::AccountDeleted { in_other_tab: true })
    );
    assert_eq!(TabMessage::SignedIn.sign_out_reason(), None);
}

#[test]
fn a_sign_out_with_an_unknown_reason_or_free_text_is_dropped_or_tamed() {
    for text in [
        r#"{"type":"signed-out","ended":null,"reason":"nuked"}"#,
        r#"{"type":"signed-out","ended":null,"reason":"Everywhere"}"#,
        r#"{"type":"signed-out","ended":null,"reason":{"everywhere":true}}"#,
        r#"{"type":"signed-out","ended":null,"reason":"deleted","why":"x"}"#,
    ] {
        assert_eq!(
            TabMessage::parse(text),
            Err(DropReason::Malformed),
            "{text}"
        );
    }
    // Cognito's words never come from a message: only a plausible code crosses.
    let text = r#"{"type":"signed-out","ended":{"code":"<b>Call 555</b>","description":"pay"}}"#;
    assert_eq!(
        TabMessage::parse(text).unwrap().sign_out_reason(),
        Some(SignOutReason::SessionEnded(OAuthError {
            code: "session_ended".into(),
            description: None,
        }))
    );
}
