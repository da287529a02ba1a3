//! Errors of every step, and their explanation in plain words for the person at the screen.

use crate::protocol::callback::CallbackError;
use crate::protocol::config::ConfigError;
use crate::protocol::endpoint::Endpoint;
use crate::protocol::token::TokenError;
use crate::session::clock::ClockError;
use crate::session::tokens::SignatureError;
use crate::verify::claims::ClaimsError;
use crate::verify::jwt::JwtError;

/// An OAuth error as Cognito sends it: a code from RFC 6749 plus an optional description.
/// Both are kept as they came so the page can show them verbatim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthError {
    /// The `error` value, e.g. `invalid_grant`.
    pub code: String,
    /// The `error_description` value, if any.
    pub description: Option<String>,
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.description {
            Some(description) => write!(f, "{}: {description}", self.code),
            None => f.write_str(&self.code),
        }
    }
}

/// Reads Cognito's OAuth error body (`{"error": …, "error_description": …}`); `None` when the
/// body is something else (an HTML error page, another AWS error shape).
pub fn parse_oauth_error(body: &str) -> Option<OAuthError> {
    #[derive(serde::Deserialize)]
    struct Raw {
        error: String,
        error_description: Option<String>,
    }
    serde_json::from_str::<Raw>(body)
        .ok()
        .map(|raw| OAuthError {
            code: raw.error,
            description: raw.error_description,
        })
}

/// Any failure of the sign-in flow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// `/config.json` is missing or wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The redirect back from the hosted UI was refused.
    #[error(transparent)]
    Callback(#[from] CallbackError),
    /// The token endpoint refused or answered nonsense.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// A token is not a well-formed JWT.
    #[error(transparent)]
    Jwt(#[from] JwtError),
    /// The ID token's claims do not fit this sign-in.
    #[error(transparent)]
    Claims(#[from] ClaimsError),
    /// The request never got an HTTP answer (offline, DNS, CORS, blocked by CSP).
    #[error("{endpoint} could not be reached: {detail}")]
    Network {
        /// Which endpoint; its `Display` gives it in words ("the token endpoint").
        endpoint: Endpoint,
        /// The browser's message.
        detail: String,
    },
    /// `/oauth2/userInfo` refused the access token or failed.
    #[error("userInfo returned HTTP {status}")]
    UserInfo {
        /// The HTTP status.
        status: u16,
        /// Cognito's OAuth error, when it sent one.
        error: Option<OAuthError>,
    },
    /// A token's signature is not the pool's, or could not be checked.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// A token's `iat` is too far from this device's clock: the clock is off, or the token stale.
    #[error(transparent)]
    Clock(#[from] ClockError),
    /// userInfo answered for another user than the ID token's `sub`.
    #[error("userInfo answered for another user than the session's")]
    UserInfoSubject,
    /// A token was needed but the session is gone (signed out, here or in another tab).
    #[error("not signed in")]
    NotSignedIn,
    /// A token was needed, but the last refresh failed and the tokens held have expired; the
    /// session retries on its own.
    #[error("reconnecting: the tokens held have expired and the refresh is being retried")]
    Reconnecting {
        /// When the next attempt is (device time, Unix seconds).
        retry_at: crate::time::UnixTime,
    },
    /// A browser facility the flow needs is missing (crypto, storage).
    #[error("the browser cannot {what}: {detail}")]
    Browser {
        /// What could not be done.
        what: &'static str,
        /// The browser's message.
        detail: String,
    },
}

/// An error rendered for people: a title, what happened, Cognito's own words, what to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// One short line.
    pub title: String,
    /// What happened, in plain words.
    pub detail: String,
    /// Cognito's `error` code, or the config field at fault.
    pub code: Option<String>,
    /// Cognito's `error_description`, verbatim.
    pub description: Option<String>,
    /// What the person should do next.
    pub action: String,
}

const START_AGAIN: &str = "Go back to the portal's home page and choose Sign in to start again.";

impl AuthError {
    /// Explains the error for the error panel. Every variant maps to words a customer can act on.
    pub fn explain(&self) -> Explanation {
        match self {
            Self::Config(e) => e.explain(),
            Self::Callback(e) => explain_callback(e),
            Self::Token(e) => explain_token(e),
            Self::Jwt(e) => plain(
                "Cognito sent a token the portal cannot read",
                &format!("A token is not a well-formed JWT ({e}). Nothing was saved."),
                START_AGAIN,
            ),
            Self::Claims(e) => plain(
                "The sign-in response failed a security check",
                &format!("The ID token was refused: {e}. Nothing was saved."),
                "Start again from the home page. If it keeps happening, check that the portal's \
                 config names the right user pool and app client, and that this device's clock is correct.",
            ),
            Self::Network { endpoint, detail } => plain(
                match endpoint {
                    Endpoint::Config => "The portal's configuration could not be loaded",
                    Endpoint::Api => "The API could not be reached",
                    Endpoint::Token
                    | Endpoint::Revoke
                    | Endpoint::UserInfo
                    | Endpoint::Jwks
                    | Endpoint::UserPools => {
                        "Cognito could not be reached"
                    }
                },
                &format!("The request to {endpoint} got no answer ({detail})."),
                "Check your connection and try again. If it persists, the endpoint URL in the \
                 portal's config may be wrong or blocked by the Content-Security-Policy.",
            ),
            Self::UserInfo { status, error } => {
                let base = plain(
                    "Cognito's userInfo endpoint refused the request",
                    &format!("It answered HTTP {status}. The access token may be expired, revoked, or lack the openid scope."),
                    "Sign out and sign in again. If it persists, check that the app client allows the openid scope.",
                );
                match error {
                    Some(e) => with_oauth(base, e),
                    None => base,
                }
            }
            Self::Signature(e @ SignatureError::Invalid { .. }) => plain(
                "A token was refused: its signature is not the user pool's",
                &format!(
                    "Every token is checked against the pool's published keys before it is \
                     used, and this one failed ({e}). Nothing was kept."
                ),
                "Start again from the home page. If it keeps happening, something between this \
                 browser and Cognito (a proxy or an extension) is changing the tokens.",
            ),
            Self::Signature(e @ SignatureError::Unverifiable { .. }) => plain(
                "The sign-in could not be verified",
                &format!(
                    "Tokens are used only once their signature is checked against the pool's \
                     published keys, and the keys could not be fetched ({e}). Nothing was kept."
                ),
                "Check your connection and sign in again. If it persists, the jwks endpoint in \
                 the portal's config may be wrong or blocked by the Content-Security-Policy.",
            ),
            Self::Clock(e) => plain(
                "This device's clock does not match Cognito's",
                &format!("A token was refused: {e}. Nothing was kept."),
                "Set this device's date and time automatically (from the network), then sign in \
                 again.",
            ),
            Self::UserInfoSubject => plain(
                "Cognito's userInfo answer belongs to another user",
                "The answer names a different user (sub) than your ID token, so none of it is \
                 shown as yours.",
                "Sign out and sign in again. If it persists, something between this browser and \
                 Cognito is changing answers.",
            ),
            Self::Reconnecting { .. } => plain(
                "Reconnecting to Cognito",
                "Your tokens have expired and the last refresh got no answer; the portal keeps \
                 retrying and will not send an expired token.",
                "Check your connection; the request can be tried again once the session is back.",
            ),
            Self::NotSignedIn => plain(
                "You are not signed in",
                "The request needs your session, which has ended (signed out here or in another tab, or Cognito ended it).",
                "Choose Sign in, then try again.",
            ),
            Self::Browser { what, detail } => plain(
                "This browser cannot complete the sign-in",
                &format!("The browser cannot {what} ({detail})."),
                "Use a current browser with JavaScript and session storage enabled (private \
                 windows of some browsers disable it), then try again.",
            ),
        }
    }
}

/// An explanation without a Cognito code or description: the words are the portal's own.
pub(crate) fn plain(title: &str, detail: &str, action: &str) -> Explanation {
    Explanation {
        title: title.into(),
        detail: detail.into(),
        code: None,
        description: None,
        action: action.into(),
    }
}

/// Adds Cognito's code and description, with anything token-shaped in them redacted: a server
/// (or a proxy in its place) may echo a token it was sent, and the panel is shown on screen.
fn with_oauth(mut explanation: Explanation, error: &OAuthError) -> Explanation {
    explanation.code = Some(crate::protocol::logout::without_tokens(&error.code));
    explanation.description = error
        .description
        .as_deref()
        .map(crate::protocol::logout::without_tokens);
    explanation
}

fn explain_callback(error: &CallbackError) -> Explanation {
    match error {
        CallbackError::MissingState => plain(
            "This sign-in link is incomplete",
            "The page was opened without the state value that ties it to a sign-in started here, \
             so it was ignored and no token was requested.",
            START_AGAIN,
        ),
        CallbackError::UnknownState => plain(
            "This sign-in link was already used or did not start here",
            "The state value does not match a sign-in started in this browser tab. That happens \
             when the page is reloaded after signing in, opened from history or another tab, or \
             when a link was tampered with. No token was requested.",
            START_AGAIN,
        ),
        CallbackError::ExpiredState { age_secs } => plain(
            "This sign-in took too long",
            &format!(
                "The sign-in was started {} minutes ago; for safety it must finish within 10 minutes. \
                 No token was requested.",
                age_secs / 60
            ),
            START_AGAIN,
        ),
        CallbackError::Denied(e) => with_oauth(explain_authorize_code(&e.code), e),
        CallbackError::MissingCode => plain(
            "Cognito did not send a sign-in code",
            "The redirect came back without a code or an error. No token was requested.",
            START_AGAIN,
        ),
    }
}

fn explain_authorize_code(code: &str) -> Explanation {
    match code {
        // Also what a company's identity provider answers when the visitor chooses Cancel on
        // its page, or when it does not let this person into the portal.
        "access_denied" => plain(
            "Sign-in was cancelled or refused",
            "Cognito, or your company's sign-in page, did not grant access: the sign-in was \
             cancelled there, or your account may not use this portal.",
            "Choose Sign in (or your company's button) to try again. If you are refused again, \
             ask your company's IT team for access to this portal, or contact support.",
        ),
        // Cognito's answer when a federated identity provider returned an error (its name and
        // the provider's words are in error_description) or the request was malformed.
        "invalid_request" => plain(
            "Sign-in did not complete",
            "Cognito or your company's sign-in service refused the request; its own words are \
             below.",
            "Choose Sign in (or your company's button) to try again. If it repeats, send the \
             words below to your company's IT team or to support.",
        ),
        "login_required" => plain(
            "Please sign in",
            "There is no active Cognito session to continue silently.",
            "Choose Sign in and enter your credentials.",
        ),
        "invalid_scope" => plain(
            "The portal asked for permissions its app client does not allow",
            "Cognito refused the requested scopes.",
            "An administrator must enable the scopes in the portal's config (openid, email, \
             profile) on the app client, or remove them from the config.",
        ),
        "unauthorized_client" => plain(
            "The portal's app client may not sign in this way",
            "Cognito refused the authorization-code grant for this app client.",
            "An administrator must enable the authorization code grant on the app client.",
        ),
        "server_error" | "temporarily_unavailable" => plain(
            "Cognito had a problem",
            "The sign-in service reported an internal error.",
            "Wait a moment and choose Sign in again.",
        ),
        _ => plain(
            "Cognito refused the sign-in request",
            "The hosted sign-in page sent back an error.",
            "Choose Sign in to try again. If it repeats, an administrator should compare the \
             portal's config with the app client's settings (callback URL, scopes, PKCE).",
        ),
    }
}

fn explain_token(error: &TokenError) -> Explanation {
    match error {
        TokenError::OAuth(e) => {
            let base = match e.code.as_str() {
                "invalid_grant" => plain(
                    "The sign-in code was not accepted",
                    "Cognito rejected the one-time code: it was already used, expired (codes last \
                     5 minutes) or did not match this browser's PKCE verifier.",
                    START_AGAIN,
                ),
                "invalid_client" => plain(
                    "The portal's app client was not recognised",
                    "Cognito does not know the app client in the portal's config.",
                    "An administrator must correct clientId in /config.json.",
                ),
                "unauthorized_client" => plain(
                    "The portal's app client may not get tokens this way",
                    "Cognito refused the grant for this app client (or the redirect URI differs).",
                    "An administrator must enable the code grant and check the callback URL.",
                ),
                _ => plain(
                    "Cognito refused to issue tokens",
                    "The token endpoint returned an error.",
                    START_AGAIN,
                ),
            };
            with_oauth(base, e)
        }
        TokenError::Http { status } => plain(
            "Cognito answered with an unexpected error",
            &format!("The token endpoint returned HTTP {status} without an OAuth error."),
            "Wait a moment and start again; if it persists, check endpoints.token in the config.",
        ),
        TokenError::Malformed { detail } => plain(
            "Cognito's answer could not be read",
            &format!("The token response is not what Cognito sends ({detail})."),
            "Check that endpoints.token in the config points at Cognito's /oauth2/token.",
        ),
        TokenError::MissingIdToken => plain(
            "Cognito sent no ID token",
            "The token response has no id_token, which happens when the openid scope is not granted.",
            "An administrator must allow the openid scope on the app client.",
        ),
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "error_words_tests.rs"]
mod words_tests;
