//! The session machine's rules for failures, sign-out and late answers, one scenario each.

use super::tests::*;
use super::*;
use crate::protocol::http::{HttpStatus, NoAnswer};
use crate::session::machine::TokenAccess;

#[test]
fn a_refresh_answer_arriving_after_sign_out_is_dropped() {
    let session = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&session, 4_540);
    let answer = refresh_answer(&busy, 4_540, 3_600, 4_541, Some("r2"));
    let (out, commands) = at(&busy, Event::SignOut(SignOutReason::UserSignedOut), 4_541);
    assert_eq!(out.phase, Phase::SigningOut);
    assert_eq!(
        effects(&commands),
        [
            Command::AnnounceSignOut(SignOutReason::UserSignedOut),
            Command::Logout {
                refresh_token: Some(crate::protocol::secret::RefreshToken::new("r1"))
            }
        ]
    );
    let (still_out, late) = at(&out, answer, 4_542);
    assert_eq!(still_out.phase, Phase::SigningOut);
    assert!(still_out.tokens().is_none());
    assert_eq!(
        late,
        [Command::Record(Notice::LateAnswerDropped {
            what: "a refresh answer"
        })]
    );
    let failure = Event::RefreshFailed {
        ticket: busy.ticket,
        failure: RefreshFailure::Transient {
            cause: HttpStatus::Answered(503),
        },
    };
    assert_eq!(at(&out, failure, 4_542).0, out);
}

#[test]
fn an_answer_to_an_earlier_refresh_is_dropped() {
    let session = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&session, 4_540);
    let stale = refresh_answer(&busy, 4_540, 3_600, 4_541, None);
    // That refresh failed; the retry is in flight with a new ticket when the old answer lands.
    let failed = at(
        &busy,
        Event::RefreshFailed {
            ticket: busy.ticket,
            failure: RefreshFailure::Transient {
                cause: HttpStatus::NoAnswer(NoAnswer::TimedOut { after_secs: 10 }),
            },
        },
        4_541,
    )
    .0;
    let retry = at(&failed, TIMER, 4_600).0;
    assert_ne!(retry.ticket, busy.ticket);
    let (next, commands) = at(&retry, stale, 4_601);
    assert_eq!(next, retry);
    assert_eq!(notices(&commands).len(), 1);
}

#[test]
fn invalid_grant_ends_the_session_with_its_reason_in_every_tab() {
    let session = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&session, 4_540);
    let error = crate::error::OAuthError {
        code: "invalid_grant".into(),
        description: Some("Refresh Token has been revoked".into()),
    };
    let (next, commands) = at(
        &busy,
        Event::RefreshFailed {
            ticket: busy.ticket,
            failure: RefreshFailure::SessionEnded(error.clone()),
        },
        4_541,
    );
    let reason = SignOutReason::SessionEnded(error);
    assert_eq!(
        next.phase,
        Phase::SignedOut {
            reason: Some(reason.clone())
        }
    );
    assert!(commands.contains(&Command::AnnounceSignOut(reason)));
}

#[test]
fn outages_keep_the_session_back_off_and_never_hand_out_an_expired_token() {
    let session = signed_in(1_000, 1_000, 120);
    let busy = refreshing(&session, 1_090);
    let cause = HttpStatus::Answered(503);
    let (down, commands) = at(
        &busy,
        Event::RefreshFailed {
            ticket: busy.ticket,
            failure: RefreshFailure::Transient { cause },
        },
        1_090,
    );
    let Phase::Reconnecting { retry_at, .. } = down.phase else {
        panic!("{:?}", down.phase)
    };
    assert_eq!(retry_at, UnixTime(1_090 + MIN_RETRY_SECS));
    assert_eq!(
        effects(&commands)[0],
        Command::AnnounceRefreshFailure { cause }
    );
    // Still valid: handed out while reconnecting.
    assert!(matches!(
        down.tokens_for_use(UnixTime(1_100), false),
        TokenAccess::Ready(_)
    ));
    // Expired: never handed out; a typed "reconnecting" instead.
    assert_eq!(
        down.tokens_for_use(UnixTime(1_120), false),
        TokenAccess::Unavailable(crate::AuthError::Reconnecting { retry_at })
    );
    // An early wake waits for the retry time.
    assert_eq!(at(&down, TIMER, 1_091).1, [Command::WakeAt(retry_at)]);
}

#[test]
fn callers_wait_for_the_refresh_in_flight_and_a_due_token_is_refreshed_first() {
    let session = signed_in(1_000, 1_000, 3_600);
    assert!(matches!(
        session.tokens_for_use(UnixTime(2_000), false),
        TokenAccess::Ready(_)
    ));
    assert_eq!(
        session.tokens_for_use(UnixTime(4_540), false),
        TokenAccess::RefreshFirst
    );
    // Due but still valid, and the refresh was already asked for (loop guard): hand it out.
    assert!(matches!(
        session.tokens_for_use(UnixTime(4_540), true),
        TokenAccess::Ready(_)
    ));
    assert!(matches!(
        session.tokens_for_use(UnixTime(4_721), true),
        TokenAccess::Unavailable(_)
    ));
    assert_eq!(
        refreshing(&session, 4_540).tokens_for_use(UnixTime(4_541), false),
        TokenAccess::Wait
    );
    assert_eq!(
        Session::new().tokens_for_use(UnixTime(0), false),
        TokenAccess::Unavailable(crate::AuthError::NotSignedIn)
    );
}
