//! The session lifecycle as a pure state machine: `(state, event, now) -> (state, commands)`.
//!
//! The portal's glue (`src/auth/driver.rs`) feeds it events and carries out its commands: timers,
//! the refresh request, the tab channel, the timeline. The rules, each a unit test below:
//! - refresh before the earlier of the ID and access token expiries, by 60 s or a quarter of the
//!   lifetime if shorter ([`crate::time::refresh_due_at`]), on Cognito's clock: the drift
//!   (`iat` − local receipt time) is applied, so a device clock minutes off neither loops nor lets
//!   tokens expire;
//! - every wake-up (timer, `visibilitychange`, `focus`, `online`, resume after sleep, a caller
//!   needing a token) is an [`Event::Wake`]: due work runs then, whatever the timers did;
//! - a refresh in flight is never started twice, and never sooner than [`MIN_RETRY_SECS`] after
//!   the last one;
//! - `invalid_grant` ends the session with a reason; network errors, timeouts and 5xx keep it and
//!   retry with capped, jittered backoff;
//! - tokens from another tab count as a refresh and are not shared again; older ones are ignored
//!   (the glue drops exact copies of what it holds before they get here);
//! - a sign-out here is announced to the other tabs; one announced by another tab is not.

use crate::error::{AuthError, OAuthError};
use crate::session::refresh::{backoff_secs, RefreshFailure};
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
    /// No tab had a session and no silent sign-in was possible: tokens live in memory only, so a
    /// reload without another open tab starts signed out.
    NoSessionFound,
}

/// How a sign-in is under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInRoute {
    /// Asking the other open tabs for their session.
    AskingTabs,
    /// Exchanging the authorization code from the hosted UI.
    Callback,
    /// A top-level `prompt=none` round trip to the hosted UI.
    Silent,
}

/// Where the session stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// No tokens; `reason` is `None` for a tab that never had a session.
    SignedOut {
        /// Why, when there was a session.
        reason: Option<SignOutReason>,
    },
    /// A sign-in is under way; no tokens yet.
    SigningIn(SignInRoute),
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
    /// Tokens were refused (a failed sign-in, a refreshed token failing its checks); none are held.
    Failed(AuthError),
}

impl Phase {
    /// Whether tokens are held in this phase.
    pub fn holds_tokens(&self) -> bool {
        matches!(
            self,
            Self::SignedIn | Self::Refreshing { .. } | Self::Reconnecting { .. }
        )
    }
}

/// What woke the page up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WakeCause {
    /// The refresh timer fired.
    Timer,
    /// The tab became visible.
    Visible,
    /// The window got focus.
    Focus,
    /// The browser went online.
    Online,
    /// The page resumed after the machine slept (the heartbeat saw a gap).
    Resumed,
    /// A caller needs a token (check on read).
    TokenWanted,
    /// The API refused the ID token.
    ApiRefused,
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
    /// Bumped whenever tokens arrive or another tab reports its refresh failed: a refresh
    /// waiting for the cross-tab lock compares it to learn that a sibling already acted.
    pub generation: u64,
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A sign-in started (asking tabs, a callback, a silent round trip).
    SignInStarted(SignInRoute),
    /// Tokens arrived: from the code exchange, a refresh, or another tab.
    TokensReceived {
        /// Their times.
        times: TokenTimes,
        /// Where they came from.
        source: TokenSource,
    },
    /// The page woke up.
    Wake(WakeCause),
    /// The API refused the ID token (401): refresh now, due or not, unless a refresh started
    /// less than [`MIN_RETRY_SECS`] ago (then the caller gives up instead of looping).
    ForceRefresh,
    /// This tab's refresh failed.
    RefreshFailed(RefreshFailure),
    /// Another tab's refresh failed for a passing reason (its lock was ahead of ours).
    RefreshFailedElsewhere {
        /// The HTTP status it got (0: no answer).
        status: u16,
    },
    /// Tokens were refused: the sign-in failed, or a refreshed token failed its checks.
    Refused(AuthError),
    /// The session ended, or no session was found.
    SignOut(SignOutReason),
}

/// Where tokens came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// The authorization-code exchange.
    SignIn,
    /// This tab's refresh.
    Refresh {
        /// Whether Cognito returned a new refresh token (rotation on).
        rotated: bool,
    },
    /// Another tab of this app shared them, with its measure of the clock drift (the same
    /// device clock, measured when the tokens were fresh).
    OtherTab {
        /// The sharing tab's drift.
        drift_secs: i64,
    },
}

/// What the glue must do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Set the wake-up timer for this device time (replacing any earlier one).
    WakeAt(UnixTime),
    /// Send the refresh request.
    StartRefresh,
    /// Hold the tokens that came with the event (replacing any held).
    UseTokens,
    /// Drop every token from memory.
    DropTokens,
    /// Share the tokens now held with the other tabs.
    ShareTokens,
    /// Tell the other tabs the session ended.
    AnnounceSignOut(SignOutReason),
    /// Tell the other tabs this refresh failed for a passing reason.
    AnnounceRefreshFailure {
        /// The HTTP status (0: no answer).
        status: u16,
    },
    /// Add this to the timeline (and telemetry).
    Record(Notice),
}

/// A line of the session timeline: what happened, typed, for people and for telemetry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Signed in through the hosted UI.
    SignedIn,
    /// Took over the session another tab shared.
    AdoptedFromTab,
    /// Handed the session to another tab that asked.
    HandedToTab,
    /// The next refresh is scheduled (device time).
    RefreshScheduled {
        /// When.
        at: UnixTime,
    },
    /// A refresh request started.
    RefreshStarted {
        /// Failed attempts before it.
        attempt: u32,
        /// What triggered it.
        cause: WakeCause,
    },
    /// The refresh succeeded.
    Refreshed {
        /// Whether Cognito rotated the refresh token.
        rotated: bool,
    },
    /// A refresh failed for a passing reason; the session is kept.
    RefreshFailed {
        /// The HTTP status (0: no answer).
        status: u16,
        /// When the next attempt is (device time).
        retry_at: UnixTime,
        /// Whether the failure was another tab's.
        elsewhere: bool,
    },
    /// Tokens were refused; the session is gone.
    Refused(String),
    /// The session ended.
    SignedOut(SignOutReason),
}

impl Notice {
    /// A stable name for telemetry: `refresh-started`, `signed-out`, …
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SignedIn => "signed-in",
            Self::AdoptedFromTab => "adopted-from-tab",
            Self::HandedToTab => "handed-to-tab",
            Self::RefreshScheduled { .. } => "refresh-scheduled",
            Self::RefreshStarted { .. } => "refresh-started",
            Self::Refreshed { .. } => "refreshed",
            Self::RefreshFailed { .. } => "refresh-failed",
            Self::Refused(_) => "refused",
            Self::SignedOut(_) => "signed-out",
        }
    }

    /// The line shown in the timeline. `at` is when it happened (device time).
    pub fn describe(&self, at: UnixTime) -> String {
        use crate::inspector::timefmt::format_duration;
        let wait = |t: UnixTime| format_duration(t.seconds_since(at).max(0));
        match self {
            Self::SignedIn => "Signed in through the hosted UI.".into(),
            Self::AdoptedFromTab => "Adopted the session from another tab.".into(),
            Self::HandedToTab => "Handed the session to another tab.".into(),
            Self::RefreshScheduled { at: due } => format!("Refresh scheduled in {}.", wait(*due)),
            Self::RefreshStarted { attempt, cause } => {
                let why = match cause {
                    WakeCause::Timer => "the refresh timer fired",
                    WakeCause::Visible => "the tab became visible",
                    WakeCause::Focus => "the window got focus",
                    WakeCause::Online => "the browser went online",
                    WakeCause::Resumed => "the page resumed after sleep",
                    WakeCause::TokenWanted => "a request needed a fresh token",
                    WakeCause::ApiRefused => "the API refused the ID token (401)",
                };
                if *attempt == 0 {
                    format!("Refreshing tokens: {why}.")
                } else {
                    format!("Refreshing tokens, retry {attempt}: {why}.")
                }
            }
            Self::Refreshed { rotated: true } => {
                "Tokens refreshed; Cognito rotated the refresh token.".into()
            }
            Self::Refreshed { rotated: false } => "Tokens refreshed.".into(),
            Self::RefreshFailed {
                status,
                retry_at,
                elsewhere,
            } => {
                let cause = if *status == 0 {
                    "no answer".to_owned()
                } else {
                    format!("HTTP {status}")
                };
                let whose = if *elsewhere { "Another tab's" } else { "The" };
                format!(
                    "{whose} refresh failed ({cause}); still signed in, retrying in {}.",
                    wait(*retry_at)
                )
            }
            Self::Refused(why) => format!("Tokens refused: {why}. Signed out."),
            Self::SignedOut(reason) => sign_out_text(reason).to_owned(),
        }
    }
}

/// The sentence shown for a sign-out reason.
pub fn sign_out_text(reason: &SignOutReason) -> &'static str {
    match reason {
        SignOutReason::UserSignedOut => "You signed out.",
        SignOutReason::SignedOutElsewhere => "You signed out in another tab.",
        SignOutReason::SessionEnded(_) => "Your session ended; sign in again.",
        SignOutReason::NoSessionFound => {
            "No open tab of the portal has a session. Tokens are kept in memory only, never \
             stored, so a new tab or a reload starts signed out unless another open tab shares \
             its session."
        }
    }
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
            generation: 0,
        }
    }

    /// Whether a caller about to use a token should wait for a refresh first (check on read).
    pub fn needs_refresh(&self, now: UnixTime) -> bool {
        match (&self.phase, self.times) {
            (Phase::SignedIn | Phase::Reconnecting { .. }, Some(times)) => {
                server_now(now, self.drift_secs) >= times.refresh_due()
            }
            _ => false,
        }
    }

    /// Whether the tokens held are past their expiry on Cognito's clock.
    pub fn expired(&self, now: UnixTime) -> bool {
        self.times
            .is_some_and(|times| server_now(now, self.drift_secs) >= times.expires())
    }

    /// Seconds until the earlier expiry, on Cognito's clock.
    pub fn secs_left(&self, now: UnixTime) -> Option<i64> {
        self.times.map(|times| {
            times
                .expires()
                .seconds_since(server_now(now, self.drift_secs))
        })
    }

    fn ended(&self, phase: Phase) -> Self {
        Self {
            phase,
            generation: self.generation + 1,
            ..Self::new()
        }
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// The transition function. `jitter` is a random number in `[0, 1)` for the retry backoff.
#[allow(
    clippy::too_many_lines,
    reason = "one match over every event keeps the rules side by side"
)]
pub fn step(
    session: &Session,
    event: Event,
    now: UnixTime,
    jitter: f64,
) -> (Session, Vec<Command>) {
    let mut next = session.clone();
    let mut commands = Vec::new();
    match event {
        Event::SignInStarted(route) => {
            if !session.phase.holds_tokens() {
                next.phase = Phase::SigningIn(route);
            }
        }
        Event::TokensReceived { times, source } => {
            if let (TokenSource::OtherTab { .. }, Some(held)) = (source, session.times) {
                if times.id_iat < held.id_iat && session.phase.holds_tokens() {
                    // A stale answer (a slow tab): what this tab holds is newer.
                    return (next, commands);
                }
            }
            next.drift_secs = match source {
                TokenSource::SignIn | TokenSource::Refresh { .. } => clock_drift(times.id_iat, now),
                TokenSource::OtherTab { drift_secs } => drift_secs,
            };
            next.times = Some(times);
            next.phase = Phase::SignedIn;
            next.generation = session.generation + 1;
            let due_local = UnixTime(times.refresh_due().0 - next.drift_secs);
            let earliest = session
                .last_attempt_at
                .map_or(due_local, |t| UnixTime(t.0 + MIN_RETRY_SECS));
            let at = due_local.max(earliest);
            next.refresh_at = Some(at);
            commands.push(Command::UseTokens);
            commands.push(Command::Record(match source {
                TokenSource::SignIn => Notice::SignedIn,
                TokenSource::Refresh { rotated } => Notice::Refreshed { rotated },
                TokenSource::OtherTab { .. } => Notice::AdoptedFromTab,
            }));
            if !matches!(source, TokenSource::OtherTab { .. }) {
                commands.push(Command::ShareTokens);
            }
            commands.push(Command::Record(Notice::RefreshScheduled { at }));
            commands.push(Command::WakeAt(at));
        }
        Event::Wake(cause) => match session.phase {
            Phase::SignedIn if session.refresh_at.is_some_and(|at| now >= at) => {
                next.phase = Phase::Refreshing { attempt: 0 };
                next.last_attempt_at = Some(now);
                commands.push(Command::Record(Notice::RefreshStarted {
                    attempt: 0,
                    cause,
                }));
                commands.push(Command::StartRefresh);
            }
            Phase::Reconnecting {
                attempt, retry_at, ..
            } if now >= retry_at => {
                next.phase = Phase::Refreshing { attempt };
                next.last_attempt_at = Some(now);
                commands.push(Command::Record(Notice::RefreshStarted { attempt, cause }));
                commands.push(Command::StartRefresh);
            }
            Phase::SignedIn => {
                if let Some(at) = session.refresh_at {
                    commands.push(Command::WakeAt(at));
                }
            }
            Phase::Reconnecting { retry_at, .. } => commands.push(Command::WakeAt(retry_at)),
            Phase::Refreshing { .. }
            | Phase::SignedOut { .. }
            | Phase::SigningIn(_)
            | Phase::Failed(_) => {}
        },
        Event::ForceRefresh => {
            let recent = session
                .last_attempt_at
                .is_some_and(|t| now.0 < t.0 + MIN_RETRY_SECS);
            if session.phase == Phase::SignedIn && !recent {
                next.phase = Phase::Refreshing { attempt: 0 };
                next.last_attempt_at = Some(now);
                commands.push(Command::Record(Notice::RefreshStarted {
                    attempt: 0,
                    cause: WakeCause::ApiRefused,
                }));
                commands.push(Command::StartRefresh);
            }
        }
        Event::RefreshFailed(RefreshFailure::SessionEnded(error)) => {
            if session.phase.holds_tokens() {
                let reason = SignOutReason::SessionEnded(error);
                next = session.ended(Phase::SignedOut {
                    reason: Some(reason.clone()),
                });
                commands.push(Command::DropTokens);
                commands.push(Command::AnnounceSignOut(reason.clone()));
                commands.push(Command::Record(Notice::SignedOut(reason)));
            }
        }
        Event::RefreshFailed(RefreshFailure::Transient { status }) => {
            if let Phase::Refreshing { attempt } = session.phase {
                next = reconnect(session, attempt, status, now, jitter, false, &mut commands);
                commands.insert(0, Command::AnnounceRefreshFailure { status });
            }
        }
        Event::RefreshFailedElsewhere { status } => {
            if let Phase::Refreshing { attempt } = session.phase {
                next = reconnect(session, attempt, status, now, jitter, true, &mut commands);
                next.generation = session.generation + 1;
            }
        }
        Event::Refused(error) => {
            if session.phase.holds_tokens() {
                commands.push(Command::DropTokens);
            }
            commands.push(Command::Record(Notice::Refused(error.to_string())));
            next = session.ended(Phase::Failed(error));
        }
        Event::SignOut(reason) => {
            let had_tokens = session.phase.holds_tokens();
            let applies = match reason {
                SignOutReason::UserSignedOut => true,
                // Only ends a sign-in that found nothing; a tab holding tokens keeps them.
                SignOutReason::NoSessionFound => !had_tokens,
                // Another tab's news matters only to a tab sharing the session.
                SignOutReason::SignedOutElsewhere | SignOutReason::SessionEnded(_) => had_tokens,
            };
            if applies {
                next = session.ended(Phase::SignedOut {
                    reason: Some(reason.clone()),
                });
                if had_tokens {
                    commands.push(Command::DropTokens);
                }
                if reason == SignOutReason::UserSignedOut {
                    commands.push(Command::AnnounceSignOut(reason.clone()));
                }
                commands.push(Command::Record(Notice::SignedOut(reason)));
            }
        }
    }
    (next, commands)
}

/// The move to [`Phase::Reconnecting`] after a passing failure: keep the tokens, back off.
fn reconnect(
    session: &Session,
    attempt: u32,
    status: u16,
    now: UnixTime,
    jitter: f64,
    elsewhere: bool,
    commands: &mut Vec<Command>,
) -> Session {
    let wait = backoff_secs(attempt, jitter).max(MIN_RETRY_SECS);
    let retry_at = UnixTime(now.0 + wait);
    commands.push(Command::Record(Notice::RefreshFailed {
        status,
        retry_at,
        elsewhere,
    }));
    commands.push(Command::WakeAt(retry_at));
    Session {
        phase: Phase::Reconnecting {
            attempt: attempt + 1,
            retry_at,
            status,
        },
        ..session.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMER: Event = Event::Wake(WakeCause::Timer);
    const REFRESHED: TokenSource = TokenSource::Refresh { rotated: false };

    /// Tokens issued at `iat` by Cognito's clock, living `life` seconds.
    fn times(iat: i64, life: i64) -> TokenTimes {
        TokenTimes {
            id_iat: UnixTime(iat),
            id_exp: UnixTime(iat + life),
            access_iat: UnixTime(iat),
            access_exp: UnixTime(iat + life),
        }
    }

    fn received(times: TokenTimes, source: TokenSource) -> Event {
        Event::TokensReceived { times, source }
    }

    fn signed_in(now: i64, tokens: TokenTimes) -> Session {
        step(
            &Session::new(),
            received(tokens, TokenSource::SignIn),
            UnixTime(now),
            0.0,
        )
        .0
    }

    /// The commands with effects (timers, requests, tokens), without timeline and channel ones.
    fn effects(commands: &[Command]) -> Vec<Command> {
        commands
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    Command::WakeAt(_)
                        | Command::StartRefresh
                        | Command::DropTokens
                        | Command::UseTokens
                )
            })
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
        let (next, commands) = step(session, TIMER, UnixTime(now), 0.0);
        assert_eq!(effects(&commands), [Command::StartRefresh]);
        next
    }

    #[test]
    fn sign_in_schedules_a_refresh_a_minute_before_expiry_and_shares_the_tokens() {
        let (session, commands) = step(
            &Session::new(),
            received(times(1_000, 3_600), TokenSource::SignIn),
            UnixTime(1_000),
            0.0,
        );
        assert_eq!(session.phase, Phase::SignedIn);
        assert_eq!(
            effects(&commands),
            [Command::UseTokens, Command::WakeAt(UnixTime(4_540))]
        );
        assert!(commands.contains(&Command::ShareTokens));
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
        let session = signed_in(1_000, times(1_000, 120));
        assert_eq!(session.refresh_at, Some(UnixTime(1_090)));
        assert_eq!(session.secs_left(UnixTime(1_090)), Some(30));
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
            assert!(!session.expired(UnixTime(4_599 + skew)));
            assert!(session.expired(UnixTime(4_600 + skew)));
        }
    }

    #[test]
    fn a_skewed_clock_refreshes_once_per_lifetime_not_in_a_loop() {
        // Ten minutes either way, 120 s tokens: one refresh per 90 s, however long it runs.
        for skew in [-600, 600] {
            let mut session = signed_in(1_000 + skew, times(1_000, 120));
            let mut requests = 0;
            for second in 1_000..=1_900 {
                let (next, commands) = step(&session, TIMER, UnixTime(second + skew), 0.0);
                session = next;
                if commands.contains(&Command::StartRefresh) {
                    requests += 1;
                    // Cognito answers at once with tokens issued on its own clock.
                    session = step(
                        &session,
                        received(times(second, 120), REFRESHED),
                        UnixTime(second + skew),
                        0.0,
                    )
                    .0;
                }
            }
            assert_eq!(requests, 10, "skew {skew}");
        }
    }

    #[test]
    fn a_wake_before_the_due_time_only_rearms_the_timer() {
        let session = signed_in(1_000, times(1_000, 3_600));
        for cause in [WakeCause::Visible, WakeCause::Focus, WakeCause::Online] {
            let (next, commands) = step(&session, Event::Wake(cause), UnixTime(2_000), 0.0);
            assert_eq!(next.phase, Phase::SignedIn);
            assert_eq!(commands, [Command::WakeAt(UnixTime(4_540))]);
        }
    }

    #[test]
    fn a_wake_after_the_due_time_refreshes_once() {
        // A tab that slept past expiry refreshes on resume, whatever woke it.
        let session = signed_in(1_000, times(1_000, 3_600));
        let (refreshing, commands) = step(
            &session,
            Event::Wake(WakeCause::Visible),
            UnixTime(9_000),
            0.0,
        );
        assert_eq!(refreshing.phase, Phase::Refreshing { attempt: 0 });
        assert_eq!(effects(&commands), [Command::StartRefresh]);
        assert_eq!(
            notices(&commands),
            [Notice::RefreshStarted {
                attempt: 0,
                cause: WakeCause::Visible
            }]
        );
        for cause in [WakeCause::TokenWanted, WakeCause::Timer, WakeCause::Resumed] {
            let (still, again) = step(&refreshing, Event::Wake(cause), UnixTime(9_001), 0.0);
            assert_eq!(still.phase, Phase::Refreshing { attempt: 0 });
            assert!(
                again.is_empty(),
                "a refresh in flight is never started twice"
            );
        }
    }

    #[test]
    fn a_successful_refresh_schedules_the_next_one() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let busy = refreshing(&session, 4_540);
        let (next, commands) = step(
            &busy,
            received(times(4_540, 3_600), TokenSource::Refresh { rotated: true }),
            UnixTime(4_541),
            0.0,
        );
        assert_eq!(next.phase, Phase::SignedIn);
        assert_eq!(next.generation, busy.generation + 1);
        assert_eq!(
            effects(&commands),
            [Command::UseTokens, Command::WakeAt(UnixTime(8_081))]
        );
        assert!(commands.contains(&Command::ShareTokens));
        assert_eq!(notices(&commands)[0], Notice::Refreshed { rotated: true });
    }

    #[test]
    fn tokens_that_are_already_due_cannot_cause_a_refresh_loop() {
        // A token whose whole life is shorter than the margin, or a clock gone wild.
        let session = signed_in(1_000, times(1_000, 3_600));
        let busy = refreshing(&session, 4_540);
        let (next, commands) = step(
            &busy,
            received(times(4_540, 2), REFRESHED),
            UnixTime(4_540),
            0.0,
        );
        assert_eq!(
            effects(&commands),
            [
                Command::UseTokens,
                Command::WakeAt(UnixTime(4_540 + MIN_RETRY_SECS))
            ]
        );
        assert_eq!(
            step(&next, TIMER, UnixTime(4_541), 0.0).1,
            [Command::WakeAt(UnixTime(4_545))]
        );
    }

    #[test]
    fn invalid_grant_ends_the_session_with_its_reason_in_every_tab() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let busy = refreshing(&session, 4_540);
        let error = OAuthError {
            code: "invalid_grant".into(),
            description: Some("Refresh Token has been revoked".into()),
        };
        let (next, commands) = step(
            &busy,
            Event::RefreshFailed(RefreshFailure::SessionEnded(error.clone())),
            UnixTime(4_541),
            0.0,
        );
        let reason = SignOutReason::SessionEnded(error);
        assert_eq!(
            next.phase,
            Phase::SignedOut {
                reason: Some(reason.clone())
            }
        );
        assert_eq!(next.times, None);
        assert_eq!(effects(&commands), [Command::DropTokens]);
        assert!(commands.contains(&Command::AnnounceSignOut(reason.clone())));
        assert_eq!(sign_out_text(&reason), "Your session ended; sign in again.");
        // The sibling told about it drops its tokens without a request of its own.
        let (sibling, commands) = step(
            &session,
            Event::SignOut(reason.clone()),
            UnixTime(4_541),
            0.0,
        );
        assert_eq!(
            sibling.phase,
            Phase::SignedOut {
                reason: Some(reason)
            }
        );
        assert_eq!(effects(&commands), [Command::DropTokens]);
    }

    #[test]
    fn outages_keep_the_session_and_back_off() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let mut state = refreshing(&session, 4_540);
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
            assert_eq!(effects(&commands), [Command::WakeAt(retry_at)]);
            assert!(commands.contains(&Command::AnnounceRefreshFailure { status: 503 }));
            assert!(next.times.is_some(), "tokens are kept while reconnecting");
            waits.push(retry_at.0 - now);
            now = retry_at.0;
            state = refreshing(&next, now);
        }
        assert_eq!(waits, [5, 5, 5, 5, 8, 16, 30, 30]);
        let (recovered, _) = step(
            &state,
            received(times(now, 3_600), REFRESHED),
            UnixTime(now),
            0.0,
        );
        assert_eq!(recovered.phase, Phase::SignedIn);
    }

    #[test]
    fn jitter_spreads_retries_within_the_cap() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let mut busy = refreshing(&session, 4_540);
        busy.phase = Phase::Refreshing { attempt: 9 };
        let retry = |jitter| {
            let (next, _) = step(
                &busy,
                Event::RefreshFailed(RefreshFailure::Transient { status: 0 }),
                UnixTime(5_000),
                jitter,
            );
            match next.phase {
                Phase::Reconnecting { retry_at, .. } => retry_at.0 - 5_000,
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(retry(0.0), 30);
        assert_eq!(retry(0.999), 59);
    }

    #[test]
    fn an_early_wake_while_reconnecting_waits_for_the_retry_time() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let busy = refreshing(&session, 4_540);
        let (reconnecting, _) = step(
            &busy,
            Event::RefreshFailed(RefreshFailure::Transient { status: 0 }),
            UnixTime(4_541),
            0.0,
        );
        let (same, commands) = step(
            &reconnecting,
            Event::Wake(WakeCause::TokenWanted),
            UnixTime(4_542),
            0.0,
        );
        assert_eq!(same, reconnecting);
        assert_eq!(commands, [Command::WakeAt(UnixTime(4_546))]);
        assert!(same.needs_refresh(UnixTime(4_542)));
        assert!(
            !same.expired(UnixTime(4_542)),
            "callers still get the held tokens"
        );
    }

    #[test]
    fn tokens_from_another_tab_are_adopted_instead_of_refreshing() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let busy = refreshing(&session, 4_540);
        let (adopted, commands) = step(
            &busy,
            received(times(4_550, 3_600), TokenSource::OtherTab { drift_secs: 0 }),
            UnixTime(4_551),
            0.0,
        );
        assert_eq!(adopted.phase, Phase::SignedIn);
        assert_ne!(
            adopted.generation, busy.generation,
            "the waiting refresh sees it"
        );
        assert_eq!(
            effects(&commands),
            [Command::UseTokens, Command::WakeAt(UnixTime(8_090))]
        );
        assert!(
            !commands.contains(&Command::ShareTokens),
            "adopted tokens are not echoed back"
        );
        assert_eq!(notices(&commands)[0], Notice::AdoptedFromTab);
    }

    #[test]
    fn a_new_tab_takes_the_sharing_tabs_clock_measure() {
        // Tokens issued 50 min ago: measuring drift from their iat now would be 50 min off.
        let asking = step(
            &Session::new(),
            Event::SignInStarted(SignInRoute::AskingTabs),
            UnixTime(4_000),
            0.0,
        )
        .0;
        assert_eq!(asking.phase, Phase::SigningIn(SignInRoute::AskingTabs));
        let (adopted, commands) = step(
            &asking,
            received(
                times(1_000, 3_600),
                TokenSource::OtherTab { drift_secs: -7 },
            ),
            UnixTime(4_000),
            0.0,
        );
        assert_eq!(adopted.drift_secs, -7);
        assert_eq!(
            effects(&commands),
            [Command::UseTokens, Command::WakeAt(UnixTime(4_547))]
        );
    }

    #[test]
    fn older_tokens_from_another_tab_are_ignored() {
        let session = signed_in(2_000, times(2_000, 3_600));
        for iat in [1_000, 1_999] {
            let (same, commands) = step(
                &session,
                received(times(iat, 3_600), TokenSource::OtherTab { drift_secs: 0 }),
                UnixTime(2_100),
                0.0,
            );
            assert_eq!(same, session);
            assert!(commands.is_empty());
        }
    }

    #[test]
    fn another_tabs_failed_refresh_makes_a_waiting_refresh_back_off_without_a_request() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let busy = refreshing(&session, 4_540);
        let (next, commands) = step(
            &busy,
            Event::RefreshFailedElsewhere { status: 500 },
            UnixTime(4_541),
            0.0,
        );
        assert!(matches!(
            next.phase,
            Phase::Reconnecting { status: 500, .. }
        ));
        assert_ne!(
            next.generation, busy.generation,
            "the waiting refresh sees it"
        );
        assert!(!commands.contains(&Command::StartRefresh));
        assert!(!commands
            .iter()
            .any(|c| matches!(c, Command::AnnounceRefreshFailure { .. })));
        // A tab not refreshing ignores it.
        assert_eq!(
            step(
                &session,
                Event::RefreshFailedElsewhere { status: 500 },
                UnixTime(4_541),
                0.0
            )
            .1,
            []
        );
    }

    #[test]
    fn signing_out_here_is_announced_and_signing_out_elsewhere_is_not() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (mine, commands) = step(
            &session,
            Event::SignOut(SignOutReason::UserSignedOut),
            UnixTime(2_000),
            0.0,
        );
        assert_eq!(
            mine.phase,
            Phase::SignedOut {
                reason: Some(SignOutReason::UserSignedOut)
            }
        );
        assert_eq!(effects(&commands), [Command::DropTokens]);
        assert!(commands.contains(&Command::AnnounceSignOut(SignOutReason::UserSignedOut)));
        assert!(!mine.needs_refresh(UnixTime(99_999)));

        let (theirs, commands) = step(
            &session,
            Event::SignOut(SignOutReason::SignedOutElsewhere),
            UnixTime(2_000),
            0.0,
        );
        assert_eq!(
            theirs.phase,
            Phase::SignedOut {
                reason: Some(SignOutReason::SignedOutElsewhere)
            }
        );
        assert_eq!(effects(&commands), [Command::DropTokens]);
        assert!(!commands
            .iter()
            .any(|c| matches!(c, Command::AnnounceSignOut(_))));
    }

    #[test]
    fn news_from_other_tabs_does_not_disturb_a_tab_without_the_session() {
        let fresh = Session::new();
        for event in [
            Event::SignOut(SignOutReason::SignedOutElsewhere),
            TIMER,
            Event::RefreshFailed(RefreshFailure::Transient { status: 500 }),
            Event::RefreshFailedElsewhere { status: 500 },
        ] {
            assert_eq!(
                step(&fresh, event, UnixTime(1), 0.0),
                (fresh.clone(), vec![])
            );
        }
    }

    #[test]
    fn finding_no_session_ends_the_sign_in_but_never_a_session_already_adopted() {
        let asking = step(
            &Session::new(),
            Event::SignInStarted(SignInRoute::AskingTabs),
            UnixTime(1_000),
            0.0,
        )
        .0;
        let (none, commands) = step(
            &asking,
            Event::SignOut(SignOutReason::NoSessionFound),
            UnixTime(1_001),
            0.0,
        );
        assert_eq!(
            none.phase,
            Phase::SignedOut {
                reason: Some(SignOutReason::NoSessionFound)
            }
        );
        assert!(effects(&commands).is_empty());
        let adopted = step(
            &asking,
            received(times(1_000, 3_600), TokenSource::OtherTab { drift_secs: 0 }),
            UnixTime(1_000),
            0.0,
        )
        .0;
        let (kept, commands) = step(
            &adopted,
            Event::SignOut(SignOutReason::NoSessionFound),
            UnixTime(1_001),
            0.0,
        );
        assert_eq!(kept, adopted);
        assert!(commands.is_empty());
    }

    #[test]
    fn refused_tokens_fail_the_session_and_drop_what_was_held() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let busy = refreshing(&session, 4_540);
        let error = AuthError::Claims(crate::verify::claims::ClaimsError::Missing { claim: "sub" });
        let (failed, commands) = step(&busy, Event::Refused(error.clone()), UnixTime(4_541), 0.0);
        assert_eq!(failed.phase, Phase::Failed(error));
        assert_eq!(failed.times, None);
        assert_eq!(effects(&commands), [Command::DropTokens]);
        assert!(matches!(notices(&commands)[0], Notice::Refused(_)));
        // A failed tab signs in again like any other.
        let (again, _) = step(
            &failed,
            received(times(5_000, 3_600), TokenSource::SignIn),
            UnixTime(5_000),
            0.0,
        );
        assert_eq!(again.phase, Phase::SignedIn);
    }

    #[test]
    fn a_sign_in_never_replaces_a_held_session_with_signing_in() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (same, _) = step(
            &session,
            Event::SignInStarted(SignInRoute::AskingTabs),
            UnixTime(1_001),
            0.0,
        );
        assert_eq!(same.phase, Phase::SignedIn);
    }

    #[test]
    fn a_401_forces_one_refresh_but_never_a_loop() {
        let session = signed_in(1_000, times(1_000, 3_600));
        let (busy, commands) = step(&session, Event::ForceRefresh, UnixTime(1_010), 0.0);
        assert_eq!(busy.phase, Phase::Refreshing { attempt: 0 });
        assert_eq!(effects(&commands), [Command::StartRefresh]);
        let (fresh, _) = step(
            &busy,
            received(times(1_010, 3_600), REFRESHED),
            UnixTime(1_011),
            0.0,
        );
        // Refused again at once: no second forced refresh within the guard.
        let (same, commands) = step(&fresh, Event::ForceRefresh, UnixTime(1_012), 0.0);
        assert_eq!(same, fresh);
        assert!(commands.is_empty());
        // A refresh in flight is not started twice either.
        assert!(step(&busy, Event::ForceRefresh, UnixTime(1_100), 0.0)
            .1
            .is_empty());
    }

    #[test]
    fn notices_read_as_plain_sentences() {
        let at = UnixTime(1_000);
        assert_eq!(
            Notice::RefreshScheduled {
                at: UnixTime(1_090)
            }
            .describe(at),
            "Refresh scheduled in 1 min."
        );
        assert_eq!(
            Notice::RefreshFailed {
                status: 0,
                retry_at: UnixTime(1_005),
                elsewhere: false
            }
            .describe(at),
            "The refresh failed (no answer); still signed in, retrying in 5 s."
        );
        assert_eq!(
            Notice::RefreshStarted {
                attempt: 2,
                cause: WakeCause::Online
            }
            .describe(at),
            "Refreshing tokens, retry 2: the browser went online."
        );
        assert_eq!(
            Notice::SignedOut(SignOutReason::SignedOutElsewhere).describe(at),
            "You signed out in another tab."
        );
    }
}
