//! The browser glue, tested in headless Chromium (wasm-bindgen-test-runner + chromedriver).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code (clippy does not see #[wasm_bindgen_test] as tests): a panic is a failed test"
)]

use cognito_auth::protocol::pending::PendingSignIn;
use cognito_auth::protocol::pkce::{Nonce, PkceChallenge, PkceVerifier, State};
use cognito_auth::UnixTime;
use leptos::prelude::*;
use leptos_cognito::{browser, pending_store};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const RFC_VERIFIER_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77,
    105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];

#[wasm_bindgen_test]
async fn subtle_digest_gives_the_rfc7636_challenge() {
    let verifier = PkceVerifier::from_random(&RFC_VERIFIER_OCTETS);
    let digest = browser::sha256(verifier.secret().as_bytes()).await.unwrap();
    assert_eq!(
        PkceChallenge::from_sha256(&digest).as_str(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[wasm_bindgen_test]
fn random_bytes_are_random() {
    let a = browser::random_bytes::<32>().unwrap();
    let b = browser::random_bytes::<32>().unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 32]);
}

#[wasm_bindgen_test]
fn the_clock_is_plausible() {
    assert!(browser::now() > UnixTime(1_700_000_000));
}

fn record(state: &str, created_at: UnixTime) -> PendingSignIn {
    PendingSignIn {
        state: State::from_received(state),
        nonce: Nonce::from_stored("nonce"),
        verifier: PkceVerifier::from_stored("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap(),
        return_to: "/".into(),
        created_at,
    }
}

/// A config as the local deploy writes it (the pending record carries its code exchange).
fn config() -> cognito_auth::protocol::config::Config {
    let json = r#"{"region":"us-east-1","userPoolId":"us-east-1_AbC123","clientId":"c","hostedUiBaseUrl":"http://127.0.0.1:4566","redirectUri":"http://127.0.0.1:8080/callback","logoutUri":"http://127.0.0.1:8080/"}"#;
    cognito_auth::protocol::config::parse_config(json, "http://127.0.0.1:8080").unwrap()
}
/// Saves a pending record as the sign-in does.
fn save(record: &PendingSignIn) {
    pending_store::save(record, &config()).unwrap();
}

#[wasm_bindgen_test]
fn pending_sign_in_is_consumed_by_reading_it() {
    let pending = record("web-test-state", browser::now());
    save(&pending);
    assert_eq!(
        pending_store::take(&State::from_received("web-test-state")),
        Some(pending)
    );
    assert_eq!(
        pending_store::take(&State::from_received("web-test-state")),
        None,
        "a second read finds nothing"
    );
}

#[wasm_bindgen_test]
fn stale_pending_sign_ins_are_purged() {
    let now = browser::now();
    save(&record("old", UnixTime(now.0 - 3_600)));
    save(&record("fresh", now));
    pending_store::purge_stale(now);
    assert_eq!(pending_store::take(&State::from_received("old")), None);
    assert!(pending_store::take(&State::from_received("fresh")).is_some());
}

#[wasm_bindgen_test]
fn replace_url_scrubs_the_query_without_navigating() {
    let before = browser::page_path();
    browser::replace_url("/callback?code=abc&state=def");
    browser::replace_url("/callback");
    assert_eq!(browser::page_path(), "/callback");
    browser::replace_url(&before);
}

#[wasm_bindgen_test]
fn the_callback_query_leaves_the_url_before_anything_else_and_is_handed_over_once() {
    let before = browser::page_path();
    browser::replace_url("/somewhere?code=not-a-callback");
    browser::scrub_callback_url("/callback");
    assert_eq!(browser::page_path(), "/somewhere?code=not-a-callback");
    assert_eq!(browser::take_callback_query(), None);
    browser::replace_url("/callback?code=abc&state=def");
    browser::scrub_callback_url("/callback");
    assert_eq!(browser::page_path(), "/callback");
    assert_eq!(
        browser::take_callback_query().as_deref(),
        Some("?code=abc&state=def")
    );
    assert_eq!(browser::take_callback_query(), None, "handed over once");
    browser::replace_url(&before);
}

#[path = "web/components.rs"]
mod components;

#[path = "web/webcrypto_glue.rs"]
mod webcrypto_glue;

mod cross_tab_glue {
    use super::*;
    use cognito_auth::session::tab_message::{
        DropReason, RequestId, SharedCause, TabMessage, REQUEST_ID_BYTES,
    };
    use leptos_cognito::tabs::TabChannel;
    use leptos_cognito::web_locks::with_lock;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[wasm_bindgen_test]
    async fn a_second_lock_request_waits_for_the_first_and_says_so() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let (release, released) = futures_channel::oneshot::channel::<()>();
        let first = {
            let log = log.clone();
            with_lock("web-test-lock", move |waited| async move {
                log.borrow_mut()
                    .push(format!("first start waited={waited}"));
                let _ = released.await;
                log.borrow_mut().push("first end".to_owned());
            })
        };
        let second = {
            let log = log.clone();
            with_lock("web-test-lock", move |waited| async move {
                log.borrow_mut()
                    .push(format!("second start waited={waited}"));
            })
        };
        let unlock_soon = async move {
            browser::sleep_ms(50).await;
            let _ = release.send(());
        };
        futures_join3(first, second, unlock_soon).await;
        assert_eq!(
            *log.borrow(),
            [
                "first start waited=false",
                "first end",
                "second start waited=true"
            ]
        );
    }

    /// Runs three futures to completion concurrently.
    async fn futures_join3(
        a: impl std::future::Future<Output = ()> + 'static,
        b: impl std::future::Future<Output = ()> + 'static,
        c: impl std::future::Future<Output = ()> + 'static,
    ) {
        let done = Rc::new(RefCell::new(0));
        let (tx, rx) = futures_channel::oneshot::channel::<()>();
        let tx = Rc::new(RefCell::new(Some(tx)));
        for fut in [
            Box::pin(a) as std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>,
            Box::pin(b),
            Box::pin(c),
        ] {
            let done = done.clone();
            let tx = tx.clone();
            wasm_bindgen_futures::spawn_local(async move {
                fut.await;
                *done.borrow_mut() += 1;
                if *done.borrow() == 3 {
                    if let Some(tx) = tx.borrow_mut().take() {
                        let _ = tx.send(());
                    }
                }
            });
        }
        let _ = rx.await;
    }

    #[wasm_bindgen_test]
    async fn tab_messages_reach_other_channels_but_not_the_sender() {
        let received = Rc::new(RefCell::new(Vec::new()));
        let sender_got = Rc::new(RefCell::new(Vec::new()));
        let sender = {
            let got = sender_got.clone();
            TabChannel::open("web-test-channel", move |m| got.borrow_mut().push(m)).unwrap()
        };
        let _receiver = {
            let got = received.clone();
            TabChannel::open("web-test-channel", move |m| got.borrow_mut().push(m)).unwrap()
        };
        let failed = TabMessage::RefreshFailed {
            cause: SharedCause::Status { status: 503 },
        };
        let ask = TabMessage::Ask {
            request: RequestId::from_random(&[3; REQUEST_ID_BYTES]),
        };
        sender.post(&failed);
        sender.post(&ask);
        // A stranger on the channel: not a message of the protocol, dropped with its reason.
        web_sys::BroadcastChannel::new("web-test-channel")
            .unwrap()
            .post_message(&r#"{"type":"session","driftSecs":-9223372036854775808}"#.into())
            .unwrap();
        for _ in 0..40 {
            if received.borrow().len() == 3 {
                break;
            }
            browser::sleep_ms(25).await;
        }
        assert_eq!(
            *received.borrow(),
            [Ok(failed), Ok(ask), Err(DropReason::Malformed)]
        );
        assert_eq!(
            *sender_got.borrow(),
            [Err(DropReason::Malformed)],
            "a channel never hears itself, only the stranger"
        );
    }
}
