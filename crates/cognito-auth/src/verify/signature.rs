//! What the signature check can conclude before and after WebCrypto runs.
//!
//! The RSA maths happens in the browser (`crypto.subtle.verify` with RSASSA-PKCS1-v1_5 and
//! SHA-256); this module decides whether there is anything to verify and with which key.

use crate::inspector::inspect::InspectedJwt;
use crate::verify::jwks::{Jwk, Jwks};
use crate::verify::jwt::DecodedJwt;
use serde_json::{Map, Value};

/// The signature status shown on the Tokens page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureStatus {
    /// RS256 signature valid under the pool's key `kid`.
    Verified {
        /// The key that verified it.
        kid: String,
    },
    /// The token is not signed by the pool, or not validly.
    Failed {
        /// Why, in one sentence.
        reason: String,
    },
    /// Could not be checked (the JWKS is unreachable, or the browser lacks WebCrypto).
    NotChecked {
        /// Why, in one sentence.
        reason: String,
    },
}

/// Whether to run WebCrypto, and on what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerificationPlan {
    /// Verify `signature` over `signing_input` with `key`.
    Verify {
        /// The pool key named by the token's `kid`.
        key: Jwk,
        /// `header.payload`.
        signing_input: String,
        /// Raw signature bytes.
        signature: Vec<u8>,
    },
    /// Nothing to run: the outcome is already known.
    Concluded(SignatureStatus),
}

fn failed(reason: impl Into<String>) -> VerificationPlan {
    VerificationPlan::Concluded(SignatureStatus::Failed {
        reason: reason.into(),
    })
}

/// Decides how to check an inspected token's signature against the pool's key set.
///
/// `alg` must be `RS256` (never `none`, never HMAC: a public key is not a secret), the token
/// must name a `kid`, and that key must be an RSA signing key for RS256. `refetched` says whether
/// the key set was fetched for this token just now: when it was not (the refetch is
/// rate-limited), a `kid` it lacks makes the token unverifiable for now, not foreign, so a
/// key rotation means "retry", not "signed out".
pub fn plan_verification(
    jwt: &InspectedJwt,
    jwks: Option<&Jwks>,
    refetched: bool,
) -> VerificationPlan {
    let Some(header) = jwt.header() else {
        return failed(
            "The header cannot be decoded, so there is no algorithm or key to check against.",
        );
    };
    let (Ok(signature), Some(signing_input)) = (&jwt.signature, &jwt.signing_input) else {
        return match plan_header(header, jwks, refetched) {
            Ok(_) => failed("The signature part is missing or is not valid base64url."),
            Err(concluded) => VerificationPlan::Concluded(concluded),
        };
    };
    plan(header, signing_input, signature, jwks, refetched)
}

/// [`plan_verification`] for a strictly decoded token: the session's verifier.
pub fn plan_decoded(jwt: &DecodedJwt, jwks: Option<&Jwks>, refetched: bool) -> VerificationPlan {
    plan(
        &jwt.header,
        &jwt.signing_input,
        &jwt.signature,
        jwks,
        refetched,
    )
}

fn plan(
    header: &Map<String, Value>,
    signing_input: &str,
    signature: &[u8],
    jwks: Option<&Jwks>,
    refetched: bool,
) -> VerificationPlan {
    match plan_header(header, jwks, refetched) {
        Ok(key) => VerificationPlan::Verify {
            key,
            signing_input: signing_input.to_owned(),
            signature: signature.to_vec(),
        },
        Err(concluded) => VerificationPlan::Concluded(concluded),
    }
}

/// The pool key a header names, or the conclusion when there is nothing to verify.
fn plan_header(
    header: &Map<String, Value>,
    jwks: Option<&Jwks>,
    refetched: bool,
) -> Result<Jwk, SignatureStatus> {
    let text = |name: &str| header.get(name).and_then(Value::as_str);
    match text("alg") {
        Some("RS256") => {}
        Some(alg) if alg.eq_ignore_ascii_case("none") => {
            return Err(refused(
                "The header says alg \"none\": an unsigned token is never accepted.",
            ));
        }
        Some(alg) => {
            return Err(refused(format!(
                "The header says alg \"{alg}\"; Cognito signs only with RS256, so this token was not issued by the pool."
            )));
        }
        None => return Err(refused("The header names no algorithm.")),
    }
    let Some(kid) = text("kid") else {
        return Err(refused(
            "The header names no key (kid), so it cannot be matched to the pool's keys.",
        ));
    };
    let Some(jwks) = jwks else {
        return Err(SignatureStatus::NotChecked {
            reason: "The pool's key set (JWKS) could not be fetched.".into(),
        });
    };
    let Some(key) = jwks.find(kid) else {
        if !refetched {
            return Err(SignatureStatus::NotChecked {
                reason: format!(
                    "The key \"{kid}\" is not in the pool's key set fetched moments ago; it is \
                     fetched again at most every 10 s."
                ),
            });
        }
        return Err(refused(format!(
            "The key \"{kid}\" is not in the pool's key set, even after fetching it again: the token was signed by someone else."
        )));
    };
    let usable = key.kty == "RSA"
        && key.alg.as_deref().is_none_or(|a| a == "RS256")
        && key.key_use.as_deref().is_none_or(|u| u == "sig");
    if !usable {
        return Err(refused(format!(
            "The pool key \"{kid}\" is not an RS256 signing key."
        )));
    }
    Ok(key.clone())
}

fn refused(reason: impl Into<String>) -> SignatureStatus {
    SignatureStatus::Failed {
        reason: reason.into(),
    }
}

/// The status once WebCrypto has answered.
pub fn conclude(kid: &str, valid: bool) -> SignatureStatus {
    if valid {
        SignatureStatus::Verified {
            kid: kid.to_owned(),
        }
    } else {
        SignatureStatus::Failed {
            reason: "The signature does not match the header and payload: the token was altered, or signed with another key.".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector::inspect::inspect_jwt;
    use crate::verify::jwks::{parse_jwks, tests::COGNITO_JWKS};
    use crate::verify::jwt::encode_unsigned;
    use serde_json::json;

    fn token(header: &serde_json::Value) -> InspectedJwt {
        inspect_jwt(&encode_unsigned(header, &json!({"sub": "u"})))
    }

    fn reason(plan: VerificationPlan) -> String {
        match plan {
            VerificationPlan::Concluded(SignatureStatus::Failed { reason }) => reason,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_known_rs256_key_is_verified_with_webcrypto() {
        let jwks = parse_jwks(COGNITO_JWKS).unwrap();
        let plan = plan_verification(
            &token(&json!({"alg": "RS256", "kid": "id-key"})),
            Some(&jwks),
            true,
        );
        assert!(
            matches!(plan, VerificationPlan::Verify { ref key, .. } if key.kid == "id-key"),
            "{plan:?}"
        );
    }

    #[test]
    fn alg_none_and_hmac_are_refused() {
        let jwks = parse_jwks(COGNITO_JWKS).unwrap();
        assert!(reason(plan_verification(
            &token(&json!({"alg": "none", "kid": "id-key"})),
            Some(&jwks),
            true
        ))
        .contains("never accepted"));
        assert!(reason(plan_verification(
            &token(&json!({"alg": "HS256", "kid": "id-key"})),
            Some(&jwks),
            true
        ))
        .contains("only with RS256"));
    }

    #[test]
    fn an_unknown_kid_fails_and_a_missing_jwks_is_not_checked() {
        let jwks = parse_jwks(COGNITO_JWKS).unwrap();
        assert!(reason(plan_verification(
            &token(&json!({"alg": "RS256", "kid": "evil"})),
            Some(&jwks),
            true
        ))
        .contains("not in the pool's key set"));
        assert!(reason(plan_verification(
            &token(&json!({"alg": "RS256"})),
            Some(&jwks),
            true
        ))
        .contains("no key"));
        let plan = plan_verification(
            &token(&json!({"alg": "RS256", "kid": "id-key"})),
            None,
            true,
        );
        assert!(matches!(
            plan,
            VerificationPlan::Concluded(SignatureStatus::NotChecked { .. })
        ));
    }

    #[test]
    fn webcrypto_answer_is_concluded() {
        assert_eq!(
            conclude("k", true),
            SignatureStatus::Verified { kid: "k".into() }
        );
        assert!(matches!(
            conclude("k", false),
            SignatureStatus::Failed { .. }
        ));
    }

    #[test]
    fn an_unknown_kid_is_foreign_only_once_the_keys_were_fetched_for_it() {
        let jwks = parse_jwks(COGNITO_JWKS).unwrap();
        let rotated = token(&json!({"alg": "RS256", "kid": "new-key"}));
        assert!(matches!(
            plan_verification(&rotated, Some(&jwks), false),
            VerificationPlan::Concluded(SignatureStatus::NotChecked { .. })
        ));
        assert!(matches!(
            plan_verification(&rotated, Some(&jwks), true),
            VerificationPlan::Concluded(SignatureStatus::Failed { .. })
        ));
        // The algorithm is judged first, whatever the keys.
        let unsigned = token(&json!({"alg": "none", "kid": "new-key"}));
        assert!(matches!(
            plan_verification(&unsigned, Some(&jwks), false),
            VerificationPlan::Concluded(SignatureStatus::Failed { .. })
        ));
    }
}
