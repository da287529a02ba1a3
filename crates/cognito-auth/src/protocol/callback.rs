//! Checking the redirect back from the hosted UI: `state` first, then `error`, then `code`.
//!
//! The order follows RFC 6749 §10.12 and oauth4webapi: a forged error page without our `state`
//! is refused as a CSRF attempt before its message is believed.

use crate::error::OAuthError;
use crate::protocol::form::{first_value, parse_query};
use crate::protocol::pending::{safe_return_path, PendingSignIn};
use crate::protocol::pkce::{Nonce, PkceVerifier, State};
use crate::protocol::secret::AuthorizationCode;
use crate::time::UnixTime;

/// The parameters of the callback URL's query string, decoded.
///
/// `state` and `code` have types that redact themselves, so this struct's `Debug` shows
/// neither: with both, anyone could finish the sign-in in this tab's place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallbackParams {
    /// `state`, echoed by Cognito.
    pub state: Option<State>,
    /// `code`, on success.
    pub code: Option<AuthorizationCode>,
    /// `error`, on failure.
    pub error: Option<String>,
    /// `error_description`, sometimes sent with `error`.
    pub error_description: Option<String>,
}

/// Why a callback was refused. Nothing is requested from the token endpoint in any of these cases.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// No `state` parameter at all.
    #[error("the callback has no state parameter")]
    MissingState,
    /// No pending sign-in for this `state`: already used, started elsewhere, or forged.
    #[error("the callback's state matches no sign-in started in this tab")]
    UnknownState,
    /// The pending sign-in is older than the ten-minute limit.
    #[error("the sign-in started {age_secs} s ago, past the 600 s limit")]
    ExpiredState {
        /// How old the pending sign-in is.
        age_secs: i64,
    },
    /// Cognito redirected with `error` (and maybe `error_description`).
    #[error("Cognito returned {0}")]
    Denied(OAuthError),
    /// Neither `code` nor `error` was present.
    #[error("the callback has neither a code nor an error")]
    MissingCode,
}

impl CallbackError {
    /// Whether this is the answer to a `prompt=none` sign-in when managed login has no session
    /// (`login_required`, or a page it would have had to show): not a failure, just "sign in".
    pub fn is_no_hosted_session(&self) -> bool {
        matches!(self, Self::Denied(e) if matches!(
            e.code.as_str(),
            "login_required" | "interaction_required" | "consent_required" | "account_selection_required"
        ))
    }
}

/// Decodes the callback query string (`location.search`).
pub fn parse_callback_query(query: &str) -> CallbackParams {
    let pairs = parse_query(query);
    let get = |name| {
        first_value(&pairs, name)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    CallbackParams {
        state: get("state").as_deref().map(State::from_received),
        code: get("code").map(AuthorizationCode::new),
        error: get("error"),
        error_description: get("error_description"),
    }
}

/// What the code exchange needs, taken from a callback that passed every check: nothing is
/// looked up or derived again between the check and the exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCallback {
    /// The one-time authorization code.
    pub code: AuthorizationCode,
    /// The verifier of the same round trip, for `code_verifier`.
    pub verifier: PkceVerifier,
    /// The nonce the ID token must carry.
    pub nonce: Nonce,
    /// Where to go once signed in, already made safe by [`safe_return_path`].
    pub return_to: String,
}

/// Checks a callback against the pending sign-in stored under its `state` (if any).
///
/// The glue looks the record up by `params.state` and deletes it before calling this, so a
/// second run of the same callback (a reload, a re-running effect) finds no record and is
/// refused with [`CallbackError::UnknownState`] without a token request.
///
/// # Errors
/// The first failed check, in the order state, expiry, error, code.
pub fn check_callback(
    params: &CallbackParams,
    pending: Option<&PendingSignIn>,
    now: UnixTime,
) -> Result<CheckedCallback, CallbackError> {
    let state = params.state.as_ref().ok_or(CallbackError::MissingState)?;
    let pending = pending.ok_or(CallbackError::UnknownState)?;
    if !pending.state.matches(state) {
        return Err(CallbackError::UnknownState);
    }
    if pending.is_expired(now) {
        return Err(CallbackError::ExpiredState {
            age_secs: pending.age(now),
        });
    }
    if let Some(code) = &params.error {
        return Err(CallbackError::Denied(OAuthError {
            code: code.clone(),
            description: params.error_description.clone(),
        }));
    }
    let code = params.code.clone().ok_or(CallbackError::MissingCode)?;
    Ok(CheckedCallback {
        code,
        verifier: pending.verifier.clone(),
        nonce: pending.nonce.clone(),
        return_to: safe_return_path(&pending.return_to),
    })
}

#[cfg(test)]
#[path = "callback_tests.rs"]
mod tests;
