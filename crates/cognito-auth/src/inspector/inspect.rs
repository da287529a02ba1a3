//! Lenient JWT decoding for the inspector: every part that can be decoded is, and a broken part
//! says what is wrong with it instead of hiding the rest (jwt.io users' top complaint).

use crate::verify::jwt::{decode_object, decode_signature, JwtError, JwtPart};
use serde_json::{Map, Value};

pub use crate::verify::checks::TokenKind;

/// A JWT decoded as far as it goes.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectedJwt {
    /// How many dot-separated parts there were (3 for a JWS).
    pub segment_count: usize,
    /// The JOSE header, or why it could not be read.
    pub header: Result<Map<String, Value>, JwtError>,
    /// The claims, or why they could not be read.
    pub payload: Result<Map<String, Value>, JwtError>,
    /// The signature bytes, or why they could not be read.
    pub signature: Result<Vec<u8>, JwtError>,
    /// `header.payload` as sent, when there are at least two parts.
    pub signing_input: Option<String>,
}

impl InspectedJwt {
    /// The header, if it decoded.
    pub fn header(&self) -> Option<&Map<String, Value>> {
        self.header.as_ref().ok()
    }

    /// The claims, if they decoded.
    pub fn payload(&self) -> Option<&Map<String, Value>> {
        self.payload.as_ref().ok()
    }

    /// A string header parameter (`alg`, `kid`, `typ`).
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header()
            .and_then(|h| h.get(name))
            .and_then(Value::as_str)
    }
}

/// Decodes what can be decoded of `token`.
pub fn inspect_jwt(token: &str) -> InspectedJwt {
    let parts: Vec<&str> = token.trim().split('.').collect();
    let count = parts.len();
    let missing = JwtError::SegmentCount { found: count };
    let header = parts.first().map_or_else(
        || Err(missing.clone()),
        |p| decode_object(p, JwtPart::Header),
    );
    let payload = parts.get(1).map_or_else(
        || Err(missing.clone()),
        |p| decode_object(p, JwtPart::Payload),
    );
    let signature = match parts.get(2) {
        Some(sig) if count == 3 => decode_signature(sig),
        _ => Err(missing),
    };
    let signing_input = match (parts.first(), parts.get(1)) {
        (Some(h), Some(p)) => Some(format!("{h}.{p}")),
        _ => None,
    };
    InspectedJwt {
        segment_count: count,
        header,
        payload,
        signature,
        signing_input,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_good_token_decodes_fully() {
        let token = crate::verify::jwt::encode_unsigned(
            &json!({"alg": "RS256", "kid": "k"}),
            &json!({"sub": "u"}),
        );
        let jwt = inspect_jwt(&token);
        assert_eq!(jwt.segment_count, 3);
        assert_eq!(jwt.header_str("kid"), Some("k"));
        assert_eq!(jwt.payload().unwrap()["sub"], "u");
        assert_eq!(jwt.signature.as_deref(), Ok(&b"sig"[..]));
    }

    #[test]
    fn a_broken_header_still_shows_the_payload() {
        let token = crate::verify::jwt::encode_unsigned(&json!({}), &json!({"sub": "u"}));
        let broken = format!("%%%{}", &token[2..]);
        let jwt = inspect_jwt(&broken);
        assert!(matches!(
            jwt.header,
            Err(JwtError::Base64 {
                part: JwtPart::Header
            })
        ));
        assert_eq!(jwt.payload().unwrap()["sub"], "u");
    }

    #[test]
    fn a_truncated_token_keeps_what_it_has() {
        let token =
            crate::verify::jwt::encode_unsigned(&json!({"alg": "RS256"}), &json!({"sub": "u"}));
        let two_parts = token.rsplit_once('.').unwrap().0;
        let jwt = inspect_jwt(two_parts);
        assert_eq!(jwt.header_str("alg"), Some("RS256"));
        assert!(jwt.payload().is_some());
        assert_eq!(jwt.signature, Err(JwtError::SegmentCount { found: 2 }));
        let jwt = inspect_jwt("garbage");
        assert!(jwt.header.is_err() && jwt.payload.is_err() && jwt.signing_input.is_none());
    }
}
