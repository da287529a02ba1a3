//! WebCrypto's RS256 glue against real keys: import, verify, and the verification plan the core
//! makes from a JWKS.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use cognito_auth::inspector::inspect::inspect_jwt;
use cognito_auth::verify::jwks::{Jwk, Jwks};
use cognito_auth::verify::signature::{plan_verification, SignatureStatus, VerificationPlan};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use leptos_cognito::webcrypto::{import_rs256, verify_rs256};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn subtle() -> JsValue {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).unwrap();
    Reflect::get(&crypto, &"subtle".into()).unwrap()
}

async fn call(method: &str, args: &[JsValue]) -> JsValue {
    let subtle = subtle();
    let f: Function = Reflect::get(&subtle, &method.into())
        .unwrap()
        .unchecked_into();
    let promise: Promise = f
        .apply(&subtle, &args.iter().collect::<Array>())
        .unwrap()
        .unchecked_into();
    JsFuture::from(promise).await.unwrap()
}

fn algorithm() -> Object {
    let a = Object::new();
    Reflect::set(&a, &"name".into(), &"RSASSA-PKCS1-v1_5".into()).unwrap();
    Reflect::set(&a, &"hash".into(), &"SHA-256".into()).unwrap();
    Reflect::set(&a, &"modulusLength".into(), &2048.into()).unwrap();
    let exponent = Uint8Array::from(&[1u8, 0, 1][..]);
    Reflect::set(&a, &"publicExponent".into(), &exponent).unwrap();
    a
}

/// A fresh RS256 key pair: (private key, public JWK with `kid`).
async fn key_pair(kid: &str) -> (JsValue, Jwk) {
    let usages: Array = ["sign", "verify"]
        .iter()
        .map(|u| JsValue::from_str(u))
        .collect();
    let pair = call(
        "generateKey",
        &[algorithm().into(), JsValue::TRUE, usages.into()],
    )
    .await;
    let private = Reflect::get(&pair, &"privateKey".into()).unwrap();
    let public = Reflect::get(&pair, &"publicKey".into()).unwrap();
    let jwk = call("exportKey", &["jwk".into(), public]).await;
    let text = |k: &str| Reflect::get(&jwk, &k.into()).unwrap().as_string().unwrap();
    let jwk = Jwk {
        kid: kid.into(),
        kty: "RSA".into(),
        alg: Some("RS256".into()),
        key_use: Some("sig".into()),
        n: text("n"),
        e: text("e"),
    };
    (private, jwk)
}

async fn signed_token(private: &JsValue, header: &str, payload: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let data = Uint8Array::from(input.as_bytes());
    let signature = call(
        "sign",
        &["RSASSA-PKCS1-v1_5".into(), private.clone(), data.into()],
    )
    .await;
    let signature = Uint8Array::new(&signature).to_vec();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

async fn status(token: &str, jwks: &Jwks) -> SignatureStatus {
    match plan_verification(&inspect_jwt(token), Some(jwks), true) {
        VerificationPlan::Concluded(status) => status,
        VerificationPlan::Verify {
            key,
            signing_input,
            signature,
        } => {
            let imported = import_rs256(&key).await.unwrap();
            let valid = verify_rs256(&imported, &signing_input, &signature)
                .await
                .unwrap();
            cognito_auth::verify::signature::conclude(&key.kid, valid)
        }
    }
}

const HEADER: &str = r#"{"alg":"RS256","kid":"pool-key"}"#;
const PAYLOAD: &str = r#"{"sub":"u","token_use":"id"}"#;

#[wasm_bindgen_test]
async fn a_valid_signature_verifies() {
    let (private, jwk) = key_pair("pool-key").await;
    let jwks = Jwks { keys: vec![jwk] };
    let token = signed_token(&private, HEADER, PAYLOAD).await;
    assert_eq!(
        status(&token, &jwks).await,
        SignatureStatus::Verified {
            kid: "pool-key".into()
        }
    );
}

#[wasm_bindgen_test]
async fn an_edited_payload_fails() {
    let (private, jwk) = key_pair("pool-key").await;
    let jwks = Jwks { keys: vec![jwk] };
    let token = signed_token(&private, HEADER, PAYLOAD).await;
    let parts: Vec<&str> = token.split('.').collect();
    let edited = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(r#"{"sub":"admin","token_use":"id"}"#),
        parts[2]
    );
    assert!(matches!(
        status(&edited, &jwks).await,
        SignatureStatus::Failed { .. }
    ));
}

#[wasm_bindgen_test]
async fn a_token_signed_with_another_key_fails() {
    let (_, pool_jwk) = key_pair("pool-key").await;
    let (attacker, _) = key_pair("pool-key").await;
    let jwks = Jwks {
        keys: vec![pool_jwk],
    };
    let token = signed_token(&attacker, HEADER, PAYLOAD).await;
    assert!(matches!(
        status(&token, &jwks).await,
        SignatureStatus::Failed { .. }
    ));
}

#[wasm_bindgen_test]
async fn an_unknown_kid_and_alg_none_fail_without_webcrypto() {
    let (private, jwk) = key_pair("pool-key").await;
    let jwks = Jwks { keys: vec![jwk] };
    let unknown = signed_token(&private, r#"{"alg":"RS256","kid":"other"}"#, PAYLOAD).await;
    let SignatureStatus::Failed { reason } = status(&unknown, &jwks).await else {
        panic!("unknown kid passed")
    };
    assert!(reason.contains("not in the pool's key set"));
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"pool-key"}"#),
        URL_SAFE_NO_PAD.encode(PAYLOAD)
    );
    let SignatureStatus::Failed { reason } = status(&none, &jwks).await else {
        panic!("alg none passed")
    };
    assert!(reason.contains("never accepted"));
}
