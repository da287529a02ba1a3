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

/// The most keys kept imported: Cognito's JWKS holds two (ID and access tokens), and a rotation
/// adds two more for a while; anything beyond that is re-imported when needed.
pub const MAX_IMPORTED: usize = 4;

/// Public keys already imported into WebCrypto (`K`: `CryptoKey` in the browser), each with the
/// JWK it was imported from.
///
/// An entry is used only for a JWK equal to its own (every member alike: `kid`, `n`, `e`…), so a key
/// set fetched again can never lead to a stale key: changed key material under a known `kid` is
/// imported anew.
pub struct ImportedKeys<K = web_sys::CryptoKey>(Vec<(Jwk, K)>);

impl<K> Default for ImportedKeys<K> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K: Clone> ImportedKeys<K> {
    /// The imported key for exactly this JWK, if any.
    pub fn get(&self, jwk: &Jwk) -> Option<K> {
        self.0
            .iter()
            .find(|(imported, _)| imported == jwk)
            .map(|(_, key)| key.clone())
    }

    /// Keeps `key`, imported from `jwk`; the oldest entry goes beyond [`MAX_IMPORTED`].
    pub fn insert(&mut self, jwk: &Jwk, key: K) {
        if self.get(jwk).is_none() {
            if self.0.len() >= MAX_IMPORTED {
                self.0.remove(0);
            }
            self.0.push((jwk.clone(), key));
        }
    }
}

/// The WebCrypto interface, or why there is none.
fn subtle() -> Result<web_sys::SubtleCrypto, AuthError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or_else(|| {
            fail(&JsValue::from_str(
                "no crypto.subtle (not a secure context)",
            ))
        })
}

/// RSASSA-PKCS1-v1_5 with SHA-256: RS256.
fn rs256() -> Result<Object, AuthError> {
    object(&[
        ("name", JsValue::from_str("RSASSA-PKCS1-v1_5")),
        ("hash", JsValue::from_str("SHA-256")),
    ])
}

/// Imports the RSA public key `jwk` for RS256 verification.
///
/// # Errors
/// [`AuthError::Browser`] when WebCrypto is unavailable or refuses the key.
pub async fn import_rs256(jwk: &Jwk) -> Result<web_sys::CryptoKey, AuthError> {
    // Only the public parts go to importKey; `alg` pins RS256.
    let key_data = object(&[
        ("kty", JsValue::from_str("RSA")),
        ("n", JsValue::from_str(&jwk.n)),
        ("e", JsValue::from_str(&jwk.e)),
        ("alg", JsValue::from_str("RS256")),
        ("ext", JsValue::TRUE),
    ])?;
    let usages = Array::of1(&JsValue::from_str("verify"));
    let key = subtle()?
        .import_key_with_object("jwk", &key_data, &rs256()?, false, &usages)
        .map_err(|e| fail(&e))?;
    Ok(JsFuture::from(key)
        .await
        .map_err(|e| fail(&e))?
        .unchecked_into())
}

/// Verifies an RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature over `signing_input` with an
/// imported public key. `Ok(false)` means the signature does not match.
///
/// # Errors
/// [`AuthError::Browser`] when WebCrypto is unavailable or refuses the key.
pub async fn verify_rs256(
    key: &web_sys::CryptoKey,
    signing_input: &str,
    signature: &[u8],
) -> Result<bool, AuthError> {
    let verified = subtle()?
        .verify_with_object_and_u8_array_and_u8_array(
            &rs256()?,
            key,
            signature,
            signing_input.as_bytes(),
        )
        .map_err(|e| fail(&e))?;
    let verified = JsFuture::from(verified).await.map_err(|e| fail(&e))?;
    Ok(verified.as_bool().unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::{ImportedKeys, MAX_IMPORTED};
    use cognito_auth::verify::jwks::Jwk;

    fn jwk(kid: &str, n: &str) -> Jwk {
        Jwk {
            kid: kid.into(),
            kty: "RSA".into(),
            alg: Some("RS256".into()),
            key_use: Some("sig".into()),
            n: n.into(),
            e: "AQAB".into(),
        }
    }

    #[test]
    fn a_known_kid_with_other_key_material_is_not_served_from_the_imported_keys() {
        let mut keys = ImportedKeys::default();
        keys.insert(&jwk("k1", "modulus-a"), 1);
        assert_eq!(keys.get(&jwk("k1", "modulus-a")), Some(1));
        // A JWKS fetched again (or a forged one) that reuses the kid with another modulus.
        assert_eq!(keys.get(&jwk("k1", "modulus-b")), None);
        let mut other_exponent = jwk("k1", "modulus-a");
        other_exponent.e = "Aw".into();
        assert_eq!(keys.get(&other_exponent), None);
    }

    #[test]
    fn the_imported_keys_stay_bounded_and_keep_the_newest() {
        let mut keys = ImportedKeys::default();
        for i in 0..=MAX_IMPORTED {
            keys.insert(&jwk(&format!("k{i}"), "m"), i);
        }
        assert_eq!(keys.0.len(), MAX_IMPORTED);
        assert_eq!(keys.get(&jwk("k0", "m")), None);
        assert_eq!(
            keys.get(&jwk(&format!("k{MAX_IMPORTED}"), "m")),
            Some(MAX_IMPORTED)
        );
        // The same key twice is kept once.
        keys.insert(&jwk("k1", "m"), 99);
        assert_eq!(keys.get(&jwk("k1", "m")), Some(1));
        assert_eq!(keys.0.len(), MAX_IMPORTED);
    }
}
