//! Races between tabs and the machine, found by an independent review: each a scenario that
//! failed before its fix.

use super::tests::*;
use super::*;
use crate::protocol::http::HttpStatus;
use crate::session::tokens::tests::response;

#[test]
fn a_tab_still_asking_when_the_user_signs_out_elsewhere_takes_no_late_answer() {
    let asking = asking_tabs(2_000, 9);
    let mine = rnd_with(9).request;
    // The user signs out in another tab while this tab's ask is pending.
    let (after_out, _) = at(
        &asking,
        Event::SignOut(SignOutReason::SignedOutElsewhere),
        2_000,
    );
    // A third tab answered before it heard of the sign-out.
    let accepted = from_tab(response("u", 1_000, 3_600, Some("r1")), None, false, 2_000);
    let (adopted, _) = at(
        &after_out,
        verified(accepted, TokenSource::TabAnswer { request: mine }),
        2_001,
    );
    assert!(
        adopted.tokens().is_none(),
        "session adopted after sign-out: {:?}",
        adopted.phase
    );
}

#[test]
fn another_tabs_failure_does_not_drop_this_tabs_refresh_answer_already_in_flight() {
    let held = signed_in(1_000, 1_000, 3_600);
    let busy = refreshing(&held, 4_600);
    let (recon, _) = at(
        &busy,
        Event::RefreshFailedElsewhere {
            cause: HttpStatus::Answered(500),
        },
        4_600,
    );
    let ans = refresh_answer(&busy, 4_601, 3_600, 4_601, Some("r2"));
    let (after, cmds) = at(&recon, ans, 4_601);
    let rt = after.tokens().unwrap().refresh_token.clone();
    assert_eq!(
        rt,
        Some(crate::protocol::secret::RefreshToken::new("r2")),
        "rotated token lost; {:?}",
        notices(&cmds)
    );
}

#[test]
fn another_users_tokens_never_replace_the_ones_held() {
    let held = signed_in(1_000, 1_000, 3_600);
    let other = from_tab(response("v", 1_500, 3_600, None), None, true, 1_600);
    let (next, _) = at(&held, verified(other, TokenSource::TabRefreshed), 1_600);
    assert_eq!(next.tokens().unwrap().claims.sub, "u", "switched user");
}

#[test]
fn an_answer_without_the_current_refresh_token_does_not_end_the_ask() {
    let held = signed_in(1_000, 1_000, 3_600);
    // rotated elsewhere: drop refresh token
    let rot = from_tab(
        response("u", 1_500, 3_600, None),
        held.tokens().map(|t| &**t),
        true,
        1_600,
    );
    let (stale, _) = at(&held, verified(rot, TokenSource::TabRefreshed), 1_600);
    assert!(stale.tokens().unwrap().refresh_token.is_none());
    let (asking, cmds) = at(&stale, TIMER, 5_100);
    let request = cmds
        .iter()
        .find_map(|c| match c {
            Command::AskTabs { request } => Some(request.clone()),
            _ => None,
        })
        .unwrap();
    let prev = asking.tokens().cloned().unwrap();
    let no_rt = from_tab(response("u", 1_500, 3_600, None), Some(&prev), false, 5_100);
    let (after, _) = at(
        &asking,
        verified(
            no_rt,
            TokenSource::TabAnswer {
                request: request.clone(),
            },
        ),
        5_100,
    );
    assert!(asking.waits_for(&TokenSource::TabAnswer {
        request: request.clone()
    }));
    assert!(
        after.waits_for(&TokenSource::TabAnswer { request }),
        "a useless answer ended the ask: {:?} rt={:?}",
        after.phase,
        after.tokens().map(|t| t.refresh_token.is_some())
    );
}
