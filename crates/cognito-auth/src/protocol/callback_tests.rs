//! Tests of `callback`: the order of the checks, what a passed check hands the exchange, and
//! that neither the code nor `state` shows in `Debug`.

use super::*;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const NOW: UnixTime = UnixTime(1_030);

fn pending(state: &str) -> PendingSignIn {
    PendingSignIn {
        state: State::from_received(state),
        nonce: Nonce::from_stored("nonce-of-this-sign-in"),
        verifier: PkceVerifier::from_stored(VERIFIER).unwrap(),
        return_to: "/tokens?tab=id".into(),
        created_at: UnixTime(1_000),
    }
}

#[test]
fn login_required_means_no_hosted_session_not_a_failure() {
    let denied = |code: &str| {
        CallbackError::Denied(OAuthError {
            code: code.into(),
            description: None,
        })
    };
    assert!(denied("login_required").is_no_hosted_session());
    assert!(denied("interaction_required").is_no_hosted_session());
    assert!(!denied("access_denied").is_no_hosted_session());
    assert!(!CallbackError::UnknownState.is_no_hosted_session());
}

#[test]
fn success_hands_over_the_code_and_this_round_trips_verifier_nonce_and_path() {
    let params = parse_callback_query("?code=abc-123&state=s1");
    let record = pending("s1");
    let checked = check_callback(&params, Some(&record), NOW).unwrap();
    assert_eq!(checked.code.secret(), "abc-123");
    assert_eq!(checked.verifier, record.verifier);
    assert_eq!(checked.verifier.secret(), VERIFIER);
    assert_eq!(checked.nonce, record.nonce);
    assert!(checked.nonce.matches("nonce-of-this-sign-in"));
    assert_eq!(checked.return_to, "/tokens?tab=id");
}

#[test]
fn the_return_path_handed_over_is_made_safe() {
    let params = parse_callback_query("?code=abc&state=s1");
    let mut record = pending("s1");
    record.return_to = "//evil.example/".into();
    let checked = check_callback(&params, Some(&record), NOW).unwrap();
    assert_eq!(checked.return_to, "/");
}

#[test]
fn debug_of_the_params_and_of_the_checked_callback_shows_no_code_state_or_secret() {
    let params = parse_callback_query("?code=the-code-4f2a&state=the-state-9c1e");
    let shown = format!("{params:?}");
    assert!(!shown.contains("the-code-4f2a"), "{shown}");
    assert!(!shown.contains("the-state-9c1e"), "{shown}");
    let checked = check_callback(&params, Some(&pending("the-state-9c1e")), NOW).unwrap();
    let shown = format!("{checked:?}");
    for secret in ["the-code-4f2a", VERIFIER, "nonce-of-this-sign-in"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("/tokens?tab=id"), "{shown}");
}

#[test]
fn error_with_description_is_decoded() {
    let params = parse_callback_query(
        "?error=invalid_request&error_description=Timeout+occurred+in+calling+IdP+token+endpoint&state=s1",
    );
    let err = check_callback(&params, Some(&pending("s1")), NOW).unwrap_err();
    assert_eq!(
        err,
        CallbackError::Denied(OAuthError {
            code: "invalid_request".into(),
            description: Some("Timeout occurred in calling IdP token endpoint".into()),
        })
    );
}

#[test]
fn error_without_description() {
    let params = parse_callback_query("?error=access_denied&state=s1");
    let err = check_callback(&params, Some(&pending("s1")), NOW).unwrap_err();
    assert!(
        matches!(err, CallbackError::Denied(OAuthError { ref code, description: None }) if code == "access_denied")
    );
}

#[test]
fn missing_state_is_refused_before_the_error_is_believed() {
    let params = parse_callback_query("?error=access_denied&error_description=forged");
    assert_eq!(
        check_callback(&params, Some(&pending("s1")), NOW),
        Err(CallbackError::MissingState)
    );
    let params = parse_callback_query("?code=abc&state=");
    assert_eq!(
        check_callback(&params, Some(&pending("s1")), NOW),
        Err(CallbackError::MissingState)
    );
}

#[test]
fn mismatched_or_unknown_state_is_refused() {
    let params = parse_callback_query("?code=abc&state=other");
    assert_eq!(
        check_callback(&params, Some(&pending("s1")), NOW),
        Err(CallbackError::UnknownState)
    );
    assert_eq!(
        check_callback(&params, None, NOW),
        Err(CallbackError::UnknownState)
    );
    // A forged error with an unknown state is refused the same way.
    let params = parse_callback_query("?error=server_error&state=other");
    assert_eq!(
        check_callback(&params, None, NOW),
        Err(CallbackError::UnknownState)
    );
}

#[test]
fn expired_state_is_refused() {
    let params = parse_callback_query("?code=abc&state=s1");
    let late = UnixTime(1_000 + 601);
    assert_eq!(
        check_callback(&params, Some(&pending("s1")), late),
        Err(CallbackError::ExpiredState { age_secs: 601 })
    );
}

#[test]
fn neither_code_nor_error() {
    let params = parse_callback_query("?state=s1");
    assert_eq!(
        check_callback(&params, Some(&pending("s1")), NOW),
        Err(CallbackError::MissingCode)
    );
}
