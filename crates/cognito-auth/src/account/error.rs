//! What can go wrong with an account call, read from Cognito's error answer (`__type` and
//! `message`) or met before or around it, and explained for people ([`AccountError::explain`]).

use crate::account::attributes::{bounded, AttributeProblem};
use crate::account::operation::Operation;
use crate::account::password::PasswordRule;
use crate::error::AuthError;
use serde_json::Value;

/// Cognito's `message` is shown at most this long (it is Cognito's text, but the answer is
/// untrusted until parsed: a proxy or a hostile endpoint could send a novel).
pub const MAX_MESSAGE_CHARS: usize = 300;

/// An error answer longer than this is not read.
pub const MAX_ERROR_BYTES: usize = 8 * 1024;

/// Cognito's error code (`__type`), for the codes the account page meets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CognitoErrorCode {
    /// The access token is revoked or expired (its scope is checked before sending); or
    /// (`ChangePassword`) the current password is wrong.
    NotAuthorized,
    /// The new password breaks the pool's policy.
    InvalidPassword,
    /// Too many attempts (wrong passwords, codes): Cognito blocks the call for a while.
    LimitExceeded,
    /// The TOTP or email verification code is wrong.
    CodeMismatch,
    /// The email verification code has expired (they last 24 hours).
    ExpiredCode,
    /// Cognito could not send the verification email.
    CodeDeliveryFailure,
    /// TOTP MFA cannot be turned on before an authenticator is verified.
    EnableSoftwareTokenMfa,
    /// A value Cognito refuses (an attribute it does not know, a bad email).
    InvalidParameter,
    /// The email belongs to another user.
    AliasExists,
    /// The call rate is over Cognito's quota.
    TooManyRequests,
    /// An administrator reset the password: the user must set a new one at sign-in.
    PasswordResetRequired,
    /// The user no longer exists.
    UserNotFound,
    /// Any other code, as sent (letters and digits only).
    Other(String),
}

impl CognitoErrorCode {
    /// Reads `__type`: AWS sends either `NotAuthorizedException` or a namespaced
    /// `com.amazonaws…#NotAuthorizedException`; only the part after the last `#` counts. `None`
    /// when it is not a plausible code (empty, over 64 characters, anything but letters and
    /// digits), so free text never passes as a code.
    pub fn from_type(raw: &str) -> Option<Self> {
        let code = raw.rsplit('#').next().unwrap_or(raw).trim();
        let code = code.split(':').next().unwrap_or(code);
        if code.is_empty() || code.len() > 64 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        Some(match code {
            "NotAuthorizedException" => Self::NotAuthorized,
            "InvalidPasswordException" => Self::InvalidPassword,
            "LimitExceededException" => Self::LimitExceeded,
            "CodeMismatchException" => Self::CodeMismatch,
            "ExpiredCodeException" => Self::ExpiredCode,
            "CodeDeliveryFailureException" => Self::CodeDeliveryFailure,
            "EnableSoftwareTokenMFAException" => Self::EnableSoftwareTokenMfa,
            "InvalidParameterException" => Self::InvalidParameter,
            "AliasExistsException" => Self::AliasExists,
            "TooManyRequestsException" => Self::TooManyRequests,
            "PasswordResetRequiredException" => Self::PasswordResetRequired,
            "UserNotFoundException" => Self::UserNotFound,
            other => Self::Other(other.to_owned()),
        })
    }

    /// The code as Cognito spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::NotAuthorized => "NotAuthorizedException",
            Self::InvalidPassword => "InvalidPasswordException",
            Self::LimitExceeded => "LimitExceededException",
            Self::CodeMismatch => "CodeMismatchException",
            Self::ExpiredCode => "ExpiredCodeException",
            Self::CodeDeliveryFailure => "CodeDeliveryFailureException",
            Self::EnableSoftwareTokenMfa => "EnableSoftwareTokenMFAException",
            Self::InvalidParameter => "InvalidParameterException",
            Self::AliasExists => "AliasExistsException",
            Self::TooManyRequests => "TooManyRequestsException",
            Self::PasswordResetRequired => "PasswordResetRequiredException",
            Self::UserNotFound => "UserNotFoundException",
            Self::Other(code) => code,
        }
    }
}

impl std::fmt::Display for CognitoErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Any failure of an account call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// Cognito answered with an error.
    #[error("{operation} refused: {code}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Cognito {
        /// The call.
        operation: Operation,
        /// The HTTP status.
        status: u16,
        /// `__type`.
        code: CognitoErrorCode,
        /// `message`, bounded and without control characters.
        message: Option<String>,
    },
    /// No HTTP answer (offline, DNS, CORS, the CSP's `connect-src`).
    #[error("{operation} got no answer: {detail}")]
    Network {
        /// The call.
        operation: Operation,
        /// The browser's message.
        detail: String,
    },
    /// An answer that is not this call's (wrong types, too big, an HTML page, an unknown shape).
    #[error("{operation} answered HTTP {status} with something unreadable: {what}")]
    Malformed {
        /// The call.
        operation: Operation,
        /// The HTTP status.
        status: u16,
        /// What was wrong.
        what: String,
    },
    /// The session's access token lacks `aws.cognito.signin.user.admin` (checked before
    /// sending, see [`crate::account::scope`]): the portal's config asks for too few scopes.
    #[error("{operation} needs the aws.cognito.signin.user.admin scope, which this session lacks")]
    MissingScope {
        /// The call.
        operation: Operation,
    },
    /// No usable access token: signed out, or reconnecting with expired tokens.
    #[error(transparent)]
    Session(AuthError),
    /// A change that cannot be sent.
    #[error(transparent)]
    Attribute(#[from] AttributeProblem),
    /// The new password misses these rules of the pool's policy (checked before sending).
    #[error("the new password does not meet the pool's password policy")]
    WeakPassword(Vec<PasswordRule>),
    /// What was typed is not a 6-digit code (checked before sending).
    #[error("not a 6-digit code")]
    NotACode,
}

impl AccountError {
    /// Reads an error answer of `operation`: `{"__type": "…Exception", "message": "…"}` (AWS
    /// also spells it `Message`). Anything else, or anything oversized, is
    /// [`AccountError::Malformed`].
    pub fn from_answer(operation: Operation, status: u16, body: &str) -> Self {
        let malformed = |what: &str| Self::Malformed {
            operation,
            status,
            what: what.to_owned(),
        };
        if body.len() > MAX_ERROR_BYTES {
            return malformed("an oversized error answer");
        }
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
            return malformed("not a JSON object");
        };
        let Some(Value::String(kind)) = map.get("__type") else {
            return malformed("no __type");
        };
        let Some(code) = CognitoErrorCode::from_type(kind) else {
            return malformed("__type is not an error code");
        };
        let message = match map.get("message").or_else(|| map.get("Message")) {
            Some(Value::String(m)) => clean_message(m),
            None | Some(Value::Null) => None,
            Some(_) => return malformed("message is not a string"),
        };
        Self::Cognito {
            operation,
            status,
            code,
            message,
        }
    }

    /// The Cognito code, when Cognito sent one.
    pub fn code(&self) -> Option<&CognitoErrorCode> {
        match self {
            Self::Cognito { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether Cognito no longer accepts this session's access token (revoked by "Sign out of
    /// every device" elsewhere, expired, or the user is gone): the page should end the session.
    pub fn session_is_over(&self) -> bool {
        matches!(
            self,
            Self::Cognito {
                code: CognitoErrorCode::UserNotFound,
                ..
            }
        ) || matches!(
            self,
            Self::Cognito { code: CognitoErrorCode::NotAuthorized, operation, .. }
                if *operation != Operation::ChangePassword
        )
    }
}

/// Cognito's message as shown: control characters replaced by spaces, bounded, `None` if empty.
fn clean_message(message: &str) -> Option<String> {
    let cleaned: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cleaned = bounded(cleaned.trim(), MAX_MESSAGE_CHARS);
    (!cleaned.is_empty()).then_some(cleaned)
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
