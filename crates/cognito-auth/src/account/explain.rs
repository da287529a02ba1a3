//! [`AccountError::explain`]: every account error in plain words, with Cognito's code and what
//! to do next.

use crate::account::error::{AccountError, CognitoErrorCode};
use crate::account::operation::Operation;
use crate::account::scope::ACCOUNT_SCOPE;
use crate::error::Explanation;

const SIGN_IN_AGAIN: &str = "Sign out and sign in again, then try once more.";

impl AccountError {
    /// Explains the error for the account page: a title, what happened, Cognito's code and
    /// message (verbatim, as text), and what to do next.
    pub fn explain(&self) -> Explanation {
        match self {
            Self::Cognito {
                operation,
                code,
                message,
                ..
            } => {
                let (title, detail, action) = cognito_words(*operation, code);
                Explanation {
                    title,
                    detail,
                    code: Some(code.as_str().to_owned()),
                    description: message.clone(),
                    action,
                }
            }
            Self::Network { operation, detail } if operation.changes_something() => words(
                "Cognito's answer did not arrive",
                format!(
                    "The request for {} got no answer ({detail}). Cognito may have made the \
                     change before the connection failed: an answer can be lost on its way \
                     back.",
                    operation.describe()
                ),
                "Reload the page to see whether the change was made, and only then try again. \
                 If Cognito stays unreachable, the user-pools API URL in the portal's config \
                 (endpoints.idp) may be wrong or missing from the Content-Security-Policy's \
                 connect-src.",
                Some(operation.name()),
            ),
            Self::Network { operation, detail } => words(
                "Cognito could not be reached",
                format!(
                    "The request for {} got no answer ({detail}). Nothing was changed.",
                    operation.describe()
                ),
                "Check your connection and try again. If it persists, the user-pools API URL in \
                 the portal's config (endpoints.idp) may be wrong or missing from the \
                 Content-Security-Policy's connect-src.",
                Some(operation.name()),
            ),
            Self::MissingScope { operation } => words(
                "The portal does not ask for account access",
                format!(
                    "This session's access token lacks the {ACCOUNT_SCOPE} scope, which Cognito \
                     requires for {}. Nothing was sent: signing in again with the same settings \
                     would not help.",
                    operation.describe()
                ),
                &format!(
                    "An administrator must add \"{ACCOUNT_SCOPE}\" to the scopes field of the \
                     portal's config (and allow it on the app client); then sign out and sign \
                     in again."
                ),
                Some(operation.name()),
            ),
            Self::Malformed {
                operation,
                status,
                what,
            } => words(
                "Cognito's answer could not be read",
                format!(
                    "While {}, the answer (HTTP {status}) was not Cognito's: {what}. Nothing \
                     from it was used.",
                    operation.describe()
                ),
                "Try again in a moment. If it persists, something between this browser and \
                 Cognito is changing answers, or endpoints.idp points somewhere else.",
                Some(operation.name()),
            ),
            Self::Session(error) => error.explain(),
            Self::Attribute(problem) => words(
                "That value cannot be saved",
                format!("{problem}. Nothing was sent."),
                "Correct the value and save again.",
                None,
            ),
            Self::WeakPassword(rules) => words(
                "The new password does not meet the password policy",
                format!(
                    "It still needs: {}. Nothing was sent.",
                    rules
                        .iter()
                        .map(|r| r.describe().to_lowercase())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                "Choose a password that meets every rule listed.",
                None,
            ),
            Self::NotACode => words(
                "That is not a code from your authenticator app",
                "A code is exactly six digits. Nothing was sent.".to_owned(),
                "Enter the 6-digit code your authenticator app shows for this account.",
                None,
            ),
        }
    }
}

fn words(title: &str, detail: String, action: &str, code: Option<&str>) -> Explanation {
    Explanation {
        title: title.to_owned(),
        detail,
        code: code.map(str::to_owned),
        description: None,
        action: action.to_owned(),
    }
}

/// The words for the email verification codes.
fn email_code_words(
    operation: Operation,
    code: &CognitoErrorCode,
) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match code {
        CognitoErrorCode::CodeMismatch if operation == Operation::VerifyUserAttribute => (
            "The code was not accepted",
            "The code does not match the one Cognito emailed, so the address was not verified.",
            "Type the code from the latest verification email (an older email's code no longer \
             counts), or send a new code.",
        ),
        CognitoErrorCode::ExpiredCode => (
            "The code has expired",
            "The verification code is too old, so the address was not verified.",
            "Send a new code and enter it.",
        ),
        CognitoErrorCode::CodeDeliveryFailure => (
            "Cognito could not send the email",
            "Cognito failed to deliver the verification code.",
            "Check the address, wait a moment, then send a new code.",
        ),
        _ => return None,
    })
}

/// Title, detail and action for one of Cognito's codes: the same code means different things
/// for different calls (`NotAuthorizedException` is a wrong current password for
/// `ChangePassword`, a revoked session elsewhere).
fn cognito_words(operation: Operation, code: &CognitoErrorCode) -> (String, String, String) {
    if let Some((title, detail, action)) = email_code_words(operation, code) {
        return (title.to_owned(), detail.to_owned(), action.to_owned());
    }
    let doing = operation.describe();
    let (title, detail, action): (&str, String, &str) = match code {
        CognitoErrorCode::NotAuthorized if operation == Operation::ChangePassword => (
            "The current password is not correct",
            "Cognito did not accept the current password, so the password was not changed.".into(),
            "Type your current password again. After several wrong attempts Cognito blocks \
             changes for a while.",
        ),
        CognitoErrorCode::NotAuthorized => (
            "Cognito no longer accepts this session",
            format!(
                "Cognito refused {doing}: the session's access token was revoked (for example \
                 by \"Sign out of every device\") or has expired."
            ),
            SIGN_IN_AGAIN,
        ),
        CognitoErrorCode::InvalidPassword => (
            "Cognito refused the new password",
            "The new password does not meet the user pool's password policy, or was used \
             before."
                .into(),
            "Choose another password that meets every rule listed.",
        ),
        CognitoErrorCode::LimitExceeded => (
            "Too many attempts",
            format!("Cognito has blocked {doing} for a while after too many attempts."),
            "Wait a few minutes (the block lifts on its own), then try again.",
        ),
        // AWS (and the emulator) answer a wrong code at enrolment with this code, not with
        // CodeMismatchException: "Code mismatch and fail enable Software Token MFA".
        CognitoErrorCode::CodeMismatch | CognitoErrorCode::EnableSoftwareTokenMfa
            if operation == Operation::VerifySoftwareToken =>
        {
            (
                "The code was not accepted",
                "The code does not match the authenticator app's current code, or it has \
                 expired, so the app was not set up."
                    .into(),
                "Enter the code your app shows now (codes change every 30 seconds). If it keeps \
                 failing, set the phone's clock automatically, or start the set-up again.",
            )
        }
        CognitoErrorCode::CodeMismatch => (
            "The code was not accepted",
            "The code does not match the authenticator app's current code, or it has expired."
                .into(),
            "Enter the code your app shows now (codes change every 30 seconds). If it keeps \
             failing, set this device's and the phone's clocks automatically, or start the \
             set-up again.",
        ),
        CognitoErrorCode::EnableSoftwareTokenMfa => (
            "The authenticator app is not set up yet",
            "Two-factor sign-in can be turned on only after an authenticator app has been \
             verified with a code."
                .into(),
            "Set up the authenticator app first: scan the QR code and enter the code it shows.",
        ),
        CognitoErrorCode::InvalidParameter => (
            "Cognito refused a value",
            format!("Cognito refused {doing} because a value is not acceptable."),
            "Check the values (Cognito's message below says which) and try again.",
        ),
        CognitoErrorCode::AliasExists => (
            "That email address belongs to another account",
            "Another account already uses this email address, so it cannot be yours too.".into(),
            "Use another address, or sign in to the other account.",
        ),
        CognitoErrorCode::TooManyRequests => (
            "Cognito is busy",
            format!("Cognito asked to slow down while {doing}. Nothing was changed."),
            "Wait a moment and try again.",
        ),
        CognitoErrorCode::PasswordResetRequired => (
            "Your password must be reset",
            "An administrator reset this account's password.".into(),
            "Sign out, then choose \"Forgot your password?\" on the sign-in page.",
        ),
        CognitoErrorCode::UserNotFound => (
            "This account no longer exists",
            "Cognito has no user for this session: the account was deleted or disabled.".into(),
            "Sign out. If you did not delete the account, contact the portal's administrator.",
        ),
        // Worded by `email_code_words` before this match.
        CognitoErrorCode::ExpiredCode
        | CognitoErrorCode::CodeDeliveryFailure
        | CognitoErrorCode::Other(_) => (
            "Cognito refused the request",
            format!("Cognito refused {doing}."),
            "Try again later. If it persists, tell the portal's administrator, quoting the code.",
        ),
    };
    (title.to_owned(), detail, action.to_owned())
}

#[cfg(test)]
#[path = "explain_tests.rs"]
mod tests;
