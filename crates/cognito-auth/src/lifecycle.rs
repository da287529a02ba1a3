//! The session lifecycle as a pure state machine: `(state, event, now) -> (state, commands)`.
//!
//! Not wired into the portal yet (the timers, single flight, Web Locks and `BroadcastChannel` glue
//! come next). The rules, each a unit test below:
//! - refresh before the earlier of the ID and access token expiries, by 60 s or a quarter of the
//!   lifetime if shorter ([`crate::time::refresh_due_at`]), on Cognito's clock: the drift
//!   (`iat` − local receipt time) is applied, so a device clock minutes off neither loops nor lets
//!   tokens expire;
//! - every wake-up (timer, `visibilitychange`, `focus`, `online`, resume after sleep) is a
//!   [`Event::Wake`]: due work runs then, whatever the timers did;
//! - a refresh in flight is never started twice;
//! - `invalid_grant` ends the session with a reason; network errors, timeouts and 5xx keep it and
//!   retry with capped, jittered backoff, never sooner than [`MIN_RETRY_SECS`];
//! - tokens adopted from another tab count as a successful refresh.

use crate::error::OAuthError;
use crate::refresh::{backoff_secs, RefreshFailure};
use crate::time::{clock_drift, refresh_due_at, server_now, UnixTime};

/// A new refresh is never scheduled sooner than this after the last one, whatever the token
/// lifetimes say: the guard against refresh loops.
pub const MIN_RETRY_SECS: i64 = 5;

/// The times of the token set held, by Cognito's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenTimes {
    /// The ID token's `iat`.
    pub id_iat: UnixTime,
    /// The ID token's `exp`.
    pub id_exp: UnixTime,
    /// The access token's `iat`.
    pub access_iat: UnixTime,
    /// The access token's `exp`.
    pub access_exp: UnixTime,
}

impl TokenTimes {
    /// When a refresh is due, by Cognito's clock: before the earlier expiry.
    pub fn refresh_due(&self) -> UnixTime {
        refresh_due_at(self.id_iat, self.id_exp)
            .min(refresh_due_at(self.access_iat, self.access_exp))
    }

    /// The earlier expiry.
    pub fn expires(&self) -> UnixTime {
        self.id_exp.min(self.access_exp)
    }
}

/// Why there is no session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignOutReason {
    /// The user chose Sign out.
    UserSignedOut,
    /// The user signed out in another tab.
    SignedOutElsewhere,
    /// Cognito refused the refresh token (revoked or expired): "Your session ended; sign in again".
    SessionEnded(OAuthError),
}

/// Where the session stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// No tokens; `reason` is `None` for a tab that never had a session.
    SignedOut {
        /// Why, when there was a session.
        reason: Option<SignOutReason>,
    },
    /// Tokens held and fresh enough.
    SignedIn,
    /// A refresh request is in flight.
    Refreshing {
        /// Failed attempts before this one.
        attempt: u32,
    },
    /// The last refresh failed for a passing reason; tokens are kept and a retry is scheduled.
    Reconnecting {
        /// Failed attempts so far.
        attempt: u32,
        /// When to retry (device clock).
        retry_at: UnixTime,
        /// The HTTP status of the last failure (0: no answer).
        status: u16,
    },
}

/// The whole state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The phase.
    pub phase: Phase,
    /// Times of the tokens held, when any are.
    pub times: Option<TokenTimes>,
    /// Cognito's clock minus the device's, in seconds.
    pub drift_secs: i64,
    /// When the next refresh is due (device clock).
    pub refresh_at: Option<UnixTime>,
    /// When the last refresh attempt started (device clock), for the loop guard.
    pub last_attempt_at: Option<UnixTime>,
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Tokens arrived: from the code exchange, a refresh, or another tab.
    TokensReceived {
        /// Their times.
        times: TokenTimes,
        /// Where they came from.
        source: TokenSource,
    },
    /// The page woke up: a timer fired, it became visible or focused, went online, or resumed.
    Wake,
    /// The refresh in flight failed.
    RefreshFailed(RefreshFailure),
    /// The session ended.
    SignOut(SignOutReason),
}

/// Where tokens came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// The authorization-code exchange.
    SignIn,
    /// This tab's refresh.
    Refresh,
    /// Another tab of this app shared them.
    OtherTab,
}

/// What the glue must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Set the wake-up timer for this device time (replacing any earlier one).
    WakeAt(UnixTime),
    /// Send the refresh request.
    StartRefresh,
    /// Drop every token from memory.
    DropTokens,
}

impl Session {
    /// A tab without a session.
    pub fn new() -> Self {
        Self {
            phase: Phase::SignedOut { reason: None },
            times: None,
            drift_secs: 0,
            refresh_at: None,
            last_attempt_at: None,
        }
    }

    /// Whether a caller about to use a token must wait for a refresh first (check on read).
    pub fn needs_refresh(&self, now: UnixTime) -> bool {
        match (&self.phase, self.times) {
            (Phase::SignedIn | Phase::Reconnecting { .. }, Some(times)) => {
                server_now(now, self.drift_secs) >= times.refresh_due()
            }
            _ => false,
        }
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// The transition function. `jitter` is a random number in `[0, 1)` for the retry backoff.
pub fn step(
    session: &Session,
    event: Event,
    now: UnixTime,
    jitter: f64,
) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    match event {
        Event::TokensReceived { times, source } => {
            // Drift is measured on tokens received here; adopted tokens keep this tab's measure.
            if source != TokenSource::OtherTab || session.times.is_none() {
                next.drift_secs = clock_drift(times.id_iat, now);
            }
            next.times = Some(times);
            next.phase = Phase::SignedIn;
            let due_local = UnixTime(times.refresh_due().0 - next.drift_secs);
            let earliest = session
                .last_attempt_at
                .map_or(due_local, |t| UnixTime(t.0 + MIN_RETRY_SECS));
            let at = due_local.max(earliest);
            next.refresh_at = Some(at);
            commands.push(Command::WakeAt(at));
        }
        Event::Wake => match session.phase {
            Phase::SignedIn if session.refresh_at.is_some_and(|at| now >= at) => {
                next.phase = Phase::Refreshing { attempt: 0 };
                next.last_attempt_at = Some(now);
                commands.push(Command::StartRefresh);
            }
            Phase::Reconnecting {
                attempt, retry_at, ..
            } if now >= retry_at => {
                next.phase = Phase::Refreshing { attempt };
                next.last_attempt_at = Some(now);
                commands.push(Command::StartRefresh);
            }
            Phase::SignedIn => {
                if let Some(at) = session.refresh_at {
                    commands.push(Command::WakeAt(at));
                }
            }
            Phase::Reconnecting { retry_at, .. } => commands.push(Command::WakeAt(retry_at)),
            Phase::Refreshing { .. } | Phase::SignedOut { .. } => {}
        },
        Event::RefreshFailed(RefreshFailure::SessionEnded(error)) => {
            next = Session::new();
            next.phase = Phase::SignedOut {
                reason: Some(SignOutReason::SessionEnded(error)),
            };
            commands.push(Command::DropTokens);
        }
        Event::RefreshFailed(RefreshFailure::Transient { status }) => {
            if let Phase::Refreshing { attempt } = session.phase {
                let wait = backoff_secs(attempt, jitter).max(MIN_RETRY_SECS);
                let retry_at = UnixTime(now.0 + wait);
                next.phase = Phase::Reconnecting {
                    attempt: attempt + 1,
                    retry_at,
                    status,
                };
                commands.push(Command::WakeAt(retry_at));
            }
        }
        Event::SignOut(reason) => {
            next = Session::new();
            next.phase = Phase::SignedOut {
                reason: Some(reason),
            };
            commands.push(Command::DropTokens);
        }
    }
    (next, commands)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens issued at `iat` by Cognito's clock, living `life` seconds.
    fn times(iat: i64, life: i64) -> TokenTimes {
        TokenTimes {
            id_iat: UnixTime(iat),
            id_exp: UnixTime(iat + life),
            access_iat: UnixTime(iat),
            access_exp: UnixTime(iat + life),
        }
    }

    fn signed_in(now: i64, tokens: TokenTimes) -> Session {
        step(
            &Session::new(),
            Event::TokensReceived {
                times: tokens,
                source: TokenSource::SignIn,
            },
            UnixTime(now),
            0.0,
        )
        .0
    }

    #[test]
    fn sign_in_schedules_a_refresh_a_minute_before_expiry() {
        let (session, commands) = step(
            &Session::new(),
            Event::TokensReceived {
                times: times(1_000, 3_600),
                source: TokenSource::SignIn,
            },
            UnixTime(1_000),
            0.0,
        );
        assert_eq!(session.phase, Phase::SignedIn);
        assert_eq!(commands, [Command::WakeAt(UnixTime(4_540))]);
    }

    #[test]
    fn the_earlier_expiry_wins() {
        let t = TokenTimes {
            id_iat: UnixTime(0),
            id_exp: UnixTime(3_600),
            access_iat: UnixTime(0),
            access_exp: UnixTime(1_800),
        };
        assert_eq!(t.refresh_due(), UnixTime(1_740));
        assert_eq!(t.expires(), UnixTime(1_800));
    }

    #[test]
    fn short_lifetimes_refresh_a_quarter_before_expiry() {
        let (_, commands) = step(
            &Session::new(),
            Event::TokensReceived {
                times: times(1_000, 120),
                source: TokenSource::SignIn,
            },
            UnixTime(1_000),
            0.0,
        );
        assert_eq!(commands, [Command::WakeAt(UnixTime(1_090))]);
    }

    #[test]
    fn a_fast_or_slow_device_clock_shifts_the_schedule_not_the_lifetime() {
        for skew in [-600, 600] {
            // Cognito issues at 1_000; the device reads 1_000 + skew when the tokens arrive.
            let session = signed_in(1_000 + skew, times(1_000, 3_600));
            assert_eq!(session.drift_secs, -skew);
            assert_eq!(session.refresh_at, Some(UnixTime(4_540 + skew)));
            assert!(!session.needs_refresh(UnixTime(4_539 + skew)));
            assert!(session.needs_refresh(UnixTime(4_540 + skew)));
        }
    }

    #[test]
    fn a_wake_before_the_due_time_only_rearms_the_timer() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (next, commands) = step(&session, Event::Wake, UnixTime(2_000), 0.0);
        assert_eq!(next.phase, Phase::SignedIn);
        assert_eq!(commands, [Command::WakeAt(UnixTime(4_540))]);
    }

    #[test]
    fn a_wake_after_the_due_time_refreshes_once() {
        // A tab that slept past expiry refreshes on resume.
        let session = signed_in(1_000, times(1_000, 3_600));
        let (refreshing, commands) = step(&session, Event::Wake, UnixTime(9_000), 0.0);
        assert_eq!(refreshing.phase, Phase::Refreshing { attempt: 0 });
        assert_eq!(commands, [Command::StartRefresh]);
        let (still, again) = step(&refreshing, Event::Wake, UnixTime(9_001), 0.0);
        assert_eq!(still.phase, Phase::Refreshing { attempt: 0 });
        assert!(
            again.is_empty(),
            "a refresh in flight is never started twice"
        );
    }

    #[test]
    fn a_successful_refresh_schedules_the_next_one() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (refreshing, _) = step(&session, Event::Wake, UnixTime(4_540), 0.0);
        let (next, commands) = step(
            &refreshing,
            Event::TokensReceived {
                times: times(4_540, 3_600),
                source: TokenSource::Refresh,
            },
            UnixTime(4_541),
            0.0,
        );
        assert_eq!(next.phase, Phase::SignedIn);
        assert_eq!(commands, [Command::WakeAt(UnixTime(8_081))]);
    }

    #[test]
    fn tokens_that_are_already_due_cannot_cause_a_refresh_loop() {
        // A token whose whole life is shorter than the margin, or a clock gone wild.
        let session = signed_in(1_000, times(1_000, 3_600));
        let (refreshing, _) = step(&session, Event::Wake, UnixTime(4_540), 0.0);
        let (next, commands) = step(
            &refreshing,
            Event::TokensReceived {
                times: times(4_540, 2),
                source: TokenSource::Refresh,
            },
            UnixTime(4_540),
            0.0,
        );
        assert_eq!(
            commands,
            [Command::WakeAt(UnixTime(4_540 + MIN_RETRY_SECS))]
        );
        assert_eq!(
            step(&next, Event::Wake, UnixTime(4_541), 0.0).1,
            [Command::WakeAt(UnixTime(4_545))]
        );
    }

    #[test]
    fn invalid_grant_ends_the_session_with_its_reason() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (refreshing, _) = step(&session, Event::Wake, UnixTime(4_540), 0.0);
        let error = OAuthError {
            code: "invalid_grant".into(),
            description: Some("Refresh Token has been revoked".into()),
        };
        let (next, commands) = step(
            &refreshing,
            Event::RefreshFailed(RefreshFailure::SessionEnded(error.clone())),
            UnixTime(4_541),
            0.0,
        );
        assert_eq!(
            next.phase,
            Phase::SignedOut {
                reason: Some(SignOutReason::SessionEnded(error))
            }
        );
        assert_eq!(next.times, None);
        assert_eq!(commands, [Command::DropTokens]);
    }

    #[test]
    fn outages_keep_the_session_and_back_off() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (mut state, _) = step(&session, Event::Wake, UnixTime(4_540), 0.0);
        let mut now = 4_540;
        let mut waits = Vec::new();
        for _ in 0..8 {
            let (next, commands) = step(
                &state,
                Event::RefreshFailed(RefreshFailure::Transient { status: 503 }),
                UnixTime(now),
                0.0,
            );
            let Phase::Reconnecting { retry_at, .. } = next.phase else {
                panic!("{next:?}")
            };
            assert_eq!(commands, [Command::WakeAt(retry_at)]);
            assert!(next.times.is_some(), "tokens are kept while reconnecting");
            waits.push(retry_at.0 - now);
            now = retry_at.0;
            let (retrying, commands) = step(&next, Event::Wake, UnixTime(now), 0.0);
            assert_eq!(commands, [Command::StartRefresh]);
            state = retrying;
        }
        assert_eq!(waits, [5, 5, 5, 5, 8, 16, 30, 30]);
        let (recovered, _) = step(
            &state,
            Event::TokensReceived {
                times: times(now, 3_600),
                source: TokenSource::Refresh,
            },
            UnixTime(now),
            0.0,
        );
        assert_eq!(recovered.phase, Phase::SignedIn);
    }

    #[test]
    fn an_early_wake_while_reconnecting_waits_for_the_retry_time() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (refreshing, _) = step(&session, Event::Wake, UnixTime(4_540), 0.0);
        let (reconnecting, _) = step(
            &refreshing,
            Event::RefreshFailed(RefreshFailure::Transient { status: 0 }),
            UnixTime(4_541),
            0.0,
        );
        let (same, commands) = step(&reconnecting, Event::Wake, UnixTime(4_542), 0.0);
        assert_eq!(same, reconnecting);
        assert_eq!(commands, [Command::WakeAt(UnixTime(4_546))]);
    }

    #[test]
    fn tokens_from_another_tab_are_adopted_instead_of_refreshing() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (reconnecting, _) = step(
            &step(&session, Event::Wake, UnixTime(4_540), 0.0).0,
            Event::RefreshFailed(RefreshFailure::Transient { status: 500 }),
            UnixTime(4_540),
            0.0,
        );
        let (adopted, commands) = step(
            &reconnecting,
            Event::TokensReceived {
                times: times(4_550, 3_600),
                source: TokenSource::OtherTab,
            },
            UnixTime(4_551),
            0.0,
        );
        assert_eq!(adopted.phase, Phase::SignedIn);
        assert_eq!(
            adopted.drift_secs, session.drift_secs,
            "this tab keeps its own clock measure"
        );
        assert_eq!(commands, [Command::WakeAt(UnixTime(8_090))]);
    }

    #[test]
    fn signing_out_anywhere_drops_the_tokens() {
        let session = signed_in(1_000, times(1_000, 3_600));
        for reason in [
            SignOutReason::UserSignedOut,
            SignOutReason::SignedOutElsewhere,
        ] {
            let (next, commands) = step(
                &session,
                Event::SignOut(reason.clone()),
                UnixTime(2_000),
                0.0,
            );
            assert_eq!(
                next.phase,
                Phase::SignedOut {
                    reason: Some(reason)
                }
            );
            assert_eq!(commands, [Command::DropTokens]);
            assert!(!next.needs_refresh(UnixTime(99_999)));
        }
    }

    #[test]
    fn a_signed_out_tab_ignores_wakes_and_stray_failures() {
        let fresh = Session::new();
        assert_eq!(
            step(&fresh, Event::Wake, UnixTime(1), 0.0),
            (fresh.clone(), vec![])
        );
        let (same, commands) = step(
            &fresh,
            Event::RefreshFailed(RefreshFailure::Transient { status: 500 }),
            UnixTime(1),
            0.0,
        );
        assert_eq!((same, commands), (fresh, vec![]));
    }
}
