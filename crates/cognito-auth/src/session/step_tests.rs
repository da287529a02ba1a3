//! The session machine's rules, one scenario each.

use super::*;
use crate::protocol::http::{HttpStatus, NoAnswer};
use crate::session::clock::Drift;
use crate::session::machine::TokenAccess;
use crate::session::tab_message::{DropReason, RequestId, REQUEST_ID_BYTES};
use crate::session::tokens::tests::{accept_as, response, signed_in_tokens};
use crate::session::tokens::Origin;

const TIMER: Event = Event::Wake(WakeCause::Timer);

fn rnd() -> Random {
    rnd_with(1)
}

fn rnd_with(byte: u8) -> Random {
    Random {
        jitter: 0.0,
        request: RequestId::from_random(&[byte; REQUEST_ID_BYTES]),
    }
}

fn at(session: &Session, event: Event, now: i64) -> (Session, Vec<Command>) {
    step(session, event, UnixTime(now), rnd())
}

/// Signed in from the callback with tokens issued at `iat` (Cognito's clock), received at `now`.
fn signed_in(now: i64, iat: i64, life: i64) -> Session {
    let callback = at(
        &Session::new(),
        Event::SignInStarted(SignInRoute::Callback),
        now,
    )
    .0;
    let accepted = signed_in_tokens("u", iat, life, now);
    at(&callback, verified(accepted, TokenSource::SignIn), now).0
}

fn verified(accepted: Accepted, source: TokenSource) -> Event {
    Event::TokensVerified {
        accepted: Box::new(accepted),
        source,
    }
}

/// Cognito's answer to the refresh in flight: tokens issued at `iat`.
fn refresh_answer(session: &Session, iat: i64, life: i64, now: i64, rt: Option<&str>) -> Event {
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

fn effects(commands: &[Command]) -> Vec<Command> {
    commands
        .iter()
        .filter(|c| !matches!(c, Command::Record(_)))
        .cloned()
        .collect()
}

fn notices(commands: &[Command]) -> Vec<Notice> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Record(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

fn refreshing(session: &Session, now: i64) -> Session {
    let (next, commands) = at(session, TIMER, now);
    assert_eq!(
        effects(&commands),
        [Command::StartRefresh {
            ticket: next.ticket
        }]
    );
    next
}

fn is_signed_in(session: &Session) -> bool {
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

#[test]
fn a_tab_takes_a_session_only_in_answer_to_its_own_request() {
    let (asking, commands) = step(
        &Session::new(),
        Event::FindSession,
        UnixTime(2_000),
        rnd_with(9),
    );
    let mine = rnd_with(9).request;
    assert_eq!(
        effects(&commands),
        [Command::AskTabs {
            request: mine.clone()
        }]
    );
    let answer = |request: RequestId| {
        let accepted = accept_as(
            response("u", 1_000, 3_600, Some("r1")),
            Origin::OtherTab {
                previous: None,
                rotated: false,
            },
            Drift::ZERO,
            2_000,
        )
        .unwrap();
        verified(accepted, TokenSource::TabAnswer { request })
    };
    // Someone else's request, or nobody's: dropped and counted.
    let (same, commands) = at(&asking, answer(rnd_with(3).request), 2_000);
    assert_eq!(same.phase, asking.phase);
    assert_eq!(same.dropped_messages, 1);
    assert!(matches!(
        notices(&commands)[0],
        Notice::TabMessageDropped { count: 1, .. }
    ));
    let signed_out = Session::new();
    assert_eq!(
        at(&signed_out, answer(mine.clone()), 2_000).0.phase,
        signed_out.phase
    );
    // Ours: adopted, not re-announced, no drift taken from it.
    let (adopted, commands) = at(&asking, answer(mine.clone()), 2_000);
    assert!(is_signed_in(&adopted));
    assert_eq!(adopted.drift, Drift::ZERO);
    assert_eq!(notices(&commands)[0], Notice::AdoptedFromTab);
    assert!(!commands.iter().any(|c| matches!(
        c,
        Command::AnnounceRefreshed { .. } | Command::AnnounceSignedIn
    )));
    // Nobody answered in time: signed out with the reason.
    let (out, _) = at(&asking, Event::NoTabAnswered { request: mine }, 2_001);
    assert_eq!(
        out.phase,
        Phase::SignedOut {
            reason: Some(SignOutReason::NoSessionFound)
        }
    );
}

#[test]
fn a_tab_refresh_is_taken_only_by_a_tab_holding_the_session_and_only_if_newer() {
    let session = signed_in(1_000, 1_000, 3_600);
    let announced = |iat: i64, previous| {
        let accepted = accept_as(
            response("u", iat, 3_600, None),
            Origin::OtherTab {
                previous,
                rotated: false,
            },
            Drift::ZERO,
            iat,
        )
        .unwrap();
        verified(accepted, TokenSource::TabRefreshed)
    };
    let (newer, commands) = at(
        &session,
        announced(4_000, session.tokens().map(|t| &**t)),
        4_000,
    );
    assert!(is_signed_in(&newer));
    assert_eq!(
        notices(&commands)[0],
        Notice::RefreshedElsewhere { rotated: false }
    );
    assert_eq!(newer.tokens().unwrap().times.id_iat, UnixTime(4_000));
    let (same, commands) = at(
        &newer,
        announced(1_000, newer.tokens().map(|t| &**t)),
        4_001,
    );
    assert_eq!(same, newer, "an older announcement changes nothing");
    assert!(commands.is_empty());
    // A tab without a session never takes one from an announcement.
    let (still_out, _) = at(&Session::new(), announced(4_000, None), 4_000);
    assert!(still_out.tokens().is_none());
}

#[test]
fn a_refresh_token_rotated_elsewhere_makes_the_next_refresh_ask_the_tabs() {
    let session = signed_in(1_000, 1_000, 3_600);
    let held = session.tokens().cloned().unwrap();
    let accepted = accept_as(
        response("u", 2_000, 3_600, None),
        Origin::OtherTab {
            previous: Some(&held),
            rotated: true,
        },
        Drift::ZERO,
        2_000,
    )
    .unwrap();
    let stale = at(
        &session,
        verified(accepted, TokenSource::TabRefreshed),
        2_000,
    )
    .0;
    assert!(stale.tokens().unwrap().refresh_token.is_none());
    let (asking, commands) = at(&stale, TIMER, 5_540);
    let request = rnd().request;
    assert_eq!(
        effects(&commands),
        [Command::AskTabs {
            request: request.clone()
        }]
    );
    assert_eq!(notices(&commands), [Notice::AskingTabsForRotatedToken]);
    // No tab answers: the session has ended, said plainly.
    let (out, commands) = at(&asking, Event::NoTabAnswered { request }, 5_541);
    assert!(matches!(
        out.phase,
        Phase::SignedOut {
            reason: Some(SignOutReason::SessionEnded(_))
        }
    ));
    assert!(commands
        .iter()
        .any(|c| matches!(c, Command::AnnounceSignOut(_))));
}

#[test]
fn another_tabs_failed_refresh_makes_a_waiting_refresh_back_off_without_a_request() {
    let session = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&session, 4_540);
    let (next, commands) = at(
        &busy,
        Event::RefreshFailedElsewhere {
            cause: HttpStatus::Answered(503),
        },
        4_541,
    );
    assert!(matches!(next.phase, Phase::Reconnecting { .. }));
    assert_eq!(next.generation, busy.generation + 1);
    assert!(!commands.iter().any(|c| matches!(
        c,
        Command::StartRefresh { .. } | Command::AnnounceRefreshFailure { .. }
    )));
}

#[test]
fn news_from_other_tabs_does_not_disturb_a_tab_without_the_session() {
    let out = Session::new();
    for reason in [
        SignOutReason::SignedOutElsewhere,
        SignOutReason::SessionEnded(crate::error::OAuthError {
            code: "invalid_grant".into(),
            description: None,
        }),
    ] {
        assert_eq!(at(&out, Event::SignOut(reason), 1).0, out);
    }
    let held = signed_in(1_000, 1_000, 3_600);
    let (gone, commands) = at(
        &held,
        Event::SignOut(SignOutReason::SignedOutElsewhere),
        1_001,
    );
    assert!(gone.tokens().is_none());
    assert!(!commands
        .iter()
        .any(|c| matches!(c, Command::AnnounceSignOut(_) | Command::Logout { .. })));
    assert!(
        at(&held, Event::SignOut(SignOutReason::NoSessionFound), 1_001)
            .0
            .tokens()
            .is_some()
    );
}

#[test]
fn a_tab_that_holds_the_session_answers_asks_and_others_do_not() {
    let held = signed_in(1_000, 1_000, 3_600);
    let request = rnd_with(5).request;
    let (_, commands) = at(
        &held,
        Event::TabAsked {
            request: request.clone(),
        },
        1_001,
    );
    assert_eq!(
        effects(&commands),
        [Command::AnswerTab {
            request: request.clone()
        }]
    );
    assert!(at(&Session::new(), Event::TabAsked { request }, 1)
        .1
        .is_empty());
    // A sign-in elsewhere makes a signed-out tab ask; a signed-in one ignores it.
    let (asking, commands) = at(&Session::new(), Event::SignedInElsewhere, 1);
    assert!(matches!(
        asking.phase,
        Phase::SigningIn(SignInRoute::AskingTabs { .. })
    ));
    assert_eq!(effects(&commands).len(), 1);
    assert!(at(&held, Event::SignedInElsewhere, 1_001).1.is_empty());
}

#[test]
fn dropped_messages_are_counted_with_their_reason() {
    let (next, commands) = at(
        &Session::new(),
        Event::TabMessageDropped(DropReason::Oversized { bytes: 99_999 }),
        1,
    );
    assert_eq!(next.dropped_messages, 1);
    let text = notices(&commands)[0].describe(UnixTime(1));
    assert!(
        text.contains("oversized") && text.contains("1 so far"),
        "{text}"
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
