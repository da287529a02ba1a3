//! Tests of the ID-token claims.

use super::*;
use crate::verify::checks::{verify_id_token, Expectations, NonceRule};
use serde_json::json;

const ISS: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";
const EXPECT: Expectations<'static> = Expectations {
    issuer: ISS,
    client_id: "client1",
    nonce: NonceRule::Equals("n1"),
    now: NOW,
    leeway_secs: DEFAULT_LEEWAY_SECS,
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

fn header() -> Map<String, Value> {
    json!({"alg": "RS256", "kid": "k"})
        .as_object()
        .unwrap()
        .clone()
}

fn with(edit: impl FnOnce(&mut Map<String, Value>)) -> Result<IdClaims, ClaimsError> {
    let mut p = payload();
    edit(&mut p);
    verify_id_token(&header(), &p, &EXPECT)
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
            expected: "id",
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
