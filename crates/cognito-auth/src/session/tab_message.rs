//! What the portal's tabs say to each other over their `BroadcastChannel`.
//!
//! The channel is same-origin and lives in memory: it lets a new tab take over the session of an
//! open one without signing in again, lets one refresh serve every tab, and signs every tab out
//! together. Messages are JSON text; anything unreadable is ignored (another version of the app,
//! another script on the origin).

use crate::error::OAuthError;
use crate::protocol::secret::{AccessToken, IdToken, RefreshToken};
use crate::protocol::token::TokenResponse;
use serde::{Deserialize, Serialize};

/// The channel name for an app client: tabs of another client on the same origin never mix.
pub fn channel_name(client_id: &str) -> String {
    format!("cognito-portal-session:{client_id}")
}

/// A session handed to another tab: the tokens, and what the receiver cannot measure itself.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedSession {
    /// The ID token.
    pub id_token: String,
    /// The access token.
    pub access_token: String,
    /// The refresh token, so any tab can refresh.
    pub refresh_token: Option<String>,
    /// `expires_in` of the response the tokens came in.
    pub expires_in: Option<i64>,
    /// The sign-in's nonce, for the inspector's checklist.
    pub nonce: Option<String>,
    /// The sharing tab's clock drift, measured when the tokens arrived from Cognito.
    pub drift_secs: i64,
}

impl SharedSession {
    /// The tokens, wrapped in their redacting types again.
    pub fn into_tokens(self) -> TokenResponse {
        TokenResponse {
            id_token: IdToken::new(self.id_token),
            access_token: AccessToken::new(self.access_token),
            refresh_token: self.refresh_token.map(RefreshToken::new),
            expires_in: self.expires_in,
        }
    }
}

impl std::fmt::Debug for SharedSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedSession")
            .field("tokens", &"[redacted]")
            .field("drift_secs", &self.drift_secs)
            .finish_non_exhaustive()
    }
}

/// One message between tabs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum TabMessage {
    /// A new or reloaded tab asks whoever holds the session to share it.
    Ask,
    /// The session, after a sign-in or refresh, or in answer to [`TabMessage::Ask`].
    Session(SharedSession),
    /// The session ended: the user signed out (`ended: None`), or Cognito refused the refresh
    /// token (`ended` holds its error).
    SignedOut {
        /// Cognito's error when the refresh token was refused.
        ended: Option<SharedError>,
    },
    /// A refresh failed for a passing reason; tabs waiting to refresh back off instead.
    RefreshFailed {
        /// The HTTP status (0: no answer).
        status: u16,
    },
}

/// An [`OAuthError`] in transit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

impl TabMessage {
    /// The message as JSON text for `postMessage`.
    pub fn to_json(&self) -> String {
        // Serialising these plain structs cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a message; `None` for anything else.
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> SharedSession {
        SharedSession {
            id_token: "id.jwt.value".into(),
            access_token: "access.jwt.value".into(),
            refresh_token: Some("refresh-value".into()),
            expires_in: Some(3600),
            nonce: Some("n".into()),
            drift_secs: -3,
        }
    }

    #[test]
    fn every_message_survives_the_channel() {
        for message in [
            TabMessage::Ask,
            TabMessage::Session(shared()),
            TabMessage::SignedOut { ended: None },
            TabMessage::SignedOut {
                ended: Some(SharedError {
                    code: "invalid_grant".into(),
                    description: Some("Refresh Token has been revoked".into()),
                }),
            },
            TabMessage::RefreshFailed { status: 503 },
        ] {
            assert_eq!(TabMessage::from_json(&message.to_json()), Some(message));
        }
    }

    #[test]
    fn the_wire_form_is_tagged_json() {
        assert_eq!(TabMessage::Ask.to_json(), r#"{"type":"ask"}"#);
        assert_eq!(
            TabMessage::RefreshFailed { status: 0 }.to_json(),
            r#"{"type":"refresh-failed","status":0}"#
        );
    }

    #[test]
    fn strangers_are_ignored() {
        for text in [
            "",
            "null",
            "{}",
            r#"{"type":"hello"}"#,
            r#"{"type":"session"}"#,
        ] {
            assert_eq!(TabMessage::from_json(text), None, "{text}");
        }
    }

    #[test]
    fn debug_output_shows_no_token() {
        let text = format!("{:?}", TabMessage::Session(shared()));
        for secret in ["id.jwt.value", "access.jwt.value", "refresh-value"] {
            assert!(!text.contains(secret), "{text}");
        }
    }

    #[test]
    fn tokens_come_back_in_their_redacting_types() {
        let tokens = shared().into_tokens();
        assert_eq!(tokens.id_token.secret(), "id.jwt.value");
        assert_eq!(
            tokens.refresh_token.map(|t| t.secret().to_owned()),
            Some("refresh-value".into())
        );
    }

    #[test]
    fn channels_are_per_app_client() {
        assert_ne!(channel_name("a"), channel_name("b"));
    }
}
