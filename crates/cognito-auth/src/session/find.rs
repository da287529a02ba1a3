//! Finding a session in the other tabs when a page starts: look for a holder
//! ([`crate::session::presence`]), ask only if there is one (or the browser cannot tell), take
//! only the answer to this tab's request, and give up when nobody answers in time.

use crate::error::OAuthError;
use crate::session::machine::{
    Command, Phase, Random, RefreshRoute, Session, SignInRoute, SignOutReason,
};
use crate::session::notice::Notice;
use crate::session::presence::Holders;
use crate::session::tab_message::RequestId;

/// How long a tab waits for an answer to its ask, in milliseconds: the safety net for a holder
/// that does not answer (a hung or frozen tab, or a fake holder lock). A tab that is alone never
/// waits it: it does not ask.
pub const ASK_TABS_WAIT_MS: u64 = 400;

/// A page load: look for a holder before asking anyone.
pub(crate) fn find_session(session: &Session) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    if !session.phase.holds_tokens() {
        next.phase = Phase::SigningIn(SignInRoute::LookingForHolders);
        commands.push(Command::FindHolders);
    }
    (next, commands)
}

/// The holder locks were read: ask the tabs if a holder may exist, else signed out at once.
pub(crate) fn holders_found(
    session: &Session,
    holders: Holders,
    random: Random,
) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    if session.phase != Phase::SigningIn(SignInRoute::LookingForHolders) {
        // The search already moved on (another tab announced its sign-in, or the user signed
        // out elsewhere): a late report changes nothing.
        return (next, commands);
    }
    match holders {
        Holders::Absent => {
            let reason = SignOutReason::NoSessionFound;
            commands.push(Command::Record(Notice::NoTabHoldsSession));
            commands.push(Command::Record(Notice::SignedOut(reason.clone())));
            next = session.ended(Phase::SignedOut {
                reason: Some(reason),
            });
        }
        Holders::Present | Holders::Unknown => {
            commands.push(Command::Record(Notice::AskingTabsForSession {
                holder_seen: holders == Holders::Present,
            }));
            next = ask(session, random, &mut commands);
        }
    }
    (next, commands)
}

/// Another tab announced a sign-in: a tab without a session (or still looking for one) asks it.
/// The announcement proves a holder, whatever the locks said a moment before.
pub(crate) fn signed_in_elsewhere(session: &Session, random: Random) -> (Session, Vec<Command>) {
    let waiting = matches!(
        session.phase,
        Phase::SignedOut { .. }
            | Phase::Failed(_)
            | Phase::SigningIn(SignInRoute::LookingForHolders)
    );
    if waiting {
        let mut commands = Vec::new();
        let next = ask(session, random, &mut commands);
        (next, commands)
    } else {
        (session.clone(), Vec::new())
    }
}

/// Asks the tabs with a fresh request id; only the answer naming it will be taken.
fn ask(session: &Session, random: Random, commands: &mut Vec<Command>) -> Session {
    commands.push(Command::AskTabs {
        request: random.request.clone(),
    });
    Session {
        phase: Phase::SigningIn(SignInRoute::AskingTabs {
            request: random.request,
        }),
        ..session.clone()
    }
}

/// Nobody answered `request` in time.
pub(crate) fn no_tab_answered(session: &Session, request: &RequestId) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    match &session.phase {
        Phase::SigningIn(SignInRoute::AskingTabs { request: asked }) if asked == request => {
            next = session.ended(Phase::SignedOut {
                reason: Some(SignOutReason::NoSessionFound),
            });
            commands.push(Command::Record(Notice::SignedOut(
                SignOutReason::NoSessionFound,
            )));
        }
        Phase::Refreshing {
            route: RefreshRoute::AskingTabs { request: asked },
            ..
        } if asked == request => {
            let error = OAuthError {
                code: "no_refresh_token".into(),
                description: Some(
                    "This tab holds no current refresh token and no open tab handed one over."
                        .into(),
                ),
            };
            // This tab's session ends; the others are not told: a slow answer elsewhere is no
            // reason to sign healthy tabs out.
            let reason = SignOutReason::SessionEnded(error);
            commands.push(Command::Record(Notice::SignedOut(reason.clone())));
            next = session.ended(Phase::SignedOut {
                reason: Some(reason),
            });
        }
        _ => {}
    }
    (next, commands)
}
