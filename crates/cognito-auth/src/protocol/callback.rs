//! Checking the redirect back from the hosted UI: `state` first, then `error`, then `code`.
//!
//! The order follows RFC 6749 §10.12 and oauth4webapi: a forged error page without our `state`
//! is refused as a CSRF attempt before its message is believed.

use crate::error::OAuthError;
use crate::protocol::form::{first_value, parse_query};
use crate::protocol::pending::PendingSignIn;
use crate::protocol::secret::AuthorizationCode;
use crate::time::UnixTime;

/// The parameters of the callback URL's query string, decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallbackParams {
    /// `state`, echoed by Cognito.
    pub state: Option<String>,
    /// `code`, on success.
    pub code: Option<String>,
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
        state: get("state"),
        code: get("code"),
        error: get("error"),
        error_description: get("error_description"),
    }
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
) -> Result<AuthorizationCode, CallbackError> {
    let state = params.state.as_deref().ok_or(CallbackError::MissingState)?;
    let pending = pending.ok_or(CallbackError::UnknownState)?;
    if !constant_time_eq(pending.state.as_bytes(), state.as_bytes()) {
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
    params
        .code
        .as_deref()
        .map(AuthorizationCode::new)
        .ok_or(CallbackError::MissingCode)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn login_required_means_no_hosted_session_not_a_failure() {
        let denied = |code: &str| {
            CallbackError::Denied(OAuthError {
                code: code.into(),
                description: None,
            })
        };
        assert!(denied("login_required").is_no_hosted_session());
        assert!(denied("interaction_required").is_no_hosted_session());
        assert!(!denied("access_denied").is_no_hosted_session());
        assert!(!CallbackError::UnknownState.is_no_hosted_session());
    }

    use super::*;

    fn pending(state: &str) -> PendingSignIn {
        PendingSignIn {
            state: state.into(),
            nonce: "n".into(),
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
            return_to: "/".into(),
            created_at: UnixTime(1_000),
        }
    }

    const NOW: UnixTime = UnixTime(1_030);

    #[test]
    fn success_yields_the_code() {
        let params = parse_callback_query("?code=abc-123&state=s1");
        let code = check_callback(&params, Some(&pending("s1")), NOW).unwrap();
        assert_eq!(code.secret(), "abc-123");
    }

    #[test]
    fn error_with_description_is_decoded() {
        let params = parse_callback_query(
            "?error=invalid_request&error_description=Timeout+occurred+in+calling+IdP+token+endpoint&state=s1",
        );
        let err = check_callback(&params, Some(&pending("s1")), NOW).unwrap_err();
        assert_eq!(
            err,
            CallbackError::Denied(OAuthError {
                code: "invalid_request".into(),
                description: Some("Timeout occurred in calling IdP token endpoint".into()),
            })
        );
    }

    #[test]
    fn error_without_description() {
        let params = parse_callback_query("?error=access_denied&state=s1");
        let err = check_callback(&params, Some(&pending("s1")), NOW).unwrap_err();
        assert!(
            matches!(err, CallbackError::Denied(OAuthError { ref code, description: None }) if code == "access_denied")
        );
    }

    #[test]
    fn missing_state_is_refused_before_the_error_is_believed() {
        let params = parse_callback_query("?error=access_denied&error_description=forged");
        assert_eq!(
            check_callback(&params, Some(&pending("s1")), NOW),
            Err(CallbackError::MissingState)
        );
        let params = parse_callback_query("?code=abc&state=");
        assert_eq!(
            check_callback(&params, Some(&pending("s1")), NOW),
            Err(CallbackError::MissingState)
        );
    }

    #[test]
    fn mismatched_or_unknown_state_is_refused() {
        let params = parse_callback_query("?code=abc&state=other");
        assert_eq!(
            check_callback(&params, Some(&pending("s1")), NOW),
            Err(CallbackError::UnknownState)
        );
        assert_eq!(
            check_callback(&params, None, NOW),
            Err(CallbackError::UnknownState)
        );
        // A forged error with an unknown state is refused the same way.
        let params = parse_callback_query("?error=server_error&state=other");
        assert_eq!(
            check_callback(&params, None, NOW),
            Err(CallbackError::UnknownState)
        );
    }

    #[test]
    fn expired_state_is_refused() {
        let params = parse_callback_query("?code=abc&state=s1");
        let late = UnixTime(1_000 + 601);
        assert_eq!(
            check_callback(&params, Some(&pending("s1")), late),
            Err(CallbackError::ExpiredState { age_secs: 601 })
        );
    }

    #[test]
    fn neither_code_nor_error() {
        let params = parse_callback_query("?state=s1");
        assert_eq!(
            check_callback(&params, Some(&pending("s1")), NOW),
            Err(CallbackError::MissingCode)
        );
    }
}
