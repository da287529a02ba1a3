//! The session lifecycle as a pure state machine that owns the tokens:
//! `step(state, event, now, random) -> (state, commands)` (the transition function is in
//! [`mod@crate::session::step`]).
//!
//! The tokens live inside the phases that hold them ([`Phase::SignedIn`], [`Phase::Refreshing`],
//! [`Phase::Reconnecting`]); whatever a view shows is derived from this one value. An answer
//! (the code exchange, a refresh, another tab) is taken only if it is what the machine is waiting
//! for: a refresh answer carries the ticket of the refresh that asked, a tab's answer the id of
//! this tab's request. Anything else is dropped and recorded, so a late refresh after "Sign out"
//! cannot bring the session back.

use crate::error::{AuthError, OAuthError};
use crate::protocol::http::HttpStatus;
use crate::session::clock::Drift;
use crate::session::tab_message::RequestId;
use crate::session::tokens::VerifiedTokens;

pub use crate::session::event::{Command, Event, TokenSource, WakeCause};
use crate::time::UnixTime;
use std::sync::Arc;

/// A new refresh is never scheduled sooner than this after the last one, whatever the token
/// lifetimes say: the guard against refresh loops.
pub const MIN_RETRY_SECS: i64 = 5;

/// The tokens a phase holds, shared with the views without copying.
pub type Held = Arc<VerifiedTokens>;

/// Why there is no session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignOutReason {
    /// The user chose Sign out.
    UserSignedOut,
    /// The user signed out in another tab.
    SignedOutElsewhere,
    /// Cognito refused the refresh token (revoked or expired), or no tab could hand over a
    /// current one: "Your session ended; sign in again".
    SessionEnded(OAuthError),
    /// No tab had a session and no silent sign-in was possible: tokens live in memory only, so a
    /// reload without another open tab starts signed out.
    NoSessionFound,
    /// The user chose "Sign out of every device" (`GlobalSignOut`): every refresh token of the
    /// user is revoked. `in_other_tab` when another tab says so (untrusted: it only ends a
    /// session here, never navigates or revokes).
    SignedOutEverywhere {
        /// Whether another tab reported it (rather than this tab's own call).
        in_other_tab: bool,
    },
    /// The user deleted their account (`DeleteUser`). `in_other_tab` as above.
    AccountDeleted {
        /// Whether another tab reported it (rather than this tab's own call).
        in_other_tab: bool,
    },
}

/// How a sign-in is under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignInRoute {
    /// Finding out whether another tab holds a session (its holder lock), before asking.
    LookingForHolders,
    /// Asking the other open tabs for their session; only an answer to `request` is taken.
    AskingTabs {
        /// This tab's request id.
        request: RequestId,
    },
    /// Exchanging the authorization code from the hosted UI.
    Callback,
    /// A top-level `prompt=none` round trip to the hosted UI.
    Silent,
}

/// How a refresh is under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshRoute {
    /// A `grant_type=refresh_token` request; only its answer (same ticket) is taken.
    Cognito {
        /// This refresh's ticket.
        ticket: u64,
    },
    /// The refresh token held is stale (another tab rotated it): asking the tabs for the
    /// current session instead; only an answer to `request` is taken.
    AskingTabs {
        /// This tab's request id.
        request: RequestId,
    },
}

/// Where the session stands. The phases that hold tokens carry them.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// No tokens; `reason` is `None` for a tab that never had a session.
    SignedOut {
        /// Why, when there was a session.
        reason: Option<SignOutReason>,
    },
    /// A sign-in is under way; no tokens yet.
    SigningIn(SignInRoute),
    /// Tokens held and fresh enough.
    SignedIn {
        /// The tokens.
        tokens: Held,
    },
    /// A refresh is in flight; the tokens held stay usable until they expire.
    Refreshing {
        /// The tokens held.
        tokens: Held,
        /// Failed attempts before this one.
        attempt: u32,
        /// How.
        route: RefreshRoute,
    },
    /// The last refresh failed for a passing reason; tokens are kept and a retry is scheduled.
    Reconnecting {
        /// The tokens held (possibly expired by now: they are then never handed out).
        tokens: Held,
        /// Failed attempts so far.
        attempt: u32,
        /// When to retry (device clock).
        retry_at: UnixTime,
        /// What the last attempt got.
        cause: HttpStatus,
        /// The ticket of this tab's own refresh request that may still be out, when another
        /// tab's failure (not this request's) brought the tab here: its answer is still taken.
        in_flight: Option<u64>,
    },
    /// The user signed out: tokens dropped, revocation and Cognito's `/logout` under way.
    SigningOut,
    /// Tokens were refused (a failed sign-in, a refreshed token failing its checks); none held.
    Failed(AuthError),
}

impl Phase {
    /// The tokens this phase holds, if any.
    pub fn tokens(&self) -> Option<&Held> {
        match self {
            Self::SignedIn { tokens }
            | Self::Refreshing { tokens, .. }
            | Self::Reconnecting { tokens, .. } => Some(tokens),
            _ => None,
        }
    }

    /// Whether tokens are held in this phase.
    pub fn holds_tokens(&self) -> bool {
        self.tokens().is_some()
    }

    /// Whether a refresh, or the search for another tab's session, is in flight: callers
    /// needing a token wait for it to end.
    pub fn in_flight(&self) -> bool {
        matches!(
            self,
            Self::Refreshing { .. }
                | Self::SigningIn(SignInRoute::AskingTabs { .. } | SignInRoute::LookingForHolders)
        )
    }

    /// Whether this tab is still finding a session in the other tabs (looking for a holder, or
    /// asking): news from the tabs concerns it.
    pub fn finding_session(&self) -> bool {
        matches!(
            self,
            Self::SigningIn(SignInRoute::AskingTabs { .. } | SignInRoute::LookingForHolders)
        )
    }
}

/// The whole state of one tab's session.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// The phase, with the tokens when it holds them.
    pub phase: Phase,
    /// Cognito's clock minus this device's, measured by this tab from its own token requests.
    pub drift: Drift,
    /// When the next refresh is due (device clock).
    pub refresh_at: Option<UnixTime>,
    /// When the last refresh attempt started (device clock), for the loop guard.
    pub last_attempt_at: Option<UnixTime>,
    /// Bumped whenever tokens arrive, the session ends, or another tab reports its refresh
    /// failed: a refresh waiting for the cross-tab lock compares it to learn that a sibling
    /// already acted.
    pub generation: u64,
    /// The ticket of the last refresh started.
    pub ticket: u64,
    /// Messages from other tabs dropped so far.
    pub dropped_messages: u32,
}

/// What a caller that needs a token gets now.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenAccess {
    /// Fresh tokens: use them.
    Ready(Held),
    /// A refresh is due: ask for it ([`WakeCause::TokenWanted`]), then ask again.
    RefreshFirst,
    /// A refresh or sign-in is in flight: wait for it, then ask again.
    Wait,
    /// No usable tokens.
    Unavailable(AuthError),
}

impl Session {
    /// A tab without a session.
    pub fn new() -> Self {
        Self {
            phase: Phase::SignedOut { reason: None },
            drift: Drift::ZERO,
            refresh_at: None,
            last_attempt_at: None,
            generation: 0,
            ticket: 0,
            dropped_messages: 0,
        }
    }

    /// The tokens held, if any.
    pub fn tokens(&self) -> Option<&Held> {
        self.phase.tokens()
    }

    /// Cognito's time now, given this device's.
    pub fn server_now(&self, now: UnixTime) -> UnixTime {
        self.drift.server_now(now)
    }

    /// Whether the tokens held are past their expiry on Cognito's clock.
    pub fn expired(&self, now: UnixTime) -> bool {
        self.tokens()
            .is_some_and(|t| self.server_now(now) >= t.times.expires())
    }

    /// Seconds until the earlier expiry, on Cognito's clock.
    pub fn secs_left(&self, now: UnixTime) -> Option<i64> {
        self.tokens()
            .map(|t| t.times.expires().seconds_since(self.server_now(now)))
    }

    /// The check on read: what a caller that needs a token gets now. Never an expired token:
    /// `refresh_asked` says the caller already asked for a refresh, so a due token that is still
    /// valid is handed out rather than asked for again.
    pub fn tokens_for_use(&self, now: UnixTime, refresh_asked: bool) -> TokenAccess {
        let expired = self.expired(now);
        match &self.phase {
            Phase::SignedIn { tokens } => {
                let due = self.refresh_at.is_some_and(|at| now >= at);
                if due && !refresh_asked {
                    TokenAccess::RefreshFirst
                } else if expired {
                    TokenAccess::Unavailable(AuthError::Reconnecting {
                        retry_at: self.refresh_at.unwrap_or(now),
                    })
                } else {
                    TokenAccess::Ready(Arc::clone(tokens))
                }
            }
            phase if phase.in_flight() => TokenAccess::Wait,
            Phase::Reconnecting {
                tokens, retry_at, ..
            } => {
                if expired {
                    TokenAccess::Unavailable(AuthError::Reconnecting {
                        retry_at: *retry_at,
                    })
                } else {
                    TokenAccess::Ready(Arc::clone(tokens))
                }
            }
            _ => TokenAccess::Unavailable(AuthError::NotSignedIn),
        }
    }

    /// Whether the machine is waiting for tokens from `source` right now: the glue asks before
    /// spending a signature check on a message nobody waits for.
    pub fn waits_for(&self, source: &TokenSource) -> bool {
        match (source, &self.phase) {
            (TokenSource::SignIn, Phase::SigningIn(SignInRoute::Callback)) => true,
            (
                TokenSource::Refresh { ticket },
                Phase::Refreshing {
                    route: RefreshRoute::Cognito { ticket: waiting },
                    ..
                },
            ) => ticket == waiting,
            // Another tab's failure sent this tab to reconnecting while its own request was
            // already out: its answer still counts (with rotation it carries the only current
            // refresh token).
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

    /// The state after the session ended in `phase`: nothing held, the drift measure kept.
    pub(crate) fn ended(&self, phase: Phase) -> Self {
        Self {
            phase,
            drift: self.drift,
            generation: self.generation.saturating_add(1),
            ticket: self.ticket,
            dropped_messages: self.dropped_messages,
            ..Self::new()
        }
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

/// The randomness a step may need, drawn by the glue: a jitter in `[0, 1)` for the backoff and
/// a fresh request id in case the step asks the other tabs.
#[derive(Clone, Debug)]
pub struct Random {
    /// Spreads retries.
    pub jitter: f64,
    /// A fresh, unguessable request id.
    pub request: RequestId,
}
