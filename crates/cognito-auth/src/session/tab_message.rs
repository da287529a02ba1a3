//! The protocol the portal's tabs speak over their `BroadcastChannel`.
//!
//! The channel is same-origin and in memory, but any script on the origin can post to it, so
//! every message is hostile until proven otherwise: it is parsed strictly (size first), and the
//! tokens it carries pass the same verifier as the token endpoint's. A tab takes a session only
//! as the answer to its own request ([`TabMessage::Answer`] with its [`RequestId`]) or as a
//! refresh of the user it already holds ([`TabMessage::Refreshed`]). A message never supplies a
//! nonce or a clock drift. The refresh token crosses only inside an answer.

use crate::error::OAuthError;
use crate::protocol::http::{HttpStatus, NoAnswer};
use crate::protocol::secret::{AccessToken, IdToken, RefreshToken};
use crate::protocol::token::TokenResponse;
use crate::session::machine::SignOutReason;
use crate::session::tokens::{VerifiedTokens, MAX_EXPIRES_IN_SECS};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// Messages longer than this (in bytes of JSON) are dropped unread: three Cognito tokens fit in
/// a few kilobytes.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024;

/// The number of random bytes in a request id.
pub const REQUEST_ID_BYTES: usize = 16;

/// The channel name for an app client: tabs of another client on the same origin never mix.
pub fn channel_name(client_id: &str) -> String {
    format!("cognito-portal-session:{client_id}")
}

/// A tab's request id: 128 random bits, base64url. Only the answer naming it is taken.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RequestId(String);

impl RequestId {
    /// A request id from fresh random bytes.
    pub fn from_random(bytes: &[u8; REQUEST_ID_BYTES]) -> Self {
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }
}

impl TryFrom<String> for RequestId {
    type Error = &'static str;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let valid = value.len() == 22
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if valid {
            Ok(Self(value))
        } else {
            Err("a request id is 22 base64url characters")
        }
    }
}

impl From<RequestId> for String {
    fn from(id: RequestId) -> Self {
        id.0
    }
}

/// Why a tab's failed refresh failed, in transit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SharedCause {
    /// An HTTP status.
    Status {
        /// The code.
        status: u16,
    },
    /// No answer.
    NoAnswer,
}

impl From<HttpStatus> for SharedCause {
    fn from(cause: HttpStatus) -> Self {
        match cause {
            HttpStatus::Answered(status) => Self::Status { status },
            HttpStatus::NoAnswer(_) => Self::NoAnswer,
        }
    }
}

impl From<SharedCause> for HttpStatus {
    fn from(cause: SharedCause) -> Self {
        match cause {
            SharedCause::Status { status } => Self::Answered(status),
            SharedCause::NoAnswer => Self::NoAnswer(NoAnswer::Unreachable),
        }
    }
}

/// One message between tabs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum TabMessage {
    /// A tab asks whoever holds the session to hand it over.
    Ask {
        /// The asker's request id.
        request: RequestId,
    },
    /// The session, in answer to one request: the only message with a refresh token.
    Answer {
        /// The request answered.
        request: RequestId,
        /// The ID token.
        id_token: String,
        /// The access token.
        access_token: String,
        /// The refresh token.
        refresh_token: Option<String>,
        /// `expires_in` of the response the tokens came in.
        expires_in: Option<i64>,
    },
    /// A tab refreshed: the new ID and access tokens, for tabs holding the same user.
    Refreshed {
        /// The ID token.
        id_token: String,
        /// The access token.
        access_token: String,
        /// `expires_in` of the refresh response.
        expires_in: Option<i64>,
        /// Whether Cognito rotated the refresh token (the other tabs' copy is stale).
        rotated: bool,
    },
    /// A tab signed in; tabs without a session ask for it.
    SignedIn,
    /// The session ended: the user signed out (`ended: None`), or Cognito refused the refresh
    /// token (`ended` holds its error), or the user signed out of every device or deleted the
    /// account (`reason`).
    SignedOut {
        /// Cognito's error when the refresh token was refused.
        ended: Option<SharedError>,
        /// "Every device" or "deleted" (absent for an ordinary sign-out).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<SharedReason>,
    },
    /// A refresh failed for a passing reason; tabs waiting to refresh back off instead.
    RefreshFailed {
        /// What it got.
        cause: SharedCause,
    },
}

impl std::fmt::Debug for TabMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ask { request } => f.debug_struct("Ask").field("request", request).finish(),
            Self::Answer { request, .. } => f
                .debug_struct("Answer")
                .field("request", request)
                .field("tokens", &"[redacted]")
                .finish(),
            Self::Refreshed { rotated, .. } => f
                .debug_struct("Refreshed")
                .field("tokens", &"[redacted]")
                .field("rotated", rotated)
                .finish(),
            Self::SignedIn => f.write_str("SignedIn"),
            Self::SignedOut { ended, reason } => f
                .debug_struct("SignedOut")
                .field("ended", ended)
                .field("reason", reason)
                .finish(),
            Self::RefreshFailed { cause } => f
                .debug_struct("RefreshFailed")
                .field("cause", cause)
                .finish(),
        }
    }
}

/// Why a session ended, beyond an ordinary sign-out, in transit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SharedReason {
    /// "Sign out of every device" (`GlobalSignOut`).
    Everywhere,
    /// The account was deleted (`DeleteUser`).
    Deleted,
}

/// An [`OAuthError`] in transit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedError {
    /// `error`.
    pub code: String,
    /// `error_description`.
    pub description: Option<String>,
}

impl From<OAuthError> for SharedError {
    fn from(e: OAuthError) -> Self {
        Self {
            code: e.code,
            description: e.description,
        }
    }
}

impl From<SharedError> for OAuthError {
    fn from(e: SharedError) -> Self {
        Self {
            code: e.code,
            description: e.description,
        }
    }
}

/// Why a message was dropped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DropReason {
    /// Longer than [`MAX_MESSAGE_BYTES`].
    #[error("oversized: {bytes} bytes")]
    Oversized {
        /// Its length.
        bytes: usize,
    },
    /// Not text, not JSON, or not one of the messages above.
    #[error("malformed")]
    Malformed,
    /// Well-formed, but nobody here waits for it (an answer to another tab's request, a
    /// refresh announcement to a tab without a session).
    #[error("a session this tab did not ask for")]
    Unexpected,
}

impl TabMessage {
    /// The answer to `request`, carrying `tokens` (with the refresh token).
    pub fn answer(request: RequestId, tokens: &VerifiedTokens) -> Self {
        Self::Answer {
            request,
            id_token: tokens.id_token.secret().to_owned(),
            access_token: tokens.access_token.secret().to_owned(),
            refresh_token: tokens.refresh_token.as_ref().map(|t| t.secret().to_owned()),
            expires_in: tokens.expires_in,
        }
    }

    /// The announcement that this tab's session ended with `reason`.
    pub fn signed_out(reason: &SignOutReason) -> Self {
        let (ended, reason) = match reason {
            SignOutReason::SessionEnded(e) => (Some(e.clone().into()), None),
            SignOutReason::SignedOutEverywhere { .. } => (None, Some(SharedReason::Everywhere)),
            SignOutReason::AccountDeleted { .. } => (None, Some(SharedReason::Deleted)),
            SignOutReason::UserSignedOut
            | SignOutReason::SignedOutElsewhere
            | SignOutReason::NoSessionFound => (None, None),
        };
        Self::SignedOut { ended, reason }
    }

    /// What a [`TabMessage::SignedOut`] means for this tab: always a reason "in another tab"
    /// (never this tab's own sign-out, which would revoke and navigate), and of Cognito's error
    /// only the code, and only if it looks like one: a message's free text is never shown as
    /// Cognito's words. `None` for any other message.
    pub fn sign_out_reason(&self) -> Option<SignOutReason> {
        let Self::SignedOut { ended, reason } = self else {
            return None;
        };
        Some(match (reason, ended) {
            (Some(SharedReason::Everywhere), _) => {
                SignOutReason::SignedOutEverywhere { in_other_tab: true }
            }
            (Some(SharedReason::Deleted), _) => {
                SignOutReason::AccountDeleted { in_other_tab: true }
            }
            (None, Some(e)) => SignOutReason::SessionEnded(OAuthError {
                code: if e.code.len() <= 40
                    && e.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                {
                    e.code.clone()
                } else {
                    "session_ended".to_owned()
                },
                description: None,
            }),
            (None, None) => SignOutReason::SignedOutElsewhere,
        })
    }

    /// The announcement of a refresh: ID and access tokens only.
    pub fn refreshed(tokens: &VerifiedTokens, rotated: bool) -> Self {
        Self::Refreshed {
            id_token: tokens.id_token.secret().to_owned(),
            access_token: tokens.access_token.secret().to_owned(),
            expires_in: tokens.expires_in,
            rotated,
        }
    }

    /// The tokens a message carries, in their redacting types, with `expires_in` bounded.
    pub fn tokens(&self) -> Option<TokenResponse> {
        let bound = |e: &Option<i64>| e.map(|s| s.clamp(0, MAX_EXPIRES_IN_SECS));
        match self {
            Self::Answer {
                id_token,
                access_token,
                refresh_token,
                expires_in,
                ..
            } => Some(TokenResponse {
                id_token: IdToken::new(id_token.clone()),
                access_token: AccessToken::new(access_token.clone()),
                refresh_token: refresh_token.clone().map(RefreshToken::new),
                expires_in: bound(expires_in),
            }),
            Self::Refreshed {
                id_token,
                access_token,
                expires_in,
                ..
            } => Some(TokenResponse {
                id_token: IdToken::new(id_token.clone()),
                access_token: AccessToken::new(access_token.clone()),
                refresh_token: None,
                expires_in: bound(expires_in),
            }),
            _ => None,
        }
    }

    /// The message as JSON text for `postMessage`.
    pub fn to_json(&self) -> String {
        // Serialising these plain structs cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a message: the size first, then strict JSON.
    ///
    /// # Errors
    /// [`DropReason`] for anything else.
    pub fn parse(text: &str) -> Result<Self, DropReason> {
        if text.len() > MAX_MESSAGE_BYTES {
            return Err(DropReason::Oversized { bytes: text.len() });
        }
        serde_json::from_str(text).map_err(|_| DropReason::Malformed)
    }
}

/// Whether `text` is another tab's sign-in announcement ([`TabMessage::SignedIn`]): all a tab
/// without the session machinery reads of a message (issue #11), so it starts the machinery, which
/// then asks for the session, only when there may be one. Read with the small JSON reader (no
/// serde in the first load); anything else, malformed or oversized, is `false`. A test ties it to
/// [`TabMessage::to_json`].
pub fn announces_sign_in(text: &str) -> bool {
    use crate::protocol::json_text::{parse, JsonValue};
    if text.len() > MAX_MESSAGE_BYTES {
        return false;
    }
    let Ok(JsonValue::Object(members)) = parse(text) else {
        return false;
    };
    matches!(members.as_slice(), [(key, JsonValue::String(kind))] if key == "type" && kind == "signed-in")
}

#[cfg(test)]
#[path = "tab_message_tests.rs"]
mod tests;
