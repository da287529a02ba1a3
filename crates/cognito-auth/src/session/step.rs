//! The transition function of the session machine ([`crate::session::machine`]).
//!
//! The rules, each a test in `step_tests.rs` (between tabs: `step_tab_tests.rs`, `find_tests.rs`):
//! - a page load asks the other tabs for their session only when one of them holds it (its
//!   holder lock, [`crate::session::presence`]) or the browser cannot tell; a tab that is alone
//!   is signed out at once, without asking or waiting ([`crate::session::find`]);
//! - refresh before the earlier of the ID and access token expiries, by 60 s or a quarter of the
//!   lifetime if shorter ([`crate::time::refresh_due_at`]), on Cognito's clock as this tab
//!   measured it;
//! - every wake-up (timer, `visibilitychange`, `focus`, `online`, resume after sleep, a caller
//!   needing a token) is an [`Event::Wake`]: due work runs then, whatever the timers did;
//! - a refresh in flight is never started twice, and never sooner than [`MIN_RETRY_SECS`] after
//!   the last one;
//! - an answer is taken only if the machine waits for it: the code exchange while signing in
//!   from the callback, a refresh answer with the ticket of the refresh in flight, a tab's answer
//!   with this tab's request id, a tab's refresh only while holding the same user's tokens;
//!   everything else is dropped and recorded;
//! - `invalid_grant` ends the session with a reason; network errors, timeouts and 5xx keep it and
//!   retry with capped, jittered backoff;
//! - "Sign out" drops the tokens at once, whatever is in flight, and tells the other tabs.

use crate::session::answers::{count_drop, dropped, take_tokens};
use crate::session::find;
use crate::session::machine::{
    Command, Event, Held, Phase, Random, RefreshRoute, Session, SignOutReason, TokenSource,
    WakeCause, MIN_RETRY_SECS,
};
use crate::session::notice::Notice;
use crate::session::refresh::{backoff_secs, RefreshFailure};
use crate::time::UnixTime;
use std::sync::Arc;

/// The transition function.
pub fn step(
    session: &Session,
    event: Event,
    now: UnixTime,
    random: Random,
) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    match event {
        Event::FindSession => return find::find_session(session),
        Event::HoldersFound(holders) => return find::holders_found(session, holders, random),
        Event::SignedInElsewhere => return find::signed_in_elsewhere(session, random),
        Event::SignInStarted(route) => {
            if !session.phase.holds_tokens() && session.phase != Phase::SigningOut {
                next.phase = Phase::SigningIn(route);
            }
        }
        Event::TokensVerified { accepted, source } => {
            return take_tokens(session, *accepted, &source);
        }
        Event::TokensRefused { error, source } => {
            if !session.waits_for(&source) {
                commands.push(Command::Record(dropped(&source)));
                next.dropped_messages = count_drop(session, &source);
                return (next, commands);
            }
            match source {
                TokenSource::SignIn | TokenSource::Refresh { .. } => {
                    commands.push(Command::Record(Notice::Refused(error.to_string())));
                    next = session.ended(Phase::Failed(error));
                }
                TokenSource::TabAnswer { .. } | TokenSource::TabRefreshed => {
                    // Another tab's (or a stranger's) tokens: refused, nothing else changes; a
                    // waiting ask still ends on its timeout.
                    commands.push(Command::Record(Notice::TabSessionRefused(
                        error.to_string(),
                    )));
                }
            }
        }
        Event::Wake(cause) => match &session.phase {
            Phase::SignedIn { tokens } if session.refresh_at.is_some_and(|at| now >= at) => {
                next = begin_refresh(session, tokens, 0, cause, now, random, &mut commands);
            }
            Phase::Reconnecting {
                tokens,
                attempt,
                retry_at,
                ..
            } if now >= *retry_at => {
                next = begin_refresh(session, tokens, *attempt, cause, now, random, &mut commands);
            }
            Phase::SignedIn { .. } => {
                if let Some(at) = session.refresh_at {
                    commands.push(Command::WakeAt(at));
                }
            }
            Phase::Reconnecting { retry_at, .. } => commands.push(Command::WakeAt(*retry_at)),
            _ => {}
        },
        Event::ForceRefresh => {
            let recent = session
                .last_attempt_at
                .is_some_and(|t| now.0 < t.0.saturating_add(MIN_RETRY_SECS));
            if let (Phase::SignedIn { tokens }, false) = (&session.phase, recent) {
                let cause = WakeCause::ApiRefused;
                next = begin_refresh(session, tokens, 0, cause, now, random, &mut commands);
            }
        }
        Event::RefreshFailed { ticket, failure } => {
            return refresh_failed(session, ticket, failure, now, &random);
        }
        Event::NoTabAnswered { request } => return find::no_tab_answered(session, &request),
        Event::SignOut(reason) => return sign_out(session, reason),
        Event::RefreshFailedElsewhere { cause } => {
            return refresh_failed_elsewhere(session, cause, now, &random);
        }
        Event::TabAsked { request } => {
            if session.phase.holds_tokens() {
                commands.push(Command::AnswerTab { request });
                commands.push(Command::Record(Notice::HandedToTab));
            }
        }
        Event::TabMessageDropped(reason) => {
            next.dropped_messages = session.dropped_messages.saturating_add(1);
            commands.push(Command::Record(Notice::TabMessageDropped {
                reason: reason.to_string(),
                count: next.dropped_messages,
            }));
        }
    }
    (next, commands)
}

/// This tab's refresh failed: taken only for the refresh in flight.
fn refresh_failed(
    session: &Session,
    ticket: u64,
    failure: RefreshFailure,
    now: UnixTime,
    random: &Random,
) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    let Phase::Refreshing {
        tokens,
        attempt,
        route: RefreshRoute::Cognito { ticket: waiting },
    } = &session.phase
    else {
        commands.push(Command::Record(Notice::LateAnswerDropped {
            what: "a refresh failure",
        }));
        return (next, commands);
    };
    if *waiting != ticket {
        commands.push(Command::Record(Notice::LateAnswerDropped {
            what: "a refresh failure",
        }));
        return (next, commands);
    }
    match failure {
        RefreshFailure::SessionEnded(error) => {
            next = end(session, SignOutReason::SessionEnded(error), &mut commands);
        }
        RefreshFailure::Transient { cause } => {
            commands.push(Command::AnnounceRefreshFailure { cause });
            next = reconnect(session, tokens, *attempt, cause, now, random);
            push_reconnect(&next, &mut commands);
        }
    }
    (next, commands)
}

/// Another tab's refresh failed for a passing reason: a refresh waiting for the lock backs off.
fn refresh_failed_elsewhere(
    session: &Session,
    cause: crate::protocol::http::HttpStatus,
    now: UnixTime,
    random: &Random,
) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    if let Phase::Refreshing {
        tokens,
        attempt,
        route,
    } = &session.phase
    {
        next = reconnect(session, tokens, *attempt, cause, now, random);
        if let (RefreshRoute::Cognito { ticket }, Phase::Reconnecting { in_flight, .. }) =
            (route, &mut next.phase)
        {
            // This tab's own request may already be out: its answer still counts.
            *in_flight = Some(*ticket);
        }
        next.generation = session.generation.saturating_add(1);
        push_reconnect(&next, &mut commands);
    }
    (next, commands)
}

/// The session ends (here, elsewhere, or was never found).
fn sign_out(session: &Session, reason: SignOutReason) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    let had_tokens = session.phase.holds_tokens();
    match reason {
        SignOutReason::UserSignedOut => {
            let refresh_token = session.tokens().and_then(|t| t.refresh_token.clone());
            next = session.ended(Phase::SigningOut);
            commands.push(Command::AnnounceSignOut(SignOutReason::UserSignedOut));
            commands.push(Command::Record(Notice::SignedOut(
                SignOutReason::UserSignedOut,
            )));
            commands.push(Command::Logout { refresh_token });
        }
        // This tab's own "Sign out of every device" or "Delete my account": Cognito revoked every
        // refresh token already (or the user is gone), so nothing is revoked here; the tab still
        // leaves through Cognito's /logout, because neither call clears the hosted UI's session
        // cookie (a click on "Sign in" would otherwise sign in again without a password, or
        // ride a deleted user's cookie). The landing says why (`signed_out_marker`).
        SignOutReason::SignedOutEverywhere {
            in_other_tab: false,
        }
        | SignOutReason::AccountDeleted {
            in_other_tab: false,
        } => {
            next = session.ended(Phase::SigningOut);
            commands.push(Command::AnnounceSignOut(reason.clone()));
            commands.push(Command::Record(Notice::SignedOut(reason)));
            commands.push(Command::Logout {
                refresh_token: None,
            });
        }
        // Only ends a sign-in that found nothing; a tab holding tokens keeps them.
        SignOutReason::NoSessionFound if !had_tokens => {
            next = session.ended(Phase::SignedOut {
                reason: Some(reason.clone()),
            });
            commands.push(Command::Record(Notice::SignedOut(reason)));
        }
        // Another tab's news matters to a tab holding the session, and to one still asking for
        // it: an answer sent before the sign-out must not be taken after it.
        // The same for another tab's "every device" or "deleted" news: it may be a forgery (any
        // script on the origin can post it), so it does no more than "signed out elsewhere":
        // it ends a session held or being found, and neither revokes nor navigates.
        SignOutReason::SignedOutElsewhere
        | SignOutReason::SessionEnded(_)
        | SignOutReason::SignedOutEverywhere { in_other_tab: true }
        | SignOutReason::AccountDeleted { in_other_tab: true }
            if had_tokens || session.phase.finding_session() =>
        {
            next = session.ended(Phase::SignedOut {
                reason: Some(reason.clone()),
            });
            commands.push(Command::Record(Notice::SignedOut(reason)));
        }
        _ => {}
    }
    (next, commands)
}

/// Starts a refresh of `tokens`: with Cognito when a refresh token is held, else by asking the
/// tabs for the current one (another tab rotated it).
fn begin_refresh(
    session: &Session,
    tokens: &Held,
    attempt: u32,
    cause: WakeCause,
    now: UnixTime,
    random: Random,
    commands: &mut Vec<Command>,
) -> Session {
    let mut next = session.clone();
    next.last_attempt_at = Some(now);
    if tokens.refresh_token.is_some() {
        let ticket = session.ticket.saturating_add(1);
        next.ticket = ticket;
        next.phase = Phase::Refreshing {
            tokens: Arc::clone(tokens),
            attempt,
            route: RefreshRoute::Cognito { ticket },
        };
        commands.push(Command::Record(Notice::RefreshStarted { attempt, cause }));
        commands.push(Command::StartRefresh { ticket });
    } else {
        next.phase = Phase::Refreshing {
            tokens: Arc::clone(tokens),
            attempt,
            route: RefreshRoute::AskingTabs {
                request: random.request.clone(),
            },
        };
        commands.push(Command::Record(Notice::AskingTabsForRotatedToken));
        commands.push(Command::AskTabs {
            request: random.request,
        });
    }
    next
}

/// The session ends with `reason`, announced to the other tabs.
fn end(session: &Session, reason: SignOutReason, commands: &mut Vec<Command>) -> Session {
    commands.push(Command::AnnounceSignOut(reason.clone()));
    commands.push(Command::Record(Notice::SignedOut(reason.clone())));
    session.ended(Phase::SignedOut {
        reason: Some(reason),
    })
}

/// The move to [`Phase::Reconnecting`] after a passing failure: keep the tokens, back off.
fn reconnect(
    session: &Session,
    tokens: &Held,
    attempt: u32,
    cause: crate::protocol::http::HttpStatus,
    now: UnixTime,
    random: &Random,
) -> Session {
    let wait = backoff_secs(attempt, random.jitter).max(MIN_RETRY_SECS);
    let retry_at = UnixTime(now.0.saturating_add(wait));
    Session {
        phase: Phase::Reconnecting {
            tokens: Arc::clone(tokens),
            attempt: attempt.saturating_add(1),
            retry_at,
            cause,
            in_flight: None,
        },
        ..session.clone()
    }
}

fn push_reconnect(next: &Session, commands: &mut Vec<Command>) {
    if let Phase::Reconnecting {
        retry_at, cause, ..
    } = &next.phase
    {
        let elsewhere = !commands
            .iter()
            .any(|c| matches!(c, Command::AnnounceRefreshFailure { .. }));
        commands.push(Command::Record(Notice::RefreshFailed {
            cause: *cause,
            retry_at: *retry_at,
            elsewhere,
        }));
        commands.push(Command::WakeAt(*retry_at));
    }
}

#[cfg(test)]
#[path = "step_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "step_tab_tests.rs"]
mod tab_tests;

#[cfg(test)]
#[path = "step_failure_tests.rs"]
mod failure_tests;

#[cfg(test)]
#[path = "step_race_tests.rs"]
mod race_tests;

#[cfg(test)]
#[path = "find_tests.rs"]
mod find_tests;

#[cfg(test)]
#[path = "step_account_tests.rs"]
mod account_tests;
