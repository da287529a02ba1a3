//! Tests of the verifier's pure half. `pub(crate)` helpers build token sets for the machine's
//! tests too.

use super::*;
use crate::protocol::config::Config;
use crate::protocol::secret::{AccessToken, IdToken, RefreshToken};
use crate::verify::jwt::encode_unsigned;
use serde_json::json;

pub(crate) fn config() -> Config {
    crate::protocol::authorize::tests::test_config()
}

pub(crate) fn nonce() -> Nonce {
    Nonce::from_stored("n1")
}

/// A Cognito-shaped token response for `sub`, issued at `iat` (Cognito's clock), living `life`.
pub(crate) fn response(sub: &str, iat: i64, life: i64, refresh: Option<&str>) -> TokenResponse {
    let config = config();
    let header = json!({"alg": "RS256", "kid": "k1"});
    let id = json!({"sub": sub, "iss": config.issuer, "aud": config.client_id, "token_use": "id",
                    "iat": iat, "exp": iat.saturating_add(life), "nonce": "n1",
                    "email": "demo@example.com"});
    let access = json!({"sub": sub, "iss": config.issuer, "client_id": config.client_id,
                        "token_use": "access", "iat": iat, "exp": iat.saturating_add(life)});
    TokenResponse {
        id_token: IdToken::new(encode_unsigned(&header, &id)),
        access_token: AccessToken::new(encode_unsigned(&header, &access)),
        refresh_token: refresh.map(RefreshToken::new),
        expires_in: Some(life),
    }
}

fn verified() -> SignaturesVerified {
    signatures_verified([
        SignatureStatus::Verified { kid: "k1".into() },
        SignatureStatus::Verified { kid: "k1".into() },
    ])
    .unwrap()
}

/// Accepts `raw` as if both signatures verified.
pub(crate) fn accept_as(
    raw: TokenResponse,
    origin: Origin<'_>,
    drift: Drift,
    now: i64,
) -> Result<Accepted, AuthError> {
    accept(
        &config(),
        decode(raw)?,
        verified(),
        origin,
        drift,
        UnixTime(now),
    )
}

pub(crate) fn signed_in_tokens(sub: &str, iat: i64, life: i64, now: i64) -> Accepted {
    let n = nonce();
    accept_as(
        response(sub, iat, life, Some("r1")),
        Origin::SignIn { nonce: &n },
        Drift::ZERO,
        now,
    )
    .unwrap()
}

#[test]
fn a_sign_in_measures_the_drift_and_keeps_the_nonce() {
    // The device clock is 10 s ahead of Cognito's.
    let accepted = signed_in_tokens("u", 1_000, 3_600, 1_010);
    assert_eq!(accepted.measured.map(Drift::secs), Some(-10));
    assert_eq!(accepted.tokens.sign_in_nonce, Some(nonce()));
    assert_eq!(
        accepted.tokens.claims.email.as_deref(),
        Some("demo@example.com")
    );
    assert_eq!(accepted.tokens.times.expires(), UnixTime(4_600));
    assert!(!format!("{accepted:?}").contains(accepted.tokens.id_token.secret()));
}

#[test]
fn a_token_issued_and_expired_a_year_ago_is_refused_at_sign_in() {
    let year = 365 * 86_400;
    let n = nonce();
    let err = accept_as(
        response("u", 1_000, 3_600, None),
        Origin::SignIn { nonce: &n },
        Drift::ZERO,
        1_000 + year,
    )
    .unwrap_err();
    assert!(matches!(err, AuthError::Clock(_)), "{err:?}");
    assert!(err.explain().title.contains("clock"));
}

#[test]
fn a_refresh_keeps_the_refresh_token_the_user_and_the_sign_in_nonce() {
    let first = signed_in_tokens("u", 1_000, 3_600, 1_000).tokens;
    let refreshed = accept_as(
        response("u", 4_000, 3_600, None),
        Origin::Refresh { previous: &first },
        Drift::ZERO,
        4_005,
    )
    .unwrap();
    assert_eq!(
        refreshed
            .tokens
            .refresh_token
            .as_ref()
            .map(RefreshToken::secret),
        Some("r1")
    );
    assert!(
        !refreshed.rotated,
        "no refresh token in the answer: not rotated"
    );
    assert_eq!(refreshed.tokens.sign_in_nonce, Some(nonce()));
    assert_eq!(refreshed.measured.map(Drift::secs), Some(-5));
    // The same refresh token coming back is not a rotation; a new one is.
    let same = accept_as(
        response("u", 4_000, 3_600, Some("r1")),
        Origin::Refresh { previous: &first },
        Drift::ZERO,
        4_005,
    )
    .unwrap();
    assert!(!same.rotated);
    let new = accept_as(
        response("u", 4_000, 3_600, Some("r2")),
        Origin::Refresh { previous: &first },
        Drift::ZERO,
        4_005,
    )
    .unwrap();
    assert!(new.rotated);
    let other = accept_as(
        response("someone-else", 4_000, 3_600, None),
        Origin::Refresh { previous: &first },
        Drift::ZERO,
        4_005,
    );
    assert_eq!(
        other.unwrap_err(),
        AuthError::Claims(ClaimsError::SubjectChanged)
    );
}

#[test]
fn another_tabs_tokens_are_judged_on_this_tabs_clock_and_carry_no_nonce() {
    // Fifty minutes after the sign-in a new tab takes the session over: still valid.
    let adopted = accept_as(
        response("u", 1_000, 3_600, Some("r1")),
        Origin::OtherTab {
            previous: None,
            rotated: false,
        },
        Drift::ZERO,
        4_000,
    )
    .unwrap();
    assert_eq!(adopted.measured, None, "a message never moves the clock");
    assert_eq!(adopted.tokens.sign_in_nonce, None);
    assert_eq!(adopted.tokens.nonce_rule(), NonceRule::Unknown);
    // Expired by this tab's clock: refused, whatever the sender's clock said.
    let expired = accept_as(
        response("u", 1_000, 3_600, Some("r1")),
        Origin::OtherTab {
            previous: None,
            rotated: false,
        },
        Drift::ZERO,
        1_000 + 3_600 + 121,
    );
    assert!(matches!(
        expired,
        Err(AuthError::Claims(ClaimsError::Expired { .. }))
    ));
}

#[test]
fn a_rotation_elsewhere_drops_the_stale_refresh_token() {
    let mine = signed_in_tokens("u", 1_000, 3_600, 1_000).tokens;
    let origin = |rotated| Origin::OtherTab {
        previous: Some(&mine),
        rotated,
    };
    let kept = accept_as(
        response("u", 2_000, 3_600, None),
        origin(false),
        Drift::ZERO,
        2_000,
    );
    assert!(kept.unwrap().tokens.refresh_token.is_some());
    let dropped = accept_as(
        response("u", 2_000, 3_600, None),
        origin(true),
        Drift::ZERO,
        2_000,
    );
    assert_eq!(dropped.unwrap().tokens.refresh_token, None);
    let theirs = accept_as(
        response("v", 2_000, 3_600, None),
        origin(false),
        Drift::ZERO,
        2_000,
    );
    assert_eq!(
        theirs.unwrap_err(),
        AuthError::Claims(ClaimsError::SubjectChanged)
    );
}

#[test]
fn unsigned_or_hmac_tokens_never_get_past_the_signature_proof() {
    let failed = signatures_verified([
        SignatureStatus::Verified { kid: "k1".into() },
        SignatureStatus::Failed {
            reason: "alg none".into(),
        },
    ]);
    assert!(matches!(
        failed,
        Err(SignatureError::Invalid { kind: "access", .. })
    ));
    let unverifiable = signatures_verified([
        SignatureStatus::NotChecked {
            reason: "JWKS unreachable".into(),
        },
        SignatureStatus::Verified { kid: "k1".into() },
    ]);
    assert!(matches!(
        unverifiable,
        Err(SignatureError::Unverifiable { kind: "ID", .. })
    ));
    // Even with a proof, the alg row of the check table refuses anything but RS256.
    let mut raw = response("u", 1_000, 3_600, None);
    let payload = decode_jwt(raw.id_token.secret()).unwrap().payload;
    raw.id_token = IdToken::new(encode_unsigned(
        &json!({"alg": "none"}),
        &serde_json::Value::Object(payload),
    ));
    let n = nonce();
    let err = accept_as(raw, Origin::SignIn { nonce: &n }, Drift::ZERO, 1_000).unwrap_err();
    assert!(matches!(
        err,
        AuthError::Claims(ClaimsError::WrongAlgorithm { .. })
    ));
}

#[test]
fn mismatched_id_and_access_tokens_are_refused() {
    let mut raw = response("u", 1_000, 3_600, None);
    raw.access_token = response("v", 1_000, 3_600, None).access_token;
    let n = nonce();
    assert_eq!(
        accept_as(raw, Origin::SignIn { nonce: &n }, Drift::ZERO, 1_000).unwrap_err(),
        AuthError::Claims(ClaimsError::SubjectChanged)
    );
}

#[test]
fn extreme_times_and_lifetimes_neither_panic_nor_pass_unbounded() {
    let n = nonce();
    for (iat, life) in [
        (i64::MAX, 10),
        (i64::MIN, 10),
        (1_000, i64::MAX),
        (1_000, i64::MIN),
    ] {
        let mut raw = response("u", iat, life, None);
        raw.expires_in = Some(life);
        if let Ok(accepted) = accept_as(raw, Origin::SignIn { nonce: &n }, Drift::ZERO, 1_000) {
            let e = accepted.tokens.expires_in.unwrap();
            assert!((0..=MAX_EXPIRES_IN_SECS).contains(&e), "{e}");
        }
    }
}

#[test]
fn the_earlier_expiry_wins() {
    let times = TokenTimes {
        id_iat: UnixTime(0),
        id_exp: UnixTime(3_600),
        access_iat: UnixTime(0),
        access_exp: UnixTime(1_800),
    };
    assert_eq!(times.refresh_due(), UnixTime(1_740));
    assert_eq!(times.expires(), UnixTime(1_800));
}

#[test]
fn a_refresh_does_not_compare_auth_time_or_groups_which_the_emulator_changes() {
    let first = signed_in_tokens("u", 1_000, 3_600, 1_000).tokens;
    let mut raw = response("u", 4_000, 3_600, None);
    let mut payload = decode_jwt(raw.id_token.secret()).unwrap().payload;
    payload.insert("auth_time".into(), json!(3_999));
    payload.insert("cognito:groups".into(), json!(["admins"]));
    payload.remove("nonce");
    raw.id_token = IdToken::new(encode_unsigned(
        &json!({"alg": "RS256", "kid": "k1"}),
        &serde_json::Value::Object(payload),
    ));
    let refreshed = accept_as(
        raw,
        Origin::Refresh { previous: &first },
        Drift::ZERO,
        4_000,
    );
    assert_eq!(refreshed.unwrap().tokens.claims.groups, ["admins"]);
}

#[test]
fn rows_are_sorted_text() {
    let claims = json!({"b": "<img src=x>", "a": ["x", "y"], "c": 5, "d": true})
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(
        claim_rows(&claims),
        [
            ("a".to_owned(), "[\"x\",\"y\"]".to_owned()),
            ("b".to_owned(), "<img src=x>".to_owned()),
            ("c".to_owned(), "5".to_owned()),
            ("d".to_owned(), "true".to_owned()),
        ]
    );
}
