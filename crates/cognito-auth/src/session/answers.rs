//! Verified tokens arriving at the machine: taken only if it waits for them (see
//! [`Session::waits_for`]), dropped and recorded otherwise.

use crate::session::machine::{
    Command, Phase, RefreshRoute, Session, TokenSource, WakeCause, MIN_RETRY_SECS,
};
use crate::session::notice::Notice;
use crate::session::tab_message::DropReason;
use crate::session::tokens::Accepted;
use crate::time::UnixTime;
use std::sync::Arc;

/// The notice for tokens nobody waits for.
pub(crate) fn dropped(source: &TokenSource) -> Notice {
    match source {
        TokenSource::SignIn => Notice::LateAnswerDropped {
            what: "a sign-in answer",
        },
        TokenSource::Refresh { .. } => Notice::LateAnswerDropped {
            what: "a refresh answer",
        },
        TokenSource::TabAnswer { .. } | TokenSource::TabRefreshed => Notice::TabMessageDropped {
            reason: DropReason::Unexpected.to_string(),
            count: 0,
        },
    }
}

pub(crate) fn count_drop(session: &Session, source: &TokenSource) -> u32 {
    match source {
        TokenSource::TabAnswer { .. } | TokenSource::TabRefreshed => {
            session.dropped_messages.saturating_add(1)
        }
        _ => session.dropped_messages,
    }
}

/// Verified tokens arrive: taken only if the machine waits for them.
pub(crate) fn take_tokens(
    session: &Session,
    accepted: Accepted,
    source: &TokenSource,
) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    if !session.waits_for(source) {
        next.dropped_messages = count_drop(session, source);
        let notice = match dropped(source) {
            Notice::TabMessageDropped { reason, .. } => Notice::TabMessageDropped {
                reason,
                count: next.dropped_messages,
            },
            other => other,
        };
        commands.push(Command::Record(notice));
        return (next, commands);
    }
    if *source == TokenSource::TabRefreshed {
        if let Some(held) = session.tokens() {
            if accepted.tokens.times.id_iat <= held.times.id_iat {
                // A stale or repeated announcement: what this tab holds is as new.
                return (next, commands);
            }
        }
    }
    if let Some(held) = session.tokens() {
        if accepted.tokens.claims.sub != held.claims.sub {
            // Checked by the verifier against what was held when the answer arrived; the
            // session may have moved on since. Never another user's tokens over the ones held.
            let error = crate::AuthError::from(crate::verify::claims::ClaimsError::SubjectChanged);
            if let TokenSource::Refresh { .. } = source {
                commands.push(Command::Record(Notice::Refused(error.to_string())));
                return (session.ended(Phase::Failed(error)), commands);
            }
            commands.push(Command::Record(Notice::TabSessionRefused(
                error.to_string(),
            )));
            return (next, commands);
        }
    }
    if let (
        TokenSource::TabAnswer { .. },
        Phase::Refreshing {
            tokens: held,
            attempt,
            route: RefreshRoute::AskingTabs { .. },
        },
    ) = (source, &session.phase)
    {
        let fresher = accepted.tokens.times.id_iat > held.times.id_iat;
        if !fresher && accepted.tokens.refresh_token.is_none() {
            // Nothing this tab lacks (another tab that lost its refresh token to the same
            // rotation): keep asking, for an answer that has it.
            return (next, commands);
        }
        if !fresher {
            // The tabs had no fresher tokens, only the current refresh token (rotated
            // elsewhere): the refresh this tab wanted goes on with it, at Cognito, keeping the
            // tokens held.
            let mut tokens = (**held).clone();
            tokens.refresh_token = accepted.tokens.refresh_token;
            let ticket = session.ticket.saturating_add(1);
            next.ticket = ticket;
            next.phase = Phase::Refreshing {
                tokens: Arc::new(tokens),
                attempt: *attempt,
                route: RefreshRoute::Cognito { ticket },
            };
            commands.push(Command::Record(Notice::AdoptedFromTab));
            commands.push(Command::Record(Notice::RefreshStarted {
                attempt: *attempt,
                cause: WakeCause::TokenWanted,
            }));
            commands.push(Command::StartRefresh { ticket });
            return (next, commands);
        }
    }
    let Accepted {
        tokens,
        measured,
        rotated,
    } = accepted;
    if let Some(drift) = measured {
        next.drift = drift;
    }
    let due_local = next.drift.to_local(tokens.times.refresh_due());
    let earliest = session
        .last_attempt_at
        .map_or(due_local, |t| UnixTime(t.0.saturating_add(MIN_RETRY_SECS)));
    let at = due_local.max(earliest);
    next.phase = Phase::SignedIn {
        tokens: Arc::new(tokens),
    };
    next.generation = session.generation.saturating_add(1);
    next.refresh_at = Some(at);
    commands.push(Command::Record(match source {
        TokenSource::SignIn => Notice::SignedIn,
        TokenSource::Refresh { .. } => Notice::Refreshed { rotated },
        TokenSource::TabAnswer { .. } => Notice::AdoptedFromTab,
        TokenSource::TabRefreshed => Notice::RefreshedElsewhere { rotated },
    }));
    match source {
        TokenSource::SignIn => commands.push(Command::AnnounceSignedIn),
        TokenSource::Refresh { .. } => commands.push(Command::AnnounceRefreshed { rotated }),
        TokenSource::TabAnswer { .. } | TokenSource::TabRefreshed => {}
    }
    commands.push(Command::Record(Notice::RefreshScheduled { at }));
    commands.push(Command::WakeAt(at));
    (next, commands)
}
