//! The ten user-pools API operations the account page calls, and how each is addressed.

/// The `Content-Type` of every user-pools API request (and answer).
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The header naming the operation.
pub const TARGET_HEADER: &str = "X-Amz-Target";

/// One user-pools API operation a signed-in user may call about their own account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Reads the user's attributes and MFA settings.
    GetUser,
    /// Changes attributes (names, email).
    UpdateUserAttributes,
    /// Changes the password, given the current one.
    ChangePassword,
    /// Starts enrolling an authenticator app: Cognito answers with the TOTP secret.
    AssociateSoftwareToken,
    /// Finishes enrolling: checks a code the app computed from the secret.
    VerifySoftwareToken,
    /// Turns TOTP MFA on (preferred) or off.
    SetUserMfaPreference,
    /// Revokes every refresh token of the user, on every device.
    GlobalSignOut,
    /// Deletes the user.
    DeleteUser,
    /// Emails a code to the user's (new, unverified) address.
    GetUserAttributeVerificationCode,
    /// Checks that code: the address becomes verified (and, with verification before update, the
    /// user's email).
    VerifyUserAttribute,
}

impl Operation {
    /// Every operation, for tests and tables.
    pub const ALL: [Operation; 10] = [
        Operation::GetUser,
        Operation::UpdateUserAttributes,
        Operation::ChangePassword,
        Operation::AssociateSoftwareToken,
        Operation::VerifySoftwareToken,
        Operation::SetUserMfaPreference,
        Operation::GlobalSignOut,
        Operation::DeleteUser,
        Operation::GetUserAttributeVerificationCode,
        Operation::VerifyUserAttribute,
    ];

    /// The `X-Amz-Target` header's value.
    pub fn target(self) -> &'static str {
        match self {
            Self::GetUser => "AWSCognitoIdentityProviderService.GetUser",
            Self::UpdateUserAttributes => "AWSCognitoIdentityProviderService.UpdateUserAttributes",
            Self::ChangePassword => "AWSCognitoIdentityProviderService.ChangePassword",
            Self::AssociateSoftwareToken => {
                "AWSCognitoIdentityProviderService.AssociateSoftwareToken"
            }
            Self::VerifySoftwareToken => "AWSCognitoIdentityProviderService.VerifySoftwareToken",
            Self::SetUserMfaPreference => "AWSCognitoIdentityProviderService.SetUserMFAPreference",
            Self::GlobalSignOut => "AWSCognitoIdentityProviderService.GlobalSignOut",
            Self::DeleteUser => "AWSCognitoIdentityProviderService.DeleteUser",
            Self::GetUserAttributeVerificationCode => {
                "AWSCognitoIdentityProviderService.GetUserAttributeVerificationCode"
            }
            Self::VerifyUserAttribute => "AWSCognitoIdentityProviderService.VerifyUserAttribute",
        }
    }

    /// The operation's name as the API spells it (`SetUserMFAPreference`), shown beside errors.
    pub fn name(self) -> &'static str {
        self.target()
            .strip_prefix("AWSCognitoIdentityProviderService.")
            .unwrap_or_default()
    }

    /// What the call does, in words: "Cognito refused {describe}".
    pub fn describe(self) -> &'static str {
        match self {
            Self::GetUser => "reading your account",
            Self::UpdateUserAttributes => "saving your details",
            Self::ChangePassword => "changing your password",
            Self::AssociateSoftwareToken => "starting the authenticator set-up",
            Self::VerifySoftwareToken => "checking the authenticator code",
            Self::SetUserMfaPreference => "changing your two-factor setting",
            Self::GlobalSignOut => "signing you out of every device",
            Self::DeleteUser => "deleting your account",
            Self::GetUserAttributeVerificationCode => "sending a verification code",
            Self::VerifyUserAttribute => "checking the verification code",
        }
    }

    /// Whether the call changes the account (or the user's sessions). After such a call got no
    /// answer, Cognito may still have made the change: the request can be lost on the way back
    /// as well as on the way there, so the page must not say "nothing was changed".
    pub fn changes_something(self) -> bool {
        !matches!(
            self,
            Self::GetUser | Self::AssociateSoftwareToken | Self::GetUserAttributeVerificationCode
        )
    }
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
