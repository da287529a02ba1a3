//! Claims of a checked ID token, and why a token's claims are refused.
//!
//! The rules themselves are the table in [`crate::verify::checks`]; this module names why a
//! claim is refused and reads the claims the session relies on once the table has passed.

use crate::time::UnixTime;
use serde_json::{Map, Value};

/// Allowed disagreement between this device's clock (corrected by the drift this tab measured)
/// and Cognito's for `exp`, `nbf` and `iat`, in seconds.
pub const DEFAULT_LEEWAY_SECS: i64 = 120;

/// Why a token does not belong to this session: one variant per rule of the check table.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClaimsError {
    /// A claim OIDC requires is absent.
    #[error("the `{claim}` claim is missing")]
    Missing {
        /// Its name.
        claim: &'static str,
    },
    /// A claim has the wrong JSON type.
    #[error("the `{claim}` claim has the wrong type")]
    WrongType {
        /// Its name.
        claim: &'static str,
    },
    /// `iss` is another pool's (or another provider's).
    #[error("issued by {found}, expected {expected}")]
    IssuerMismatch {
        /// This pool's issuer.
        expected: String,
        /// The token's `iss`.
        found: String,
    },
    /// `aud` is another app client.
    #[error("issued to app client {found}, expected {expected}")]
    AudienceMismatch {
        /// This portal's client id.
        expected: String,
        /// The token's `aud`.
        found: String,
    },
    /// `token_use` is not the kind expected (an access token passed off as an ID token).
    #[error("token_use is \"{found}\", expected \"{expected}\"")]
    WrongTokenUse {
        /// The `token_use` this kind of token carries.
        expected: &'static str,
        /// The token's `token_use`.
        found: String,
    },
    /// `alg` is not `RS256` (`none`, an HMAC algorithm, or missing): never accepted.
    #[error("alg is {}, but Cognito signs only with RS256", found.as_deref().map_or_else(|| "missing".to_owned(), |a| format!("\"{a}\"")))]
    WrongAlgorithm {
        /// The header's `alg`, if any.
        found: Option<String>,
    },
    /// `nbf` is in the future, beyond the leeway.
    #[error("not valid before {nbf} (now {now})")]
    NotYetValid {
        /// The token's `nbf`.
        nbf: i64,
        /// Cognito's time used.
        now: i64,
    },
    /// `iat` is in the future, beyond the leeway.
    #[error("issued in the future, at {iat} (now {now})")]
    IssuedInFuture {
        /// The token's `iat`.
        iat: i64,
        /// Cognito's time used.
        now: i64,
    },
    /// `exp` is in the past, beyond the leeway.
    #[error("expired at {exp} (now {now}, leeway {leeway} s)")]
    Expired {
        /// The token's `exp`.
        exp: i64,
        /// The local time used.
        now: i64,
        /// The leeway allowed.
        leeway: i64,
    },
    /// `nonce` differs from the one this sign-in sent: a replayed or injected token.
    #[error("the nonce does not match this sign-in")]
    NonceMismatch,
    /// A refreshed or shared ID token names another user than the session's.
    #[error("the token is for another user than this session's")]
    SubjectChanged,
}

/// The claims the portal relies on, read from a checked ID token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdClaims {
    /// Stable user id.
    pub sub: String,
    /// Email, if the `email` scope was granted.
    pub email: Option<String>,
    /// A name to greet the user with: `name`, else given and family name.
    pub display_name: Option<String>,
    /// `cognito:groups`, empty when the user is in none.
    pub groups: Vec<String>,
    /// Expiry.
    pub exp: UnixTime,
    /// Issue time (Cognito's clock).
    pub iat: Option<UnixTime>,
}

/// Reads `sub`, the display name, `cognito:groups`, `exp` and `iat` from checked claims.
///
/// # Errors
/// A claim that is missing or of the wrong type.
pub fn read_id_claims(payload: &Map<String, Value>) -> Result<IdClaims, ClaimsError> {
    let sub = string_claim(payload, "sub")?.ok_or(ClaimsError::Missing { claim: "sub" })?;
    let email = string_claim(payload, "email")?.map(str::to_owned);
    let display_name = string_claim(payload, "name")?
        .map(str::to_owned)
        .or_else(|| {
            let given = payload
                .get("given_name")
                .and_then(Value::as_str)
                .unwrap_or("");
            let family = payload
                .get("family_name")
                .and_then(Value::as_str)
                .unwrap_or("");
            let joined = format!("{given} {family}").trim().to_owned();
            (!joined.is_empty()).then_some(joined)
        });
    let groups = match payload.get("cognito:groups") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(_) => {
            return Err(ClaimsError::WrongType {
                claim: "cognito:groups",
            })
        }
    };
    let exp = int_claim(payload, "exp")?.ok_or(ClaimsError::Missing { claim: "exp" })?;
    Ok(IdClaims {
        sub: sub.to_owned(),
        email,
        display_name,
        groups,
        exp: UnixTime(exp),
        iat: int_claim(payload, "iat")?.map(UnixTime),
    })
}

fn string_claim<'a>(
    payload: &'a Map<String, Value>,
    claim: &'static str,
) -> Result<Option<&'a str>, ClaimsError> {
    match payload.get(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ClaimsError::WrongType { claim }),
    }
}

/// A whole-seconds time claim; absent is `None`, anything but an integer is the wrong type.
pub(crate) fn int_claim(
    payload: &Map<String, Value>,
    claim: &'static str,
) -> Result<Option<i64>, ClaimsError> {
    match payload.get(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_i64()
            .map(Some)
            .ok_or(ClaimsError::WrongType { claim }),
    }
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;
