//! What happens to a session ([`Event`]) and what the glue must do about it ([`Command`]).

use crate::error::AuthError;
use crate::protocol::http::HttpStatus;
use crate::protocol::secret::RefreshToken;
use crate::session::machine::SignInRoute;
use crate::session::machine::SignOutReason;
use crate::session::presence::Holders;
use crate::session::refresh::RefreshFailure;
use crate::session::tab_message::{DropReason, RequestId};
use crate::session::tokens::Accepted;
use crate::time::UnixTime;

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

/// Where verified (or refused) tokens came from: what the machine must be waiting for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// The authorization-code exchange.
    SignIn,
    /// This tab's refresh with this ticket.
    Refresh {
        /// The ticket of the refresh that asked.
        ticket: u64,
    },
    /// Another tab's answer to this tab's request.
    TabAnswer {
        /// The request answered.
        request: RequestId,
    },
    /// Another tab's announcement of its refresh, for the user this tab holds.
    TabRefreshed,
}

/// Something that happened.
#[derive(Debug, PartialEq)]
pub enum Event {
    /// A page load (not the callback): find out whether another tab holds a session.
    FindSession,
    /// What the held Web Locks say about the other tabs ([`Command::FindHolders`]).
    HoldersFound(Holders),
    /// A sign-in through the hosted UI started (callback exchange, or silent round trip).
    SignInStarted(SignInRoute),
    /// Tokens passed the verifier.
    TokensVerified {
        /// The tokens, and the drift measured from them when this tab requested them.
        accepted: Box<Accepted>,
        /// Where they came from.
        source: TokenSource,
    },
    /// Tokens failed the verifier.
    TokensRefused {
        /// Why.
        error: AuthError,
        /// Where they came from.
        source: TokenSource,
    },
    /// The page woke up.
    Wake(WakeCause),
    /// The API refused the ID token (401): refresh now, due or not, unless a refresh started
    /// less than [`crate::session::machine::MIN_RETRY_SECS`] ago (then the caller gives up instead of looping).
    ForceRefresh,
    /// This tab's refresh with `ticket` failed.
    RefreshFailed {
        /// The ticket of the refresh.
        ticket: u64,
        /// How.
        failure: RefreshFailure,
    },
    /// Another tab's refresh failed for a passing reason (its lock was ahead of ours).
    RefreshFailedElsewhere {
        /// What it got.
        cause: HttpStatus,
    },
    /// Nobody answered this tab's request in time.
    NoTabAnswered {
        /// The request.
        request: RequestId,
    },
    /// Another tab asks for the session.
    TabAsked {
        /// Its request id.
        request: RequestId,
    },
    /// Another tab signed in: a tab without a session asks for it.
    SignedInElsewhere,
    /// A message from another tab was malformed, oversized or unexpected.
    TabMessageDropped(DropReason),
    /// The session ended, or no session was found.
    SignOut(SignOutReason),
}

/// What the glue must do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Set the wake-up timer for this device time (replacing any earlier one).
    WakeAt(UnixTime),
    /// Read the holder locks of the other tabs (`navigator.locks.query()`, bounded in time) and
    /// report [`Event::HoldersFound`].
    FindHolders,
    /// Send the refresh request with the held refresh token; report with this ticket.
    StartRefresh {
        /// The ticket its answer must carry.
        ticket: u64,
    },
    /// Post an ask with this request id, and report [`Event::NoTabAnswered`] if no answer is
    /// taken within the wait.
    AskTabs {
        /// The request id.
        request: RequestId,
    },
    /// Answer another tab's request with the tokens held (the refresh token included: the only
    /// message that carries it).
    AnswerTab {
        /// The request answered.
        request: RequestId,
    },
    /// Tell the other tabs this tab signed in (no tokens: they ask for them).
    AnnounceSignedIn,
    /// Tell the other tabs the tokens were refreshed (ID and access tokens only).
    AnnounceRefreshed {
        /// Whether Cognito rotated the refresh token (the other tabs' copy is then stale).
        rotated: bool,
    },
    /// Tell the other tabs the session ended.
    AnnounceSignOut(SignOutReason),
    /// Tell the other tabs this refresh failed for a passing reason.
    AnnounceRefreshFailure {
        /// What it got.
        cause: HttpStatus,
    },
    /// Revoke this refresh token (if any) and go to Cognito's `/logout`.
    Logout {
        /// The refresh token held when the user signed out.
        refresh_token: Option<RefreshToken>,
    },
    /// Add this to the timeline (and telemetry).
    Record(crate::session::notice::Notice),
}
