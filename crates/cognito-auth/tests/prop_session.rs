//! Property tests of the session machine: `step` on arbitrary sequences of events (answers
//! included, in or out of turn) at arbitrary times, extremes included.
//!
//! The invariants (issue #10, item 5): no panic; never an expired token handed out; tokens are
//! held only when the machine was waiting for them (a late refresh answer after "Sign out", or
//! a session nobody asked for, never brings tokens back); a refresh runs only with a refresh
//! token and the ticket it announced; the drift stays within its bound; a tab that found no
//! other tab holding a session neither asks nor waits (issue #11).
#![cfg(not(target_arch = "wasm32"))]

use cognito_auth::protocol::http::{HttpStatus, NoAnswer};
use cognito_auth::protocol::pkce::Nonce;
use cognito_auth::protocol::secret::{AccessToken, IdToken, RefreshToken};
use cognito_auth::session::clock::{Drift, MAX_CLOCK_DRIFT_SECS};
use cognito_auth::session::machine::{
    Random, RefreshRoute, SignInRoute, SignOutReason, TokenSource, WakeCause,
};
use cognito_auth::session::notice::{announcement, badge, drift_text, phase_sentence, Heard};
use cognito_auth::session::presence::Holders;
use cognito_auth::session::refresh::RefreshFailure;
use cognito_auth::session::tab_message::{DropReason, RequestId, REQUEST_ID_BYTES};
use cognito_auth::session::tokens::{Accepted, TokenTimes, VerifiedTokens};
use cognito_auth::session::{step, Command, Event, Phase, Session, TokenAccess};
use cognito_auth::verify::claims::IdClaims;
use cognito_auth::{AuthError, OAuthError, UnixTime};
use proptest::prelude::*;
use proptest::strategy::LazyJust;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Three request ids, so that answers sometimes match the request in flight.
#[path = "prop_session/strategies.rs"]
mod strategies;
use strategies::*;

/// Whether `before` was waiting for tokens from `source`: the only way tokens may arrive.
fn waited_for(before: &Session, source: &TokenSource) -> bool {
    match (source, &before.phase) {
        (TokenSource::SignIn, Phase::SigningIn(SignInRoute::Callback)) => true,
        (
            TokenSource::Refresh { ticket },
            Phase::Refreshing {
                route: RefreshRoute::Cognito { ticket: waiting },
                ..
            },
        ) => ticket == waiting,
        // Another tab's failure moved this tab on while its own request was out.
        (
            TokenSource::Refresh { ticket },
            Phase::Reconnecting {
                in_flight: Some(out),
                ..
            },
        ) => ticket == out,
        (
            TokenSource::TabAnswer { request },
            Phase::SigningIn(SignInRoute::AskingTabs { request: asked })
            | Phase::Refreshing {
                route: RefreshRoute::AskingTabs { request: asked },
                ..
            },
        ) => request == asked,
        (TokenSource::TabRefreshed, phase) => phase.holds_tokens(),
        _ => false,
    }
}

/// What the checks need to know of an event (`step` consumes it, and it is not `Clone`).
struct Seen {
    /// The source, for tokens that passed the verifier.
    verified_from: Option<TokenSource>,
    /// Whether the user chose Sign out.
    user_signed_out: bool,
    /// Another tab's news of a sign-out (any script could have posted it).
    from_other_tab: bool,
    /// Whether the lock query found no other tab holding a session.
    nobody_holds: bool,
    /// For messages.
    debug: String,
}

impl Seen {
    fn of(event: &Event) -> Self {
        Self {
            verified_from: match event {
                Event::TokensVerified { source, .. } => Some(source.clone()),
                _ => None,
            },
            // This tab's own "Sign out", "Sign out of every device" or "Delete my account": the
            // ones that leave through Cognito's /logout.
            user_signed_out: matches!(
                event,
                Event::SignOut(
                    SignOutReason::UserSignedOut
                        | SignOutReason::SignedOutEverywhere {
                            in_other_tab: false
                        }
                        | SignOutReason::AccountDeleted {
                            in_other_tab: false
                        }
                )
            ),
            from_other_tab: matches!(
                event,
                Event::SignOut(
                    SignOutReason::SignedOutElsewhere
                        | SignOutReason::SignedOutEverywhere { in_other_tab: true }
                        | SignOutReason::AccountDeleted { in_other_tab: true }
                )
            ),
            nobody_holds: matches!(event, Event::HoldersFound(Holders::Absent)),
            debug: format!("{event:?}"),
        }
    }
}

/// The invariants of one step from `before` to `after`.
fn check_step(
    before: &Session,
    event: &Seen,
    now: UnixTime,
    after: &Session,
    commands: &[Command],
) -> Result<(), TestCaseError> {
    // Tokens only arrive when awaited, and only with a verified-tokens event.
    let new_tokens = match (before.tokens(), after.tokens()) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(b), Some(a)) => !std::sync::Arc::ptr_eq(b, a),
    };
    if new_tokens {
        // Whatever the source, the user never changes under a held session.
        if let (Some(b), Some(a)) = (before.tokens(), after.tokens()) {
            prop_assert_eq!(
                &b.claims.sub,
                &a.claims.sub,
                "the user changed on {}",
                event.debug
            );
        }
        match &event.verified_from {
            Some(source) => prop_assert!(
                waited_for(before, source),
                "tokens taken from {source:?} in {:?}",
                before.phase
            ),
            None => {
                return Err(TestCaseError::fail(format!(
                    "tokens appeared on {}",
                    event.debug
                )))
            }
        }
    }
    // "Sign out" drops everything at once and asks for the logout.
    if event.user_signed_out {
        prop_assert_eq!(&after.phase, &Phase::SigningOut);
        prop_assert!(
            commands.iter().any(|c| matches!(c, Command::Logout { .. })),
            "no Logout on {}",
            event.debug
        );
    }
    // Once signed out, nothing but a new sign-in brings tokens back.
    if matches!(
        before.phase,
        Phase::SigningOut | Phase::SignedOut { .. } | Phase::Failed(_)
    ) {
        prop_assert!(
            !after.phase.holds_tokens() || event.verified_from.is_some(),
            "{:?} -> {:?} on {}",
            before.phase,
            after.phase,
            event.debug
        );
    }
    for command in commands {
        match command {
            // A refresh runs with a refresh token, under the ticket the machine now waits for.
            Command::StartRefresh { ticket } => match &after.phase {
                Phase::Refreshing {
                    tokens,
                    route: RefreshRoute::Cognito { ticket: waiting },
                    ..
                } => {
                    prop_assert_eq!(ticket, waiting);
                    prop_assert!(tokens.refresh_token.is_some());
                }
                other => return Err(TestCaseError::fail(format!("StartRefresh in {other:?}"))),
            },
            // Tokens are handed to another tab, or announced, only while held.
            Command::AnswerTab { .. } | Command::AnnounceRefreshed { .. } => {
                prop_assert!(
                    after.phase.holds_tokens(),
                    "{command:?} in {:?}",
                    after.phase
                );
            }
            Command::Logout { .. } => {
                prop_assert!(event.user_signed_out, "Logout on {}", event.debug);
            }
            // Another tab's news is never echoed back to the tabs.
            Command::AnnounceSignOut(_) => {
                prop_assert!(!event.from_other_tab, "announced on {}", event.debug);
            }
            // A tab that is alone never asks and never waits for an answer.
            Command::AskTabs { .. } | Command::WakeAt(_) | Command::FindHolders => {
                prop_assert!(!event.nobody_holds, "{command:?} on {}", event.debug);
            }
            Command::Record(notice) => {
                // Every timeline line can be written, whatever the times.
                let line = notice.describe(now);
                prop_assert!(!line.is_empty());
            }
            _ => {}
        }
    }
    prop_assert!(after.drift.secs().abs() <= MAX_CLOCK_DRIFT_SECS);
    prop_assert!(after.generation >= before.generation);
    prop_assert!(after.dropped_messages >= before.dropped_messages);
    prop_assert!(after.ticket >= before.ticket);
    Ok(())
}

/// The check on read never hands out an expired token, at any time.
fn check_reads(session: &Session, now: UnixTime) -> Result<(), TestCaseError> {
    for refresh_asked in [false, true] {
        match session.tokens_for_use(now, refresh_asked) {
            TokenAccess::Ready(tokens) => {
                prop_assert!(
                    session.server_now(now) < tokens.times.expires(),
                    "an expired token handed out at {now:?} in {:?}",
                    session.phase
                );
                prop_assert!(session.phase.holds_tokens());
            }
            TokenAccess::RefreshFirst => prop_assert!(session.phase.holds_tokens()),
            TokenAccess::Wait | TokenAccess::Unavailable(_) => {}
        }
    }
    let _ = session.secs_left(now);
    // The words of every view can be written, whatever the times.
    prop_assert!(!phase_sentence(&session.phase, now).is_empty());
    let (tone, text) = badge(session, now);
    prop_assert!(!tone.is_empty() && !text.is_empty());
    prop_assert!(!drift_text(session.drift).is_empty());
    Ok(())
}

/// The live region (issue #14) speaks exactly when the kind of phase changes (not into a
/// sign-in, and not before the session first settled), and never a time (it would be stale when
/// read, and a ticking one would speak every second).
fn check_announcement(before: Option<Heard>, phase: &Phase) -> Result<(), TestCaseError> {
    let said = announcement(before, phase);
    let kind = Heard::of(phase);
    match before {
        None => prop_assert_eq!(said, None),
        Some(b) if b == kind || kind == Heard::SigningIn => prop_assert_eq!(said, None),
        Some(_) => {
            let Some(text) = said else {
                return Err(TestCaseError::fail(format!(
                    "nothing said on {before:?} -> {phase:?}"
                )));
            };
            prop_assert!(!text.trim().is_empty());
            prop_assert!(
                !without_http_status(&text)
                    .chars()
                    .any(|c| c.is_ascii_digit()),
                "a time in an announcement: {}",
                text
            );
        }
    }
    Ok(())
}

/// `text` without its HTTP status codes (`HTTP 503`): the only digits an announcement may carry.
/// Only the status's own digits are removed, so a time after it is still caught.
fn without_http_status(text: &str) -> String {
    let mut rest = text;
    let mut out = String::new();
    while let Some(at) = rest.find("HTTP ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "HTTP ".len()..];
        rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

proptest! {
    #![proptest_config(config())]

    /// Any sequence of events at any times, from a fresh tab or from one that just signed in.
    #[test]
    fn the_machine_keeps_its_invariants(
        sign_in in prop::option::weighted(0.75, (accepted(), time())),
        steps in prop::collection::vec((event(), moment()), 0..40),
        reads in prop::collection::vec(time(), 1..4),
    ) {
        let mut session = Session::new();
        let mut heard = None;
        let mut events = Vec::new();
        if let Some((accepted, now)) = sign_in {
            events.push((Event::SignInStarted(SignInRoute::Callback), (now, 0.5, 0)));
            events.push((
                Event::TokensVerified { accepted: Box::new(accepted), source: TokenSource::SignIn },
                (now, 0.5, 0),
            ));
        }
        for (event, (now, jitter, id)) in events.into_iter().chain(steps) {
            let now = UnixTime(now);
            let seen = Seen::of(&event);
            let random = Random { jitter, request: request(id) };
            let (after, commands) = step(&session, event, now, random);
            check_step(&session, &seen, now, &after, &commands)?;
            check_reads(&after, now)?;
            for read in &reads {
                check_reads(&after, UnixTime(*read))?;
            }
            check_announcement(heard, &after.phase)?;
            heard = Heard::after(heard, &after.phase);
            session = after;
        }
    }
}
