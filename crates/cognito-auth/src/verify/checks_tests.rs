//! Tests of the check table.

use super::*;
use serde_json::json;

const ISS: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X";
const NOW: UnixTime = UnixTime(10_000);

fn expect(nonce: NonceRule<'static>) -> Expectations<'static> {
    Expectations {
        issuer: ISS,
        client_id: "c1",
        nonce,
        now: NOW,
        leeway_secs: 120,
    }
}

fn obj(value: &Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

fn rs256() -> Map<String, Value> {
    obj(&json!({"alg": "RS256", "kid": "k"}))
}

fn id_payload() -> Map<String, Value> {
    obj(
        &json!({"iss": ISS, "aud": "c1", "token_use": "id", "exp": 13_600, "iat": 10_000,
                "nonce": "n1", "sub": "u"}),
    )
}

fn access_payload() -> Map<String, Value> {
    obj(
        &json!({"iss": ISS, "client_id": "c1", "token_use": "access", "exp": 13_600,
                "iat": 10_000, "sub": "u"}),
    )
}

#[test]
fn a_good_id_token_passes_and_an_access_token_has_no_nonce_rule() {
    let rules = expect(NonceRule::Equals("n1"));
    assert_eq!(
        verify_claims(TokenKind::Id, &rs256(), &id_payload(), &rules),
        Ok(())
    );
    assert_eq!(
        verify_claims(TokenKind::Access, &rs256(), &access_payload(), &rules),
        Ok(())
    );
    assert!(!checks_for(TokenKind::Access).contains(&Check::Nonce));
    assert_eq!(Check::Client.name(TokenKind::Access), "client_id");
}

#[test]
fn alg_none_and_hmac_are_refused_whatever_the_claims() {
    for header in [
        json!({"alg": "none"}),
        json!({"alg": "HS256", "kid": "k"}),
        json!({"alg": "rs256"}),
        json!({}),
    ] {
        let err = verify_claims(
            TokenKind::Id,
            &obj(&header),
            &id_payload(),
            &expect(NonceRule::Unknown),
        )
        .unwrap_err();
        assert!(
            matches!(err, ClaimsError::WrongAlgorithm { .. }),
            "{header}: {err:?}"
        );
    }
}

#[test]
fn times_are_judged_on_the_given_clock_with_leeway() {
    let rules = expect(NonceRule::Unknown);
    let with = |name: &str, value: i64| {
        let mut p = id_payload();
        p.insert(name.into(), json!(value));
        verify_claims(TokenKind::Id, &rs256(), &p, &rules)
    };
    assert_eq!(with("exp", NOW.0 - 120), Ok(()));
    assert!(matches!(
        with("exp", NOW.0 - 121),
        Err(ClaimsError::Expired { .. })
    ));
    assert_eq!(with("nbf", NOW.0 + 120), Ok(()));
    assert!(matches!(
        with("nbf", NOW.0 + 121),
        Err(ClaimsError::NotYetValid { .. })
    ));
    assert!(matches!(
        with("iat", NOW.0 + 121),
        Err(ClaimsError::IssuedInFuture { .. })
    ));
    // Extremes neither panic nor pass.
    assert!(with("exp", i64::MIN).is_err());
    assert!(with("iat", i64::MAX).is_err());
    assert!(with("nbf", i64::MAX).is_err());
    let mut no_iat = id_payload();
    no_iat.remove("iat");
    assert_eq!(
        verify_claims(TokenKind::Id, &rs256(), &no_iat, &rules),
        Err(ClaimsError::Missing { claim: "iat" })
    );
}

#[test]
fn the_nonce_rule_depends_on_where_the_token_came_from() {
    let verdict = |nonce: Option<&str>, rule| {
        let mut p = id_payload();
        match nonce {
            Some(n) => p.insert("nonce".into(), json!(n)),
            None => p.remove("nonce"),
        };
        run(Check::Nonce, TokenKind::Id, &rs256(), &p, &expect(rule))
    };
    // A sign-in: present and equal.
    assert!(matches!(
        verdict(Some("n1"), NonceRule::Equals("n1")),
        Verdict::Pass(_)
    ));
    assert_eq!(
        verdict(Some("n2"), NonceRule::Equals("n1")),
        Verdict::Fail(ClaimsError::NonceMismatch)
    );
    assert_eq!(
        verdict(None, NonceRule::Equals("n1")),
        Verdict::Fail(ClaimsError::Missing { claim: "nonce" })
    );
    // A refresh: absent (Cognito) or the sign-in's (a strict OpenID provider), never another.
    assert!(matches!(
        verdict(None, NonceRule::AbsentOrEquals("n1")),
        Verdict::Pass(_)
    ));
    assert!(matches!(
        verdict(Some("n1"), NonceRule::AbsentOrEquals("n1")),
        Verdict::Pass(_)
    ));
    assert_eq!(
        verdict(Some("n2"), NonceRule::AbsentOrEquals("n1")),
        Verdict::Fail(ClaimsError::NonceMismatch)
    );
    // Adopted from a tab: never shown as passed, because nothing was compared.
    assert!(matches!(
        verdict(Some("n1"), NonceRule::Unknown),
        Verdict::NotChecked(_)
    ));
}

#[test]
fn the_strict_path_stops_at_the_first_row_the_inspector_shows_failing() {
    let mut p = id_payload();
    p.insert("iss".into(), json!("https://evil.example"));
    p.insert("exp".into(), json!(1));
    let rules = expect(NonceRule::Equals("n1"));
    let first_failing = checks_for(TokenKind::Id).iter().find_map(|c| {
        match run(*c, TokenKind::Id, &rs256(), &p, &rules) {
            Verdict::Fail(e) => Some(e),
            _ => None,
        }
    });
    let strict = verify_claims(TokenKind::Id, &rs256(), &p, &rules).unwrap_err();
    assert_eq!(Some(strict.clone()), first_failing);
    assert!(matches!(strict, ClaimsError::IssuerMismatch { .. }));
}

#[test]
fn the_client_is_aud_in_id_tokens_and_client_id_in_access_tokens() {
    let rules = expect(NonceRule::Unknown);
    let mut p = access_payload();
    p.insert("client_id".into(), json!("other"));
    assert!(matches!(
        verify_claims(TokenKind::Access, &rs256(), &p, &rules),
        Err(ClaimsError::AudienceMismatch { .. })
    ));
    // An ID token passed off as an access token.
    assert!(verify_claims(TokenKind::Access, &rs256(), &id_payload(), &rules).is_err());
    let mut multi = id_payload();
    multi.insert("aud".into(), json!(["c1", "other"]));
    assert!(verify_claims(TokenKind::Id, &rs256(), &multi, &rules).is_err());
    multi.insert("aud".into(), json!(["c1"]));
    assert_eq!(
        verify_claims(TokenKind::Id, &rs256(), &multi, &rules),
        Ok(())
    );
}
