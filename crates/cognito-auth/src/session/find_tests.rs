//! Finding a session when a page starts: no ask and no wait for a tab that is alone, the
//! hand-over kept when another tab holds a session, and a fake holder costing only the bounded
//! wait.

use super::tests::*;
use super::*;
use crate::session::presence::Holders;
use crate::session::tokens::tests::response;

/// A fresh tab after the page load: looking for a holder.
fn looking(now: i64) -> (Session, Vec<Command>) {
    at(&Session::new(), Event::FindSession, now)
}

#[test]
fn a_page_load_looks_for_a_holder_before_asking_anyone() {
    let (looking, commands) = looking(2_000);
    assert_eq!(commands, [Command::FindHolders]);
    assert_eq!(
        looking.phase,
        Phase::SigningIn(SignInRoute::LookingForHolders)
    );
    // Callers needing a token wait for the answer rather than being told "not signed in".
    assert_eq!(
        looking.tokens_for_use(UnixTime(2_000), false),
        TokenAccess::Wait
    );
    // A tab holding tokens is not looking for any.
    let held = signed_in(1_000, 1_000, 3_600);
    assert_eq!(at(&held, Event::FindSession, 1_001), (held, vec![]));
}

#[test]
fn a_tab_that_is_alone_is_signed_out_at_once_without_asking_or_waiting() {
    let (looking, _) = looking(2_000);
    let (out, commands) = at(&looking, Event::HoldersFound(Holders::Absent), 2_000);
    assert_eq!(
        out.phase,
        Phase::SignedOut {
            reason: Some(SignOutReason::NoSessionFound)
        }
    );
    // No ask, no timer: only the timeline, which names the reason.
    assert_eq!(effects(&commands), []);
    assert_eq!(
        notices(&commands),
        [
            Notice::NoTabHoldsSession,
            Notice::SignedOut(SignOutReason::NoSessionFound)
        ]
    );
    assert_eq!(notices(&commands)[0].kind(), "no-tab-holds-session");
    assert!(notices(&commands)[0]
        .describe(UnixTime(2_000))
        .starts_with("No other tab holds a session"));
    assert!(!out.phase.in_flight());
}

#[test]
fn a_holder_present_or_unknown_is_asked_and_its_answer_taken() {
    for (holders, holder_seen) in [(Holders::Present, true), (Holders::Unknown, false)] {
        let (looking, _) = looking(2_000);
        let (asking, commands) = step(
            &looking,
            Event::HoldersFound(holders),
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
        assert_eq!(
            notices(&commands),
            [Notice::AskingTabsForSession { holder_seen }]
        );
        assert!(asking.phase.in_flight());
        let accepted = from_tab(response("u", 1_000, 3_600, Some("r1")), None, false, 2_000);
        let answer = verified(accepted, TokenSource::TabAnswer { request: mine });
        let (adopted, commands) = at(&asking, answer, 2_000);
        assert!(is_signed_in(&adopted));
        assert_eq!(notices(&commands)[0], Notice::AdoptedFromTab);
    }
}

#[test]
fn a_fake_holder_that_never_answers_costs_only_the_bounded_wait() {
    // Any script on the origin can hold a lock named like a holder's: the tab asks.
    let asking = asking_tabs(2_000, 9);
    let mine = rnd_with(9).request;
    // The fake holder's accomplice answers the request with tokens that fail the verifier:
    // refused, and the tab keeps waiting for a real answer (a real holder may still send one).
    let (still, commands) = at(
        &asking,
        Event::TokensRefused {
            error: crate::AuthError::NotSignedIn,
            source: TokenSource::TabAnswer {
                request: mine.clone(),
            },
        },
        2_000,
    );
    assert_eq!(still.phase, asking.phase);
    assert!(matches!(
        notices(&commands)[..],
        [Notice::TabSessionRefused(_)]
    ));
    // Nobody answers within the wait (the glue's timer, `find::ASK_TABS_WAIT_MS`): signed out, as a
    // lone tab would be, with nothing held and nothing in flight (no hang).
    let (out, commands) = at(&still, Event::NoTabAnswered { request: mine }, 2_000);
    assert_eq!(
        out.phase,
        Phase::SignedOut {
            reason: Some(SignOutReason::NoSessionFound)
        }
    );
    assert!(!out.phase.in_flight() && out.tokens().is_none());
    assert_eq!(effects(&commands), []);
    // A timeout for someone else's request (a stranger's guess) ends nothing.
    let other = rnd_with(3).request;
    let (same, _) = at(&asking, Event::NoTabAnswered { request: other }, 2_000);
    assert_eq!(same.phase, asking.phase);
}

#[test]
fn news_from_the_tabs_overtakes_a_search_still_looking_for_a_holder() {
    let (looking, _) = looking(2_000);
    // Another tab announces its sign-in before its holder lock showed up: this tab asks.
    let (asking, commands) = step(
        &looking,
        Event::SignedInElsewhere,
        UnixTime(2_000),
        rnd_with(4),
    );
    assert_eq!(
        effects(&commands),
        [Command::AskTabs {
            request: rnd_with(4).request
        }]
    );
    // The lock query's late report changes nothing, whatever it says.
    for holders in [Holders::Absent, Holders::Present, Holders::Unknown] {
        assert_eq!(
            at(&asking, Event::HoldersFound(holders), 2_000),
            (asking.clone(), vec![])
        );
    }
    // The user signs out elsewhere while this tab looks: it stays signed out, and neither the
    // lock query nor an answer sent before the sign-out brings a session.
    let (out, _) = at(
        &looking,
        Event::SignOut(SignOutReason::SignedOutElsewhere),
        2_000,
    );
    assert_eq!(
        out.phase,
        Phase::SignedOut {
            reason: Some(SignOutReason::SignedOutElsewhere)
        }
    );
    assert_eq!(
        at(&out, Event::HoldersFound(Holders::Present), 2_000),
        (out.clone(), vec![])
    );
    // A report nobody waits for (a signed-in tab) changes nothing either.
    let held = signed_in(1_000, 1_000, 3_600);
    assert_eq!(
        at(&held, Event::HoldersFound(Holders::Absent), 1_001),
        (held, vec![])
    );
}
