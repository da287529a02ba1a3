//! The session machine's rules between tabs, one scenario each.

use super::tests::*;
use super::*;
use crate::protocol::http::HttpStatus;
use crate::session::clock::Drift;
use crate::session::tab_message::{DropReason, RequestId};
use crate::session::tokens::tests::response;

#[test]
fn a_tab_takes_a_session_only_in_answer_to_its_own_request() {
    let asking = asking_tabs(2_000, 9);
    let mine = rnd_with(9).request;
    assert_eq!(
        asking.phase,
        Phase::SigningIn(SignInRoute::AskingTabs {
            request: mine.clone()
        })
    );
    let answer = |request: RequestId| {
        let accepted = from_tab(response("u", 1_000, 3_600, Some("r1")), None, false, 2_000);
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
        let accepted = from_tab(response("u", iat, 3_600, None), previous, false, iat);
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
    let announced = from_tab(response("u", 2_000, 3_600, None), Some(&held), true, 2_000);
    let stale = at(
        &session,
        verified(announced, TokenSource::TabRefreshed),
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
    // Another tab answers with the same tokens and the current refresh token: the refresh
    // this tab wanted goes on at Cognito with it, at once.
    let stale_tokens = stale.tokens().cloned().unwrap();
    let answer = from_tab(
        response("u", 2_000, 3_600, Some("r2")),
        Some(&stale_tokens),
        false,
        5_540,
    );
    let source = TokenSource::TabAnswer {
        request: request.clone(),
    };
    let (refreshing, commands) = at(&asking, verified(answer, source), 5_540);
    assert_eq!(
        effects(&commands),
        [Command::StartRefresh {
            ticket: refreshing.ticket
        }]
    );
    assert_eq!(
        refreshing.tokens().unwrap().refresh_token,
        Some(crate::protocol::secret::RefreshToken::new("r2"))
    );
    // No tab answers: this tab's session has ended, said plainly; the others are not told.
    let (out, commands) = at(&asking, Event::NoTabAnswered { request }, 5_541);
    assert!(matches!(
        out.phase,
        Phase::SignedOut {
            reason: Some(SignOutReason::SessionEnded(_))
        }
    ));
    assert!(!commands
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
