//! RS256 signature verification with `crypto.subtle`: no RSA crate in the wasm build.

use cognito_auth::verify::jwks::Jwk;
use cognito_auth::AuthError;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn fail(e: &JsValue) -> AuthError {
    AuthError::Browser {
        what: "verify a signature with WebCrypto",
        detail: e
            .dyn_ref::<js_sys::Error>()
            .map_or_else(|| format!("{e:?}"), |e| String::from(e.message())),
    }
}

fn object(pairs: &[(&str, JsValue)]) -> Result<Object, AuthError> {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).map_err(|e| fail(&e))?;
    }
    Ok(object)
}

/// Verifies an RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature over `signing_input` with the
/// public key `jwk`. `Ok(false)` means the signature does not match.
///
/// # Errors
/// [`AuthError::Browser`] when WebCrypto is unavailable or refuses the key.
pub async fn verify_rs256(
    jwk: &Jwk,
    signing_input: &str,
    signature: &[u8],
) -> Result<bool, AuthError> {
    let subtle = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or_else(|| {
            fail(&JsValue::from_str(
                "no crypto.subtle (not a secure context)",
            ))
        })?;
    // Only the public parts go to importKey; `alg` pins RS256.
    let key_data = object(&[
        ("kty", JsValue::from_str("RSA")),
        ("n", JsValue::from_str(&jwk.n)),
        ("e", JsValue::from_str(&jwk.e)),
        ("alg", JsValue::from_str("RS256")),
        ("ext", JsValue::TRUE),
    ])?;
    let algorithm = object(&[
        ("name", JsValue::from_str("RSASSA-PKCS1-v1_5")),
        ("hash", JsValue::from_str("SHA-256")),
    ])?;
    let usages = Array::of1(&JsValue::from_str("verify"));
    let key = subtle
        .import_key_with_object("jwk", &key_data, &algorithm, false, &usages)
        .map_err(|e| fail(&e))?;
    let key: web_sys::CryptoKey = JsFuture::from(key)
        .await
        .map_err(|e| fail(&e))?
        .unchecked_into();
    let verified = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &algorithm,
            &key,
            signature,
            signing_input.as_bytes(),
        )
        .map_err(|e| fail(&e))?;
    let verified = JsFuture::from(verified).await.map_err(|e| fail(&e))?;
    Ok(verified.as_bool().unwrap_or(false))
}
