//! Whether the signed-in account has two-factor sign-in, from `GetUser`'s `UserMFASettingList`.
//!
//! The API access page says whether its scripts will be asked for a code; the home page tells a
//! member of `admins` without an authenticator that their account needs one. Both ask Cognito
//! (with the session's access token, through the library's account client) rather than guess
//! from the tokens: no token says whether its user has an authenticator.

use crate::components::error_panel::Explained;
use crate::components::load::load;
use cognito_auth::account::UserAccount;
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// The account's second factor, as far as signing in is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TwoFactor {
    /// An authenticator app (TOTP) is on: Cognito asks for its code at every sign-in
    /// (`SOFTWARE_TOKEN_MFA`), which the scripts answer.
    AuthenticatorApp,
    /// Only another factor is on (text-message or email codes: `SMS_MFA`, `EMAIL_OTP`), which
    /// the scripts do not answer. The portal's template enables neither, but a pool may.
    OtherOnly,
    /// No second factor: the password alone signs in.
    PasswordOnly,
}

impl TwoFactor {
    /// Reads `UserMFASettingList`: an authenticator counts whatever else is on (a script is
    /// asked for the preferred factor, and the portal's only one is the authenticator).
    pub fn of(account: &UserAccount) -> Self {
        if account.totp_enabled() {
            Self::AuthenticatorApp
        } else if !account.mfa_settings.is_empty() {
            Self::OtherOnly
        } else {
            Self::PasswordOnly
        }
    }

    /// A stable name for tests and styling (`data-two-factor`).
    pub fn code(self) -> &'static str {
        match self {
            Self::AuthenticatorApp => "authenticator-app",
            Self::OtherOnly => "other-only",
            Self::PasswordOnly => "password-only",
        }
    }
}

/// The signed-in account's two-factor setting, loaded once when created (see [`load`]).
pub type TwoFactorAnswer = LocalResource<Result<TwoFactor, Explained>>;

/// Asks Cognito (`GetUser`, through the library's account client, with the session's access
/// token) for the signed-in account's two-factor setting.
pub fn load_two_factor() -> TwoFactorAnswer {
    let account = use_auth().account();
    load(move || async move {
        account
            .get_user()
            .await
            .map(|user| TwoFactor::of(&user))
            .map_err(|e| Explained(e.explain()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_auth::account::Attribute;

    fn account(mfa: &[&str]) -> UserAccount {
        UserAccount {
            username: "u".into(),
            attributes: vec![Attribute {
                name: "email".into(),
                value: "u@example.com".into(),
            }],
            mfa_settings: mfa.iter().map(|m| (*m).to_owned()).collect(),
            preferred_mfa: None,
        }
    }

    #[test]
    fn the_setting_list_decides_what_a_script_will_be_asked() {
        assert_eq!(TwoFactor::of(&account(&[])), TwoFactor::PasswordOnly);
        assert_eq!(
            TwoFactor::of(&account(&["SOFTWARE_TOKEN_MFA"])),
            TwoFactor::AuthenticatorApp
        );
        assert_eq!(
            TwoFactor::of(&account(&["SMS_MFA", "SOFTWARE_TOKEN_MFA"])),
            TwoFactor::AuthenticatorApp
        );
        // Factors the scripts cannot answer, Cognito's later ones included: not "password only",
        // which would promise a script that signs in without a code.
        for other in ["SMS_MFA", "EMAIL_OTP", "SOMETHING_NEW"] {
            assert_eq!(
                TwoFactor::of(&account(&[other])),
                TwoFactor::OtherOnly,
                "{other}"
            );
        }
    }
}
