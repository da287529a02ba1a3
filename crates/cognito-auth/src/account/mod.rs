//! Account self-service with the session's access token: the user-pools API calls a signed-in
//! customer may make about their own account, as pure request builders and strict answer
//! parsers.
//!
//! Cognito answers these calls (`GetUser`, `UpdateUserAttributes`, `ChangePassword`,
//! `AssociateSoftwareToken`, `VerifySoftwareToken`, `SetUserMFAPreference`, `GlobalSignOut`,
//! `DeleteUser`, and the email verification pair `GetUserAttributeVerificationCode` and
//! `VerifyUserAttribute`) on `https://cognito-idp.<region>.amazonaws.com/` (config
//! `endpoints.idp`) for an access token that carries the `aws.cognito.signin.user.admin` scope
//! (checked before sending, [`scope`]): a `POST` with `Content-Type:
//! application/x-amz-json-1.1` and `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`
//! ([`operation`]), the token inside the JSON body ([`request`]). No `SigV4` signature: the access token is the credential.
//!
//! Every answer is hostile until parsed ([`answer`]): size first, then types, then bounds; an
//! error answer becomes an [`error::AccountError`] worded for people. Values that must never be
//! logged (passwords, the TOTP secret and codes) are newtypes with a redacted `Debug`
//! ([`password`], [`totp`]). Which attributes a customer may change is decided here
//! ([`attributes::WRITABLE`]) and again by the app client's `WriteAttributes`.

pub mod answer;
pub mod attributes;
pub mod error;
mod explain;
pub mod operation;
pub mod password;
pub mod request;
pub mod scope;
pub mod totp;
pub mod verification;

pub use answer::{Attribute, CodeDelivery, UserAccount, VerifyStatus};
pub use attributes::{AttributeChanges, AttributeProblem, AttributeUpdate};
pub use error::{AccountError, CognitoErrorCode};
pub use operation::Operation;
pub use password::{Password, PasswordRule};
pub use request::{AccountRequest, TotpPreference};
pub use totp::{OtpauthUri, TotpCode, TotpSecret};
pub use verification::EmailCode;
