//! Calling the protected API (API Gateway with a Cognito user-pool authorizer): what to send and
//! what its answers mean.
//!
//! The authorizer wants the **ID token**, bare, in `Authorization`. With no OAuth scopes on the
//! method AWS refuses an access token there (the local emulator accepts it, so a client that
//! sends the access token passes locally and fails in production).

use crate::protocol::secret::IdToken;
use serde_json::Value;

/// How often a call that got 401 may refresh the tokens and try again.
pub const MAX_RETRIES_AFTER_401: u32 = 1;

/// The URL of `path` (`/me`) under the API's base URL.
pub fn api_url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// The `Authorization` header value: the ID token itself, no `Bearer` prefix (API Gateway's
/// Cognito authorizer takes either; the bare form is what AWS documents). It takes an
/// [`IdToken`], so passing the access token is a type error, not a production 401.
pub fn authorization_value(id_token: &IdToken) -> String {
    id_token.secret().to_owned()
}

/// Why an API call gave no data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The config has no `apiBaseUrl`.
    #[error("this portal has no API configured")]
    NotConfigured,
    /// 401 even after a refresh: the authorizer refuses this session's ID token.
    #[error("the API refused the session (HTTP 401)")]
    Unauthorized,
    /// 403: signed in, but not allowed (e.g. not in `admins`).
    #[error("the API refused access (HTTP 403): {message}")]
    Forbidden {
        /// The API's message.
        message: String,
    },
    /// Another error status.
    #[error("the API answered HTTP {status}: {message}")]
    Status {
        /// HTTP status.
        status: u16,
        /// The API's message, or the body's start.
        message: String,
    },
    /// No HTTP answer reached the page: offline, DNS, or a response without CORS headers.
    #[error("the API could not be reached: {detail}")]
    Unreachable {
        /// The browser's message.
        detail: String,
    },
    /// 200 with a body that is not JSON.
    #[error("the API's answer is not JSON")]
    Malformed,
}

/// What to do with an answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiOutcome {
    /// The data.
    Data(Value),
    /// 401: refresh the tokens and try once more (if retries are left).
    RefreshAndRetry,
    /// Give up with this error.
    Failed(ApiError),
}

/// Classifies an answer. `retries_left` says whether a 401 may still be retried.
pub fn classify_api_answer(status: u16, body: &str, retries_left: bool) -> ApiOutcome {
    let message = || {
        serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| body.chars().take(200).collect())
    };
    match status {
        // 204 No Content, or any success with an empty body: no data, not nonsense.
        200..=299 if body.trim().is_empty() => ApiOutcome::Data(Value::Null),
        200..=299 => serde_json::from_str(body)
            .map_or(ApiOutcome::Failed(ApiError::Malformed), ApiOutcome::Data),
        401 if retries_left => ApiOutcome::RefreshAndRetry,
        401 => ApiOutcome::Failed(ApiError::Unauthorized),
        403 => ApiOutcome::Failed(ApiError::Forbidden { message: message() }),
        _ => ApiOutcome::Failed(ApiError::Status {
            status,
            message: message(),
        }),
    }
}

impl ApiError {
    /// A title, what probably happened, and what to do next, for people.
    pub fn explain(&self) -> crate::Explanation {
        let (title, detail, action): (&str, String, &str) = match self {
            Self::NotConfigured => (
                "No API is configured",
                "The portal's /config.json has no apiBaseUrl.".into(),
                "Deploy the stack (deploy/deploy.py) so /config.json names the API.",
            ),
            Self::Unauthorized => (
                "The API refused your session",
                "API Gateway's Cognito authorizer answered 401 even after the tokens were refreshed: the ID token is not accepted (another user pool, or the session was revoked).".into(),
                "Sign out and sign in again. If it persists, check that the API's authorizer uses this portal's user pool.",
            ),
            Self::Forbidden { message } => (
                "You do not have access to this",
                format!("The API answered 403: {message}"),
                "Ask an administrator to add you to the group this needs.",
            ),
            Self::Status { status, message } => (
                "The API failed",
                format!("It answered HTTP {status}: {message}"),
                "Try again in a moment. If it persists, the API's logs say more.",
            ),
            Self::Unreachable { detail } => (
                "The API could not be reached",
                format!(
                    "No answer reached the page ({detail}). Usually the API answered without CORS headers (an error from API Gateway itself, such as a 401/403/5xx gateway response without DEFAULT_4XX/5XX CORS headers), or you are offline, or the CSP's connect-src does not list the API."
                ),
                "Check your connection and try again. Operators: the browser console names the blocked request.",
            ),
            Self::Malformed => (
                "The API answered nonsense",
                "A 200 whose body is not JSON.".into(),
                "Try again; if it persists, the API's logs say more.",
            ),
        };
        crate::error::plain(title, &detail, action)
    }
}

#[cfg(test)]
#[path = "api_tests.rs"]
mod tests;
