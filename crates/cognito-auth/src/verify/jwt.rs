//! Decoding a compact JWS (RFC 7515 §7.1): three base64url parts, the first two JSON objects.
//!
//! Decoding is not verification. The signing input and signature are kept so the browser glue
//! can verify RS256 with WebCrypto.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde_json::{Map, Value};

/// base64url that accepts a stray `=` padding but nothing outside the URL-safe alphabet.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Which of the three parts of a JWT.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JwtPart {
    /// The JOSE header.
    Header,
    /// The claims.
    Payload,
    /// The signature.
    Signature,
}

impl std::fmt::Display for JwtPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Header => "header",
            Self::Payload => "payload",
            Self::Signature => "signature",
        })
    }
}

/// Why a string is not a decodable JWT.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three dot-separated parts.
    #[error("expected 3 dot-separated parts, found {found}")]
    SegmentCount {
        /// How many parts there were.
        found: usize,
    },
    /// A part is not valid base64url.
    #[error("the {part} is not valid base64url")]
    Base64 {
        /// The part at fault.
        part: JwtPart,
    },
    /// A part decodes but is not JSON.
    #[error("the {part} is not valid JSON: {detail}")]
    Json {
        /// The part at fault.
        part: JwtPart,
        /// serde's message.
        detail: String,
    },
    /// A part is JSON but not an object.
    #[error("the {part} is JSON but not an object")]
    NotAnObject {
        /// The part at fault.
        part: JwtPart,
    },
}

/// A decoded, unverified JWT.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedJwt {
    /// The JOSE header (`alg`, `kid`, …).
    pub header: Map<String, Value>,
    /// The claims.
    pub payload: Map<String, Value>,
    /// `header.payload` as sent: the bytes the signature covers.
    pub signing_input: String,
    /// The raw signature bytes.
    pub signature: Vec<u8>,
}

/// Decodes a JWT without verifying it; every part must decode. The lenient decoder of the
/// inspector ([`crate::inspector::inspect::inspect_jwt`]) is built on the same part decoders,
/// not the other way round.
///
/// # Errors
/// The first structural problem found, naming the part.
pub fn decode_jwt(token: &str) -> Result<DecodedJwt, JwtError> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(JwtError::SegmentCount { found: parts.len() });
    };
    Ok(DecodedJwt {
        header: decode_object(header, JwtPart::Header)?,
        payload: decode_object(payload, JwtPart::Payload)?,
        signing_input: format!("{header}.{payload}"),
        signature: decode_signature(signature)?,
    })
}

/// Decodes the signature part.
pub(crate) fn decode_signature(segment: &str) -> Result<Vec<u8>, JwtError> {
    B64URL.decode(segment).map_err(|_| JwtError::Base64 {
        part: JwtPart::Signature,
    })
}

pub(crate) fn decode_object(segment: &str, part: JwtPart) -> Result<Map<String, Value>, JwtError> {
    let bytes = B64URL
        .decode(segment)
        .map_err(|_| JwtError::Base64 { part })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| JwtError::Json {
        part,
        detail: e.to_string(),
    })?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(JwtError::NotAnObject { part }),
    }
}

/// Test helper shared with other modules' tests: an unsigned JWT with the given claims.
#[cfg(test)]
pub(crate) fn encode_unsigned(header: &Value, payload: &Value) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode(b"sig")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    #[test]
    fn decodes_a_valid_token() {
        let token = encode_unsigned(
            &json!({"alg": "RS256", "kid": "k1"}),
            &json!({"sub": "u1", "exp": 5}),
        );
        let jwt = decode_jwt(&token).unwrap();
        assert_eq!(jwt.header["kid"], "k1");
        assert_eq!(jwt.payload["sub"], "u1");
        assert_eq!(jwt.signature, b"sig");
        assert_eq!(jwt.signing_input, token.rsplit_once('.').unwrap().0);
    }

    #[test]
    fn wrong_segment_count() {
        assert_eq!(decode_jwt("a.b"), Err(JwtError::SegmentCount { found: 2 }));
        assert_eq!(
            decode_jwt("a.b.c.d.e"),
            Err(JwtError::SegmentCount { found: 5 })
        );
        assert_eq!(decode_jwt(""), Err(JwtError::SegmentCount { found: 1 }));
    }

    #[test]
    fn malformed_base64_names_the_part() {
        let good = URL_SAFE_NO_PAD.encode("{}");
        assert_eq!(
            decode_jwt(&format!("*!.{good}.c2ln")),
            Err(JwtError::Base64 {
                part: JwtPart::Header
            })
        );
        assert_eq!(
            decode_jwt(&format!("{good}.a+b/.c2ln")),
            Err(JwtError::Base64 {
                part: JwtPart::Payload
            })
        );
        assert_eq!(
            decode_jwt(&format!("{good}.{good}.@@")),
            Err(JwtError::Base64 {
                part: JwtPart::Signature
            })
        );
    }

    #[test]
    fn malformed_json_names_the_part() {
        let good = URL_SAFE_NO_PAD.encode("{}");
        let bad = URL_SAFE_NO_PAD.encode("{\"sub\":");
        let err = decode_jwt(&format!("{good}.{bad}.c2ln")).unwrap_err();
        assert!(
            matches!(
                err,
                JwtError::Json {
                    part: JwtPart::Payload,
                    ..
                }
            ),
            "{err:?}"
        );
        let array = URL_SAFE_NO_PAD.encode("[1]");
        assert_eq!(
            decode_jwt(&format!("{array}.{good}.c2ln")),
            Err(JwtError::NotAnObject {
                part: JwtPart::Header
            })
        );
    }
}
