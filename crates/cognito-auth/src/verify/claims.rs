//! ID-token claim checks (OpenID Connect Core §3.1.3.7, as Cognito issues ID tokens).

use crate::time::UnixTime;
use serde_json::{Map, Value};

/// Allowed disagreement between this device's clock and Cognito's for `exp`, in seconds.
pub const DEFAULT_LEEWAY_SECS: i64 = 120;

/// What a freshly issued ID token must match.
#[derive(Clone, Copy, Debug)]
pub struct IdTokenExpectations<'a> {
    /// The pool's issuer URL.
    pub issuer: &'a str,
    /// The app client id (the token's `aud`).
    pub client_id: &'a str,
    /// The `nonce` sent with this sign-in; `None` for a refreshed ID token, which has none.
    pub nonce: Option<&'a str>,
}

/// Why an ID token does not belong to this sign-in.
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
    /// `token_use` is not `id` (an access token was passed off as an ID token).
    #[error("token_use is \"{found}\", expected \"id\"")]
    WrongTokenUse {
        /// The token's `token_use`.
        found: String,
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

/// Checks `iss`, `aud`, `token_use`, `exp` (with `leeway_secs`) and `nonce`, in that order.
///
/// # Errors
/// The first failed check.
pub fn verify_id_token_claims(
    payload: &Map<String, Value>,
    expect: &IdTokenExpectations<'_>,
    now: UnixTime,
    leeway_secs: i64,
) -> Result<IdClaims, ClaimsError> {
    let iss = string_claim(payload, "iss")?.ok_or(ClaimsError::Missing { claim: "iss" })?;
    if iss != expect.issuer {
        return Err(ClaimsError::IssuerMismatch {
            expected: expect.issuer.to_owned(),
            found: iss.to_owned(),
        });
    }
    check_audience(payload, expect.client_id)?;
    let token_use =
        string_claim(payload, "token_use")?.ok_or(ClaimsError::Missing { claim: "token_use" })?;
    if token_use != "id" {
        return Err(ClaimsError::WrongTokenUse {
            found: token_use.to_owned(),
        });
    }
    let exp = int_claim(payload, "exp")?.ok_or(ClaimsError::Missing { claim: "exp" })?;
    if now.0 > exp.saturating_add(leeway_secs) {
        return Err(ClaimsError::Expired {
            exp,
            now: now.0,
            leeway: leeway_secs,
        });
    }
    if let Some(expected) = expect.nonce {
        let nonce =
            string_claim(payload, "nonce")?.ok_or(ClaimsError::Missing { claim: "nonce" })?;
        if nonce != expected {
            return Err(ClaimsError::NonceMismatch);
        }
    }
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
    Ok(IdClaims {
        sub: sub.to_owned(),
        email,
        display_name,
        groups,
        exp: UnixTime(exp),
        iat: int_claim(payload, "iat")?.map(UnixTime),
    })
}

fn check_audience(payload: &Map<String, Value>, client_id: &str) -> Result<(), ClaimsError> {
    let mismatch = |found: String| ClaimsError::AudienceMismatch {
        expected: client_id.to_owned(),
        found,
    };
    match payload.get("aud") {
        None => Err(ClaimsError::Missing { claim: "aud" }),
        Some(Value::String(aud)) if aud == client_id => Ok(()),
        Some(Value::String(aud)) => Err(mismatch(aud.clone())),
        // OIDC allows an array; Cognito sends a string. A multi-audience token is not ours alone.
        Some(Value::Array(items))
            if items.len() == 1 && items.first().and_then(Value::as_str) == Some(client_id) =>
        {
            Ok(())
        }
        Some(Value::Array(items)) => Err(mismatch(Value::Array(items.clone()).to_string())),
        Some(_) => Err(ClaimsError::WrongType { claim: "aud" }),
    }
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

fn int_claim(
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
mod tests {
    use super::*;
    use serde_json::json;

    const ISS: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";
    const EXPECT: IdTokenExpectations<'static> = IdTokenExpectations {
        issuer: ISS,
        client_id: "client1",
        nonce: Some("n1"),
    };
    const NOW: UnixTime = UnixTime(1_700_000_000);

    fn payload() -> Map<String, Value> {
        json!({
            "sub": "uuid-1", "iss": ISS, "aud": "client1", "token_use": "id",
            "exp": NOW.0 + 3600, "iat": NOW.0, "nonce": "n1",
            "email": "demo@example.com", "given_name": "Dana", "family_name": "Demo",
            "cognito:groups": ["customers"]
        })
        .as_object()
        .unwrap()
        .clone()
    }

    fn with(edit: impl FnOnce(&mut Map<String, Value>)) -> Result<IdClaims, ClaimsError> {
        let mut p = payload();
        edit(&mut p);
        verify_id_token_claims(&p, &EXPECT, NOW, DEFAULT_LEEWAY_SECS)
    }

    #[test]
    fn valid_token_yields_the_claims() {
        let claims = with(|_| {}).unwrap();
        assert_eq!(claims.sub, "uuid-1");
        assert_eq!(claims.email.as_deref(), Some("demo@example.com"));
        assert_eq!(claims.display_name.as_deref(), Some("Dana Demo"));
        assert_eq!(claims.groups, ["customers"]);
        assert_eq!(claims.exp, UnixTime(NOW.0 + 3600));
    }

    #[test]
    fn name_claim_wins_and_groups_are_optional() {
        let claims = with(|p| {
            p.insert("name".into(), "D. Demo".into());
            p.remove("cognito:groups");
        })
        .unwrap();
        assert_eq!(claims.display_name.as_deref(), Some("D. Demo"));
        assert!(claims.groups.is_empty());
    }

    #[test]
    fn wrong_issuer() {
        let err = with(|p| {
            p.insert(
                "iss".into(),
                "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other".into(),
            );
        })
        .unwrap_err();
        assert!(matches!(err, ClaimsError::IssuerMismatch { .. }), "{err:?}");
        assert_eq!(
            with(|p| {
                p.remove("iss");
            }),
            Err(ClaimsError::Missing { claim: "iss" })
        );
    }

    #[test]
    fn wrong_audience() {
        let err = with(|p| {
            p.insert("aud".into(), "other-client".into());
        })
        .unwrap_err();
        assert!(
            matches!(err, ClaimsError::AudienceMismatch { ref found, .. } if found == "other-client")
        );
        assert!(with(|p| {
            p.insert("aud".into(), json!(["client1"]));
        })
        .is_ok());
        assert!(with(|p| {
            p.insert("aud".into(), json!(["client1", "x"]));
        })
        .is_err());
        assert_eq!(
            with(|p| {
                p.insert("aud".into(), json!(5));
            }),
            Err(ClaimsError::WrongType { claim: "aud" })
        );
    }

    #[test]
    fn access_token_is_not_an_id_token() {
        let err = with(|p| {
            p.insert("token_use".into(), "access".into());
        })
        .unwrap_err();
        assert_eq!(
            err,
            ClaimsError::WrongTokenUse {
                found: "access".into()
            }
        );
    }

    #[test]
    fn expiry_allows_the_leeway_only() {
        assert!(with(|p| {
            p.insert("exp".into(), json!(NOW.0 - 120));
        })
        .is_ok());
        let err = with(|p| {
            p.insert("exp".into(), json!(NOW.0 - 121));
        })
        .unwrap_err();
        assert!(matches!(err, ClaimsError::Expired { .. }), "{err:?}");
        assert_eq!(
            with(|p| {
                p.insert("exp".into(), "soon".into());
            }),
            Err(ClaimsError::WrongType { claim: "exp" })
        );
    }

    #[test]
    fn nonce_must_match() {
        assert_eq!(
            with(|p| {
                p.insert("nonce".into(), "n2".into());
            }),
            Err(ClaimsError::NonceMismatch)
        );
        assert_eq!(
            with(|p| {
                p.remove("nonce");
            }),
            Err(ClaimsError::Missing { claim: "nonce" })
        );
    }
}
