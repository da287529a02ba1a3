//! The live region's words (issue #14): spoken once per change of phase, in the Session page's
//! words, silent at page start. The property test in `prop_session.rs` covers every sequence of
//! the machine; these pin the sentences.
#![cfg(not(target_arch = "wasm32"))]

use cognito_auth::session::machine::{SignInRoute, SignOutReason};
use cognito_auth::session::notice::{announcement, Heard};
use cognito_auth::session::Phase;

fn signed_out(reason: SignOutReason) -> Phase {
    Phase::SignedOut {
        reason: Some(reason),
    }
}

#[test]
fn a_sign_out_is_announced_with_its_reason_once() {
    let out = signed_out(SignOutReason::SignedOutElsewhere);
    assert_eq!(
        announcement(Some(Heard::SignedIn), &out).as_deref(),
        Some("You signed out in another tab.")
    );
    assert_eq!(announcement(Some(Heard::SignedOut), &out), None);
    assert_eq!(
        announcement(Some(Heard::SignedIn), &Phase::SigningOut).as_deref(),
        Some("Signing out…")
    );
}

#[test]
fn nothing_is_said_at_page_start_or_while_signing_in() {
    assert_eq!(
        announcement(None, &signed_out(SignOutReason::UserSignedOut)),
        None
    );
    assert_eq!(
        announcement(
            Some(Heard::SignedOut),
            &Phase::SigningIn(SignInRoute::Callback)
        ),
        None
    );
}

/// Review #14, item 2: a fresh tab starts by looking for another tab's session; the phase it
/// settles in (signed out, or signed in from a neighbour) is the page's start, not a change.
#[test]
fn the_first_settled_phase_after_looking_for_a_session_is_not_spoken() {
    let mut heard = None;
    for phase in [
        Phase::SigningIn(SignInRoute::LookingForHolders),
        Phase::SigningIn(SignInRoute::Callback),
    ] {
        assert_eq!(announcement(heard, &phase), None);
        heard = Heard::after(heard, &phase);
    }
    let settled = Phase::SignedOut {
        reason: Some(SignOutReason::NoSessionFound),
    };
    assert_eq!(announcement(heard, &settled), None);
    heard = Heard::after(heard, &settled);
    assert_eq!(heard, Some(Heard::SignedOut));
    // From then on a sign-in that fails is a change, and is spoken.
    let signing_in = Phase::SigningIn(SignInRoute::Silent);
    heard = Heard::after(heard, &signing_in);
    assert_eq!(heard, Some(Heard::SigningIn));
    assert!(announcement(heard, &signed_out(SignOutReason::UserSignedOut)).is_some());
}
