//! The request of each operation: its `X-Amz-Target` and its JSON body, which carries the
//! access token (and, for some, a password or a code), so the whole request's `Debug` is
//! redacted.

use crate::account::attributes::AttributeChanges;
use crate::account::operation::Operation;
use crate::account::password::Password;
use crate::account::totp::TotpCode;
use crate::account::verification::{EmailCode, EMAIL};
use crate::protocol::secret::AccessToken;
use serde_json::{json, Value};

/// Longest device name sent with `VerifySoftwareToken` (Cognito shows it in the console).
pub const MAX_DEVICE_NAME_CHARS: usize = 64;

/// One request to the user-pools API: where it goes is [`Self::target`], what it says
/// [`Self::body`]. Built only by the functions below.
#[derive(Clone, PartialEq, Eq)]
pub struct AccountRequest {
    operation: Operation,
    body: String,
}

impl AccountRequest {
    fn new(operation: Operation, body: &Value) -> Self {
        Self {
            operation,
            body: body.to_string(),
        }
    }

    /// The operation.
    pub fn operation(&self) -> Operation {
        self.operation
    }

    /// The `X-Amz-Target` header's value.
    pub fn target(&self) -> &'static str {
        self.operation.target()
    }

    /// The JSON body: holds the access token, so only the request itself reads it.
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl std::fmt::Debug for AccountRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRequest")
            .field("target", &self.target())
            .field("body", &"[redacted]")
            .finish()
    }
}

/// The two TOTP settings the page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TotpPreference {
    /// TOTP on and preferred: Cognito asks for a code at every password sign-in.
    Preferred,
    /// TOTP off (the enrolled app is forgotten by Cognito's MFA settings).
    Off,
}

/// `GetUser`.
pub fn get_user(token: &AccessToken) -> AccountRequest {
    AccountRequest::new(Operation::GetUser, &only_token(token))
}

/// `UpdateUserAttributes` with checked changes.
pub fn update_user_attributes(token: &AccessToken, changes: &AttributeChanges) -> AccountRequest {
    let attributes: Vec<Value> = changes
        .updates()
        .iter()
        .map(|u| json!({ "Name": u.name(), "Value": u.value() }))
        .collect();
    AccountRequest::new(
        Operation::UpdateUserAttributes,
        &json!({ "AccessToken": token.secret(), "UserAttributes": attributes }),
    )
}

/// `ChangePassword` from `previous` to `proposed`.
pub fn change_password(
    token: &AccessToken,
    previous: &Password,
    proposed: &Password,
) -> AccountRequest {
    AccountRequest::new(
        Operation::ChangePassword,
        &json!({
            "AccessToken": token.secret(),
            "PreviousPassword": previous.secret(),
            "ProposedPassword": proposed.secret(),
        }),
    )
}

/// `AssociateSoftwareToken`: asks Cognito for a new TOTP secret for this user.
pub fn associate_software_token(token: &AccessToken) -> AccountRequest {
    AccountRequest::new(Operation::AssociateSoftwareToken, &only_token(token))
}

/// `VerifySoftwareToken` with the code the app shows; `device_name` (trimmed, bounded, control
/// characters dropped; left out when empty) labels the authenticator in Cognito.
pub fn verify_software_token(
    token: &AccessToken,
    code: &TotpCode,
    device_name: Option<&str>,
) -> AccountRequest {
    let mut body = json!({ "AccessToken": token.secret(), "UserCode": code.secret() });
    let name: String = device_name
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_DEVICE_NAME_CHARS)
        .collect();
    if let (Some(map), false) = (body.as_object_mut(), name.trim().is_empty()) {
        map.insert("FriendlyDeviceName".into(), name.trim().into());
    }
    AccountRequest::new(Operation::VerifySoftwareToken, &body)
}

/// `SetUserMFAPreference` for TOTP (SMS and email MFA are not enabled on the pool, so they are
/// left as they are).
pub fn set_totp_preference(token: &AccessToken, preference: TotpPreference) -> AccountRequest {
    let on = preference == TotpPreference::Preferred;
    AccountRequest::new(
        Operation::SetUserMfaPreference,
        &json!({
            "AccessToken": token.secret(),
            "SoftwareTokenMfaSettings": { "Enabled": on, "PreferredMfa": on },
        }),
    )
}

/// `GlobalSignOut`: every refresh token of the user revoked.
pub fn global_sign_out(token: &AccessToken) -> AccountRequest {
    AccountRequest::new(Operation::GlobalSignOut, &only_token(token))
}

/// `DeleteUser`.
pub fn delete_user(token: &AccessToken) -> AccountRequest {
    AccountRequest::new(Operation::DeleteUser, &only_token(token))
}

/// `GetUserAttributeVerificationCode` for the email address: Cognito emails a new code (to the
/// new address while an email change waits for verification).
pub fn send_email_code(token: &AccessToken) -> AccountRequest {
    AccountRequest::new(
        Operation::GetUserAttributeVerificationCode,
        &json!({ "AccessToken": token.secret(), "AttributeName": EMAIL }),
    )
}

/// `VerifyUserAttribute` for the email address with the code from the email.
pub fn verify_email(token: &AccessToken, code: &EmailCode) -> AccountRequest {
    AccountRequest::new(
        Operation::VerifyUserAttribute,
        &json!({ "AccessToken": token.secret(), "AttributeName": EMAIL, "Code": code.secret() }),
    )
}

fn only_token(token: &AccessToken) -> Value {
    json!({ "AccessToken": token.secret() })
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
