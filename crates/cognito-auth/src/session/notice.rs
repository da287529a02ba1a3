//! The words of the session: each timeline line, each sign-out reason and each phase, written
//! once here for every view (header badge, Session page, home page, telemetry).

use crate::inspector::timefmt::format_duration;
use crate::protocol::http::HttpStatus;
use crate::session::machine::{
    Phase, RefreshRoute, Session, SignInRoute, SignOutReason, WakeCause,
};
use crate::time::UnixTime;

/// A line of the session timeline: what happened, typed, for people and for telemetry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Signed in through the hosted UI.
    SignedIn,
    /// Took over the session another tab handed over in answer to this tab's request.
    AdoptedFromTab,
    /// Handed the session to another tab that asked.
    HandedToTab,
    /// A page load found no other tab holding a session: signed out at once, nobody asked.
    NoTabHoldsSession,
    /// A page load asks the other tabs for their session.
    AskingTabsForSession {
        /// Whether another tab's holder lock was seen (`false`: the browser cannot tell).
        holder_seen: bool,
    },
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
    /// The refresh token held is stale (rotated in another tab): asking the tabs instead.
    AskingTabsForRotatedToken,
    /// The refresh succeeded.
    Refreshed {
        /// Whether Cognito returned a new refresh token (not the same one again).
        rotated: bool,
    },
    /// Another tab refreshed and shared the new tokens.
    RefreshedElsewhere {
        /// Whether its refresh rotated the refresh token.
        rotated: bool,
    },
    /// A refresh failed for a passing reason; the session is kept.
    RefreshFailed {
        /// What the attempt got.
        cause: HttpStatus,
        /// When the next attempt is (device time).
        retry_at: UnixTime,
        /// Whether the failure was another tab's.
        elsewhere: bool,
    },
    /// Tokens from the token endpoint were refused; the session is gone.
    Refused(String),
    /// A session from another tab failed the verifier and was not taken.
    TabSessionRefused(String),
    /// A message from another tab was dropped.
    TabMessageDropped {
        /// Why, in words.
        reason: String,
        /// How many so far.
        count: u32,
    },
    /// An answer arrived after the session moved on (a refresh answer after sign-out).
    LateAnswerDropped {
        /// What it was.
        what: &'static str,
    },
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
            Self::NoTabHoldsSession => "no-tab-holds-session",
            Self::AskingTabsForSession { .. } => "asking-tabs-for-session",
            Self::RefreshScheduled { .. } => "refresh-scheduled",
            Self::RefreshStarted { .. } => "refresh-started",
            Self::AskingTabsForRotatedToken => "asking-tabs",
            Self::Refreshed { .. } => "refreshed",
            Self::RefreshedElsewhere { .. } => "refreshed-elsewhere",
            Self::RefreshFailed { .. } => "refresh-failed",
            Self::Refused(_) => "refused",
            Self::TabSessionRefused(_) => "tab-session-refused",
            Self::TabMessageDropped { .. } => "tab-message-dropped",
            Self::LateAnswerDropped { .. } => "late-answer-dropped",
            Self::SignedOut(_) => "signed-out",
        }
    }

    /// The line shown in the timeline. `at` is when it happened (device time).
    pub fn describe(&self, at: UnixTime) -> String {
        let wait = |t: UnixTime| format_duration(t.seconds_since(at).max(0));
        match self {
            Self::SignedIn => "Signed in through the hosted UI.".into(),
            Self::AdoptedFromTab => "Adopted the session from another tab.".into(),
            Self::HandedToTab => "Handed the session to another tab.".into(),
            Self::NoTabHoldsSession => {
                "No other tab holds a session: nobody to ask, signed out at once.".into()
            }
            Self::AskingTabsForSession { holder_seen: true } => {
                "Another tab holds a session: asking the tabs for it.".into()
            }
            Self::AskingTabsForSession { holder_seen: false } => {
                "This browser cannot tell whether another tab holds a session: asking the tabs."
                    .into()
            }
            Self::RefreshScheduled { at: due } => format!("Refresh scheduled in {}.", wait(*due)),
            Self::RefreshStarted { attempt, cause } => {
                let why = wake_text(*cause);
                if *attempt == 0 {
                    format!("Refreshing tokens: {why}.")
                } else {
                    format!("Refreshing tokens, retry {attempt}: {why}.")
                }
            }
            Self::AskingTabsForRotatedToken => {
                "Another tab rotated the refresh token: asking it for the current one.".into()
            }
            Self::Refreshed { rotated: true } => {
                "Tokens refreshed; Cognito rotated the refresh token.".into()
            }
            Self::Refreshed { rotated: false } => "Tokens refreshed.".into(),
            Self::RefreshedElsewhere { rotated } => format!(
                "Another tab refreshed the tokens{}.",
                if *rotated {
                    "; Cognito rotated the refresh token"
                } else {
                    ""
                }
            ),
            Self::RefreshFailed {
                cause,
                retry_at,
                elsewhere,
            } => {
                let whose = if *elsewhere { "Another tab's" } else { "The" };
                format!(
                    "{whose} refresh failed ({cause}); still signed in, retrying in {}.",
                    wait(*retry_at)
                )
            }
            Self::Refused(why) => format!("Tokens refused: {why}. Signed out."),
            Self::TabSessionRefused(why) => {
                format!("Refused a session from another tab: {why}.")
            }
            Self::TabMessageDropped { reason, count } => {
                format!("Dropped a message from another tab ({reason}); {count} so far.")
            }
            Self::LateAnswerDropped { what } => {
                format!("Dropped {what} that arrived after the session had moved on.")
            }
            Self::SignedOut(reason) => sign_out_text(reason).to_owned(),
        }
    }
}

fn wake_text(cause: WakeCause) -> &'static str {
    match cause {
        WakeCause::Timer => "the refresh timer fired",
        WakeCause::Visible => "the tab became visible",
        WakeCause::Focus => "the window got focus",
        WakeCause::Online => "the browser went online",
        WakeCause::Resumed => "the page resumed after sleep",
        WakeCause::TokenWanted => "a request needed a fresh token",
        WakeCause::ApiRefused => "the API refused the ID token (401)",
    }
}

/// [`sign_out_text`] of this tab's own "Sign out of every device" (also read by the landing,
/// from the marker, without the other sentences: it is in the first load).
pub const SIGNED_OUT_EVERYWHERE_TEXT: &str = "You signed out of every device: Cognito revoked \
     this account's access and refresh tokens at once. ID tokens already issued pass the API \
     until they expire.";

/// [`sign_out_text`] of this tab's own "Delete my account" (as above).
pub const ACCOUNT_DELETED_TEXT: &str =
    "Your account was deleted. It can no longer sign in, and nothing of it is kept here.";

/// [`sign_out_text`] when no tab had a session (the landing's general words).
pub const NO_SESSION_FOUND_TEXT: &str = "No open tab of the portal has a session. Tokens are \
     kept in memory only, never stored, so a new tab or a reload starts signed out unless \
     another open tab shares its session.";

/// The sentence shown for a sign-out reason.
pub fn sign_out_text(reason: &SignOutReason) -> &'static str {
    match reason {
        SignOutReason::UserSignedOut => "You signed out.",
        SignOutReason::SignedOutElsewhere => "You signed out in another tab.",
        SignOutReason::SessionEnded(_) => "Your session ended; sign in again.",
        SignOutReason::SignedOutEverywhere {
            in_other_tab: false,
        } => SIGNED_OUT_EVERYWHERE_TEXT,
        SignOutReason::SignedOutEverywhere { in_other_tab: true } => {
            "You signed out of every device, in another tab."
        }
        SignOutReason::AccountDeleted {
            in_other_tab: false,
        } => ACCOUNT_DELETED_TEXT,
        SignOutReason::AccountDeleted { in_other_tab: true } => {
            "Your account was deleted, in another tab."
        }
        SignOutReason::NoSessionFound => NO_SESSION_FOUND_TEXT,
    }
}

/// The Session page's sentence for a phase.
pub fn phase_sentence(phase: &Phase, now: UnixTime) -> String {
    match phase {
        Phase::SignedIn { .. } => "Signed in.".to_owned(),
        Phase::Refreshing {
            route: RefreshRoute::AskingTabs { .. },
            ..
        } => "Asking the other tabs for the refresh token they rotated…".to_owned(),
        Phase::Refreshing { .. } => "Refreshing the tokens…".to_owned(),
        Phase::Reconnecting {
            retry_at,
            cause,
            attempt,
            ..
        } => format!(
            "Reconnecting: the refresh failed ({}). Still signed in; retry {} in {}.",
            match cause {
                HttpStatus::NoAnswer(_) => "no answer from Cognito".to_owned(),
                HttpStatus::Answered(status) => format!("HTTP {status}"),
            },
            attempt.saturating_add(1),
            format_duration(retry_at.seconds_since(now).max(0))
        ),
        Phase::SigningIn(SignInRoute::AskingTabs { .. } | SignInRoute::LookingForHolders) => {
            "Checking your other tabs for a session…".to_owned()
        }
        Phase::SigningIn(_) => "Signing in…".to_owned(),
        Phase::SignedOut { reason: None } => "Signed out.".to_owned(),
        Phase::SignedOut {
            reason: Some(reason),
        } => sign_out_text(reason).to_owned(),
        Phase::SigningOut => "Signing out…".to_owned(),
        Phase::Failed(_) => "Signed out: the last tokens were refused.".to_owned(),
    }
}

/// The header badge: a tone (`ok`, `busy`, `warn`, `off`, for styling) and a short text.
pub fn badge(session: &Session, now: UnixTime) -> (&'static str, String) {
    let left = session
        .secs_left(now)
        .map(|s| {
            if s > 0 {
                format!("{} left", format_duration(s))
            } else {
                "expired".to_owned()
            }
        })
        .unwrap_or_default();
    match &session.phase {
        Phase::SignedIn { .. } => {
            let next = session
                .refresh_at
                .map(|at| {
                    format!(
                        " · refresh in {}",
                        format_duration(at.seconds_since(now).max(0))
                    )
                })
                .unwrap_or_default();
            ("ok", format!("Signed in · {left}{next}"))
        }
        Phase::Refreshing { .. } => ("busy", format!("Refreshing… · {left}")),
        Phase::Reconnecting { retry_at, .. } => (
            "warn",
            format!(
                "Reconnecting · retry in {} · {left}",
                format_duration(retry_at.seconds_since(now).max(0))
            ),
        ),
        Phase::SigningIn(_) => ("busy", "Signing in…".to_owned()),
        Phase::SigningOut => ("busy", "Signing out…".to_owned()),
        Phase::SignedOut { .. } | Phase::Failed(_) => ("off", "Signed out".to_owned()),
    }
}

/// The drift in words, for the Session and Tokens pages.
pub fn drift_text(drift: crate::session::clock::Drift) -> String {
    match drift.secs() {
        d if d.abs() < 2 => "none measured".to_owned(),
        d if d > 0 => format!(
            "this device is {} behind Cognito; timing uses Cognito's clock",
            format_duration(d)
        ),
        d => format!(
            "this device is {} ahead of Cognito; timing uses Cognito's clock",
            format_duration(d)
        ),
    }
}

/// The phases a person is told about through the portal's one live region (issue #14): a change
/// from one of these to another is spoken once; anything else (a countdown, a retry inside an
/// outage, a new schedule) is not, so a screen reader is not interrupted every second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heard {
    /// Signed in with tokens (`SignedIn`).
    SignedIn,
    /// The first attempt of a refresh.
    Refreshing,
    /// A refresh failed and is retried, including each retry's own attempt.
    Reconnecting,
    /// A sign-in under way.
    SigningIn,
    /// "Sign out" under way.
    SigningOut,
    /// No tokens (signed out, or the last tokens were refused).
    SignedOut,
}

impl Heard {
    /// The kind of `phase` a person is told about.
    pub fn of(phase: &Phase) -> Self {
        match phase {
            Phase::SignedIn { .. } => Self::SignedIn,
            Phase::Refreshing { attempt: 0, .. } => Self::Refreshing,
            Phase::Refreshing { .. } | Phase::Reconnecting { .. } => Self::Reconnecting,
            Phase::SigningIn(_) => Self::SigningIn,
            Phase::SigningOut => Self::SigningOut,
            Phase::SignedOut { .. } | Phase::Failed(_) => Self::SignedOut,
        }
    }

    /// What the live region remembers having heard after `phase`, when it had heard `before`.
    /// Until the session first settles (the page starts looking for a session, or exchanging a
    /// code), nothing is remembered: the page itself then says where the session stands, and
    /// remembering "signing in" would make the settled phase a change, spoken at page start.
    pub fn after(before: Option<Heard>, phase: &Phase) -> Option<Heard> {
        match (before, Self::of(phase)) {
            (None, Self::SigningIn) => None,
            (_, heard) => Some(heard),
        }
    }
}

/// What the live region says on arriving in `phase` when the last phase spoken of was `before`
/// (`None`: the page just started, and the page itself says where the session stands). `None`
/// when nothing is worth saying. No sentence carries a time: it would be stale when read.
pub fn announcement(before: Option<Heard>, phase: &Phase) -> Option<String> {
    let heard = Heard::of(phase);
    let before = before?;
    if before == heard {
        return None;
    }
    Some(match (heard, phase) {
        (Heard::SignedIn, _) if matches!(before, Heard::Refreshing | Heard::Reconnecting) => {
            "Tokens refreshed. Still signed in.".to_owned()
        }
        (Heard::SigningIn, _) => return None,
        (Heard::Reconnecting, Phase::Reconnecting { cause, .. }) => format!(
            "Reconnecting: the refresh failed ({}). Still signed in; the portal retries by itself.",
            match cause {
                HttpStatus::NoAnswer(_) => "no answer from Cognito".to_owned(),
                HttpStatus::Answered(status) => format!("HTTP {status}"),
            }
        ),
        // The other phases' sentences carry no time: the Session page's words.
        _ => phase_sentence(phase, UnixTime(0)),
    })
}
