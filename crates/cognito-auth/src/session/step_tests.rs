//! The session machine's rules, one scenario each.

use super::*;
use crate::protocol::http::{HttpStatus, NoAnswer};
use crate::session::clock::Drift;
pub(super) use crate::session::machine::{SignInRoute, TokenAccess};
use crate::session::tab_message::{RequestId, REQUEST_ID_BYTES};
use crate::session::tokens::tests::{accept_as, response, signed_in_tokens};
use crate::session::tokens::{Accepted, Origin};

pub(super) const TIMER: Event = Event::Wake(WakeCause::Timer);

pub(super) fn rnd() -> Random {
    rnd_with(1)
}

pub(super) fn rnd_with(byte: u8) -> Random {
    Random {
        jitter: 0.0,
        request: RequestId::from_random(&[byte; REQUEST_ID_BYTES]),
    }
}

pub(super) fn at(session: &Session, event: Event, now: i64) -> (Session, Vec<Command>) {
    step(session, event, UnixTime(now), rnd())
}

/// Signed in from the callback with tokens issued at `iat` (Cognito's clock), received at `now`.
pub(super) fn signed_in(now: i64, iat: i64, life: i64) -> Session {
    let callback = at(
        &Session::new(),
        Event::SignInStarted(SignInRoute::Callback),
        now,
    )
    .0;
    let accepted = signed_in_tokens("u", iat, life, now);
    at(&callback, verified(accepted, TokenSource::SignIn), now).0
}

/// Tokens another tab sent, accepted as the verifier would on this tab's clock (drift zero).
pub(super) fn from_tab(
    raw: crate::protocol::token::TokenResponse,
    previous: Option<&crate::session::tokens::VerifiedTokens>,
    rotated: bool,
    now: i64,
) -> Accepted {
    accept_as(
        raw,
        Origin::OtherTab { previous, rotated },
        Drift::ZERO,
        now,
    )
    .unwrap()
}

/// A fresh tab that found another tab's holder lock and asked with request id `[byte; 16]`.
pub(super) fn asking_tabs(now: i64, byte: u8) -> Session {
    let looking = step(
        &Session::new(),
        Event::FindSession,
        UnixTime(now),
        rnd_with(byte),
    )
    .0;
    let present = Event::HoldersFound(crate::session::presence::Holders::Present);
    step(&looking, present, UnixTime(now), rnd_with(byte)).0
}

pub(super) fn verified(accepted: Accepted, source: TokenSource) -> Event {
    Event::TokensVerified {
        accepted: Box::new(accepted),
        source,
    }
}

/// Cognito's answer to the refresh in flight: tokens issued at `iat`.
pub(super) fn refresh_answer(
    session: &Session,
    iat: i64,
    life: i64,
    now: i64,
    rt: Option<&str>,
) -> Event {
    let previous = session.tokens().expect("held");
    let accepted = accept_as(
        response("u", iat, life, rt),
        Origin::Refresh { previous },
        session.drift,
        now,
    )
    .unwrap();
    verified(
        accepted,
        TokenSource::Refresh {
            ticket: session.ticket,
        },
    )
}

pub(super) fn effects(commands: &[Command]) -> Vec<Command> {
    commands
        .iter()
        .filter(|c| !matches!(c, Command::Record(_)))
        .cloned()
        .collect()
}

pub(super) fn notices(commands: &[Command]) -> Vec<Notice> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Record(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn refreshing(session: &Session, now: i64) -> Session {
    let (next, commands) = at(session, TIMER, now);
    assert_eq!(
        effects(&commands),
        [Command::StartRefresh {
            ticket: next.ticket
        }]
    );
    next
}

pub(super) fn is_signed_in(session: &Session) -> bool {
    matches!(session.phase, Phase::SignedIn { .. })
}

#[test]
fn sign_in_schedules_a_refresh_a_minute_before_expiry_and_tells_the_tabs_without_tokens() {
    let callback = at(
        &Session::new(),
        Event::SignInStarted(SignInRoute::Callback),
        1_000,
    )
    .0;
    let (session, commands) = at(
        &callback,
        verified(
            signed_in_tokens("u", 1_000, 3_600, 1_000),
            TokenSource::SignIn,
        ),
        1_000,
    );
    assert!(is_signed_in(&session));
    assert_eq!(
        effects(&commands),
        [Command::AnnounceSignedIn, Command::WakeAt(UnixTime(4_540))]
    );
    assert_eq!(
        notices(&commands),
        [
            Notice::SignedIn,
            Notice::RefreshScheduled {
                at: UnixTime(4_540)
            }
        ]
    );
}

#[test]
fn short_lifetimes_refresh_a_quarter_before_expiry() {
    let session = signed_in(1_000, 1_000, 120);
    assert_eq!(session.refresh_at, Some(UnixTime(1_090)));
    assert_eq!(session.secs_left(UnixTime(1_090)), Some(30));
}

#[test]
fn a_skewed_clock_refreshes_once_per_lifetime_not_in_a_loop() {
    // Ten minutes either way, 120 s tokens: one refresh per 90 s, however long it runs.
    for skew in [-600, 600] {
        let mut session = signed_in(1_000 + skew, 1_000, 120);
        assert_eq!(session.drift.secs(), -skew);
        let mut requests = 0;
        for second in 1_000..=1_900 {
            let (next, commands) = at(&session, TIMER, second + skew);
            session = next;
            if commands
                .iter()
                .any(|c| matches!(c, Command::StartRefresh { .. }))
            {
                requests += 1;
                let answer = refresh_answer(&session, second, 120, second + skew, None);
                session = at(&session, answer, second + skew).0;
            }
        }
        assert_eq!(requests, 10, "skew {skew}");
    }
}

#[test]
fn a_wake_before_the_due_time_only_rearms_the_timer() {
    let session = signed_in(1_000, 1_000, 3_600);
    for cause in [WakeCause::Visible, WakeCause::Focus, WakeCause::Online] {
        let (next, commands) = at(&session, Event::Wake(cause), 2_000);
        assert!(is_signed_in(&next));
        assert_eq!(commands, [Command::WakeAt(UnixTime(4_540))]);
    }
}

#[test]
fn a_wake_after_the_due_time_refreshes_once() {
    let session = signed_in(1_000, 1_000, 3_600);
    let (busy, commands) = at(&session, Event::Wake(WakeCause::Visible), 9_000);
    assert_eq!(effects(&commands), [Command::StartRefresh { ticket: 1 }]);
    for cause in [WakeCause::TokenWanted, WakeCause::Timer, WakeCause::Resumed] {
        let (still, again) = at(&busy, Event::Wake(cause), 9_001);
        assert_eq!(still, busy);
        assert!(
            again.is_empty(),
            "a refresh in flight is never started twice"
        );
    }
}

#[test]
fn a_successful_refresh_schedules_the_next_one_and_shares_no_refresh_token() {
    let session = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&session, 4_540);
    let answer = refresh_answer(&busy, 4_540, 3_600, 4_541, Some("r2"));
    let (next, commands) = at(&busy, answer, 4_541);
    assert!(is_signed_in(&next));
    assert_eq!(next.generation, busy.generation + 1);
    assert_eq!(
        effects(&commands),
        [
            Command::AnnounceRefreshed { rotated: true },
            Command::WakeAt(UnixTime(8_081))
        ]
    );
    assert_eq!(notices(&commands)[0], Notice::Refreshed { rotated: true });
    assert_eq!(
        next.tokens().unwrap().sign_in_nonce,
        session.tokens().unwrap().sign_in_nonce
    );
}

#[test]
fn tokens_that_are_already_due_cannot_cause_a_refresh_loop() {
    let session = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&session, 4_540);
    let answer = refresh_answer(&busy, 4_540, 2, 4_540, None);
    let (next, commands) = at(&busy, answer, 4_540);
    assert_eq!(
        effects(&commands).last(),
        Some(&Command::WakeAt(UnixTime(4_540 + MIN_RETRY_SECS)))
    );
    assert_eq!(
        at(&next, TIMER, 4_541).1,
        [Command::WakeAt(UnixTime(4_545))]
    );
}

#[test]
fn refused_tokens_fail_the_sign_in_and_a_refused_tab_session_changes_nothing() {
    let callback = at(
        &Session::new(),
        Event::SignInStarted(SignInRoute::Callback),
        1,
    )
    .0;
    let error = crate::AuthError::Claims(crate::verify::claims::ClaimsError::NonceMismatch);
    let (failed, commands) = at(
        &callback,
        Event::TokensRefused {
            error: error.clone(),
            source: TokenSource::SignIn,
        },
        1,
    );
    assert_eq!(failed.phase, Phase::Failed(error.clone()));
    assert!(matches!(notices(&commands)[0], Notice::Refused(_)));
    let held = signed_in(1_000, 1_000, 3_600);
    let (same, commands) = at(
        &held,
        Event::TokensRefused {
            error,
            source: TokenSource::TabRefreshed,
        },
        1_001,
    );
    assert_eq!(same, held);
    assert_eq!(notices(&commands)[0].kind(), "tab-session-refused");
}

#[test]
fn a_401_forces_one_refresh_but_never_a_loop() {
    let session = signed_in(1_000, 1_000, 3_600);
    let (busy, commands) = at(&session, Event::ForceRefresh, 2_000);
    assert_eq!(effects(&commands), [Command::StartRefresh { ticket: 1 }]);
    let answer = refresh_answer(&busy, 2_000, 3_600, 2_000, None);
    let back = at(&busy, answer, 2_000).0;
    assert!(at(&back, Event::ForceRefresh, 2_003).1.is_empty());
}

#[test]
fn notices_read_as_plain_sentences() {
    let at_ = UnixTime(1_000);
    let cases = [
        (
            Notice::RefreshFailed {
                cause: HttpStatus::NoAnswer(NoAnswer::Unreachable),
                retry_at: UnixTime(1_030),
                elsewhere: true,
            },
            "Another tab's refresh failed (no answer); still signed in, retrying in 30 s.",
        ),
        (Notice::Refreshed { rotated: false }, "Tokens refreshed."),
        (
            Notice::LateAnswerDropped {
                what: "a refresh answer",
            },
            "Dropped a refresh answer that arrived after the session had moved on.",
        ),
    ];
    for (notice, text) in cases {
        assert_eq!(notice.describe(at_), text);
    }
}
