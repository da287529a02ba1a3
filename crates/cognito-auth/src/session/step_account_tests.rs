//! The session machine's rules for the account page's endings: "Sign out of every device"
//! (`GlobalSignOut`) and "Delete my account" (`DeleteUser`), here and as another tab reports
//! them (a report any script on the origin could forge).

use super::tests::*;
use super::*;
use crate::session::tab_message::TabMessage;

const EVERYWHERE: SignOutReason = SignOutReason::SignedOutEverywhere {
    in_other_tab: false,
};
const DELETED: SignOutReason = SignOutReason::AccountDeleted {
    in_other_tab: false,
};
const EVERYWHERE_ELSEWHERE: SignOutReason =
    SignOutReason::SignedOutEverywhere { in_other_tab: true };
const DELETED_ELSEWHERE: SignOutReason = SignOutReason::AccountDeleted { in_other_tab: true };

#[test]
fn signing_out_everywhere_drops_the_tokens_tells_the_tabs_and_leaves_through_logout() {
    let session = signed_in(1_000, 1_000, 3_600);
    let (out, commands) = at(&session, Event::SignOut(EVERYWHERE), 1_100);
    assert_eq!(out.phase, Phase::SigningOut);
    assert!(out.tokens().is_none());
    // Nothing to revoke (Cognito revoked every refresh token), but /logout clears the hosted
    // UI's cookie, which GlobalSignOut leaves in place.
    assert_eq!(
        effects(&commands),
        [
            Command::AnnounceSignOut(EVERYWHERE),
            Command::Logout {
                refresh_token: None
            }
        ]
    );
    assert_eq!(notices(&commands), [Notice::SignedOut(EVERYWHERE)]);
    assert_eq!(
        TabMessage::signed_out(&EVERYWHERE).sign_out_reason(),
        Some(EVERYWHERE_ELSEWHERE),
        "the siblings hear it as news from another tab"
    );
}

#[test]
fn deleting_the_account_ends_the_session_here_tells_the_tabs_and_leaves_through_logout() {
    let session = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&session, 4_540);
    let late_answer = refresh_answer(&busy, 4_540, 3_600, 4_541, Some("r2"));
    let (out, commands) = at(&busy, Event::SignOut(DELETED), 4_541);
    assert_eq!(out.phase, Phase::SigningOut);
    assert!(out.tokens().is_none());
    // Nothing to revoke (the user is gone), but /logout clears the hosted UI's cookie, which
    // DeleteUser leaves in place.
    assert_eq!(
        effects(&commands),
        [
            Command::AnnounceSignOut(DELETED),
            Command::Logout {
                refresh_token: None
            }
        ]
    );
    assert_eq!(notices(&commands), [Notice::SignedOut(DELETED)]);
    // The refresh that was in flight when the account was deleted cannot bring it back.
    let (still_out, late) = at(&out, late_answer, 4_542);
    assert!(still_out.tokens().is_none());
    assert_eq!(still_out.phase, out.phase);
    assert_eq!(effects(&late), []);
}

#[test]
fn another_tabs_report_ends_a_held_session_but_never_revokes_navigates_or_echoes() {
    for reason in [EVERYWHERE_ELSEWHERE, DELETED_ELSEWHERE] {
        let session = signed_in(1_000, 1_000, 3_600);
        let busy = refreshing(&session, 4_540);
        let late_answer = refresh_answer(&busy, 4_540, 3_600, 4_541, Some("r2"));
        let (out, commands) = at(&busy, Event::SignOut(reason.clone()), 4_541);
        assert_eq!(
            out.phase,
            Phase::SignedOut {
                reason: Some(reason.clone())
            }
        );
        assert!(out.tokens().is_none());
        assert_eq!(
            effects(&commands),
            [],
            "{reason:?}: no Logout, no announcement"
        );
        assert_eq!(notices(&commands), [Notice::SignedOut(reason.clone())]);
        // Nothing brings the tokens back: not this tab's refresh in flight, not a sibling's
        // refresh announcement.
        let (still_out, _) = at(&out, late_answer, 4_542);
        assert!(still_out.tokens().is_none());
        assert!(!still_out.waits_for(&TokenSource::TabRefreshed));
        assert_eq!(
            still_out.tokens_for_use(UnixTime(4_542), false),
            TokenAccess::Unavailable(crate::AuthError::NotSignedIn)
        );
    }
}

#[test]
fn a_forged_report_does_not_put_words_in_a_tab_without_a_session_nor_stop_a_sign_in() {
    // A signed-out tab does not start saying "your account was deleted".
    let fresh = Session::new();
    for reason in [EVERYWHERE_ELSEWHERE, DELETED_ELSEWHERE] {
        let (same, commands) = at(&fresh, Event::SignOut(reason), 1_000);
        assert_eq!(same, fresh);
        assert_eq!(commands, []);
    }
    // The callback's code exchange is this tab's own: a message does not cancel it.
    let callback = at(
        &Session::new(),
        Event::SignInStarted(SignInRoute::Callback),
        1_000,
    )
    .0;
    let (same, commands) = at(&callback, Event::SignOut(DELETED_ELSEWHERE), 1_000);
    assert_eq!(same, callback);
    assert_eq!(commands, []);
    // A tab still asking the others ends its ask: an answer sent before the report is not taken.
    let asking = asking_tabs(1_000, 3);
    let (out, _) = at(&asking, Event::SignOut(EVERYWHERE_ELSEWHERE), 1_000);
    assert_eq!(
        out.phase,
        Phase::SignedOut {
            reason: Some(EVERYWHERE_ELSEWHERE)
        }
    );
    let request = match &asking.phase {
        Phase::SigningIn(SignInRoute::AskingTabs { request }) => request.clone(),
        other => panic!("asking, not {other:?}"),
    };
    assert!(!out.waits_for(&TokenSource::TabAnswer { request }));
}

#[test]
fn a_message_can_only_ever_claim_the_other_tab_form() {
    // Whatever a message says, it becomes news from another tab: the variants that revoke or
    // navigate (`in_other_tab: false`) are made only by this tab's own calls.
    for text in [
        r#"{"type":"signed-out","ended":null,"reason":"everywhere"}"#,
        r#"{"type":"signed-out","ended":null,"reason":"deleted"}"#,
        r#"{"type":"signed-out","ended":{"code":"invalid_grant","description":null},"reason":"deleted"}"#,
    ] {
        let reason = TabMessage::parse(text).unwrap().sign_out_reason().unwrap();
        assert!(
            matches!(
                reason,
                SignOutReason::SignedOutEverywhere { in_other_tab: true }
                    | SignOutReason::AccountDeleted { in_other_tab: true }
            ),
            "{text}: {reason:?}"
        );
    }
}
