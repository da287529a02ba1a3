//! The scope every account call needs: Cognito accepts the user-pools API only with an access
//! token carrying `aws.cognito.signin.user.admin`. Without it every call answers
//! `NotAuthorizedException`, which would otherwise read as "the session is over" and send the
//! page into refreshes that can never help; the portal's config (`scopes`) is what is wrong.

use crate::account::error::AccountError;
use crate::account::operation::Operation;
use crate::protocol::secret::AccessToken;
use crate::verify::jwt::decode_jwt;
use serde_json::Value;

/// The scope the user-pools API requires of a user's access token.
pub const ACCOUNT_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Checks that the held access token's `scope` (space-separated, as Cognito writes it) holds
/// [`ACCOUNT_SCOPE`]. The token was verified when it entered the session; this only reads its
/// payload again, so the account code stays in the account page's chunk.
///
/// # Errors
/// [`AccountError::MissingScope`] when the scope is absent (or the token cannot be read).
pub fn check_account_scope(token: &AccessToken, operation: Operation) -> Result<(), AccountError> {
    let granted = decode_jwt(token.secret()).is_ok_and(|jwt| {
        matches!(jwt.payload.get("scope"), Some(Value::String(scopes))
            if scopes.split(' ').any(|s| s == ACCOUNT_SCOPE))
    });
    if granted {
        Ok(())
    } else {
        Err(AccountError::MissingScope { operation })
    }
}

#[cfg(test)]
#[path = "scope_tests.rs"]
mod tests;
