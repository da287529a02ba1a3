//! The account client: the user-pools API calls a signed-in user makes about their own account
//! (`GetUser`, `UpdateUserAttributes`, `ChangePassword`, the TOTP calls, `GlobalSignOut`,
//! `DeleteUser`, email verification). The core builds each request and reads each answer
//! ([`cognito_auth::account`]); this only sends them.
//!
//! The access token comes from [`Auth::fresh_session`], the one path every call with a token
//! takes: a due refresh runs first, an expired token is never sent. A token without the
//! `aws.cognito.signin.user.admin` scope is never sent either: the call fails at once with
//! [`AccountError::MissingScope`] (no refresh, no retry: the config is wrong, not the
//! session). An answer saying the session
//! is over (`NotAuthorizedException` outside `ChangePassword`, `UserNotFoundException`) makes the
//! session machine refresh (`ForceRefresh`): if Cognito still accepts the refresh token, the call
//! is retried once with the new access token; if not, the refresh's `invalid_grant` ends the
//! session in every tab, as any refused refresh does.

use crate::http::Endpoint;
use crate::{browser, http, pending_store, Auth};
use cognito_auth::account::answer::{
    parse_associate_software_token, parse_empty, parse_get_user, parse_send_email_code,
    parse_update_user_attributes, parse_verify_software_token,
};
use cognito_auth::account::password::unmet_rules;
use cognito_auth::account::request::{self, AccountRequest};
use cognito_auth::account::scope::check_account_scope;
use cognito_auth::account::{
    AccountError, AttributeChanges, CodeDelivery, EmailCode, Operation, Password, TotpCode,
    TotpPreference, TotpSecret, UserAccount, VerifyStatus,
};
use cognito_auth::protocol::http::HttpAnswer;
use cognito_auth::protocol::secret::AccessToken;
use cognito_auth::session::machine::{SignOutReason, MIN_RETRY_SECS};
use cognito_auth::session::Event;
use leptos::prelude::*;
use std::time::Duration;

/// An account call that gets no answer in this time counts as a network failure.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);

/// Whether the tokens were refreshed after a save, so the ID token's claims show the new values.
/// The page says "your tokens were refreshed" only for [`Refreshed::Yes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refreshed {
    /// New tokens are held: the claims show what was saved.
    Yes,
    /// The refresh did not bring new tokens (no refresh token, Cognito refused, the network
    /// failed): the claims still show the old values until the next refresh.
    No,
}

/// The account client. Obtained from [`Auth::account`]; cheap to copy.
#[derive(Clone, Copy)]
pub struct AccountClient {
    auth: Auth,
}

impl Auth {
    /// The account client for the signed-in user. Each call fails with
    /// [`AccountError::Session`] when there is no usable session.
    pub fn account(&self) -> AccountClient {
        AccountClient { auth: *self }
    }

    /// Why the session ended, when it did (for the signed-out page: "You signed out of every
    /// device", "Your account was deleted"), reactively.
    pub fn sign_out_reason(&self) -> Option<SignOutReason> {
        self.life.with(|s| match &s.phase {
            cognito_auth::session::machine::Phase::SignedOut { reason } => reason.clone(),
            _ => None,
        })
    }
}

impl AccountClient {
    /// `GetUser`: the user's attributes and MFA settings.
    ///
    /// # Errors
    /// [`AccountError`]: no session, no answer, Cognito's error, or an unreadable answer.
    pub async fn get_user(&self) -> Result<UserAccount, AccountError> {
        let answer = self.call(request::get_user).await?;
        parse_get_user(&answer)
    }

    /// `UpdateUserAttributes` with checked changes, then a token refresh so the ID token's claims
    /// show the new values. Returns where Cognito sent verification codes (an email change: the
    /// old address stays until the new one is verified) and whether the refresh happened.
    ///
    /// # Errors
    /// As [`Self::get_user`] (the changes were checked when [`AttributeChanges`] was made).
    pub async fn update_attributes(
        &self,
        changes: &AttributeChanges,
    ) -> Result<(Vec<CodeDelivery>, Refreshed), AccountError> {
        let answer = self
            .call(|token| request::update_user_attributes(token, changes))
            .await?;
        let deliveries = parse_update_user_attributes(&answer)?;
        let refreshed = self.refresh_claims().await;
        Ok((deliveries, refreshed))
    }

    /// `GetUserAttributeVerificationCode` for the email: Cognito emails a new code (to the new
    /// address while an email change waits). Returns where it went (masked by Cognito).
    ///
    /// # Errors
    /// As [`Self::get_user`]; too many requests are `LimitExceededException`.
    pub async fn send_email_code(&self) -> Result<CodeDelivery, AccountError> {
        let answer = self.call(request::send_email_code).await?;
        parse_send_email_code(&answer)
    }

    /// `VerifyUserAttribute` for the email with the emailed code; then a token refresh so the
    /// claims show the verified (or newly adopted) address.
    ///
    /// # Errors
    /// As [`Self::get_user`]; a wrong code is `CodeMismatchException`, an old one
    /// `ExpiredCodeException`.
    pub async fn verify_email(&self, code: &EmailCode) -> Result<Refreshed, AccountError> {
        let answer = self
            .call(|token| request::verify_email(token, code))
            .await?;
        parse_empty(Operation::VerifyUserAttribute, &answer)?;
        Ok(self.refresh_claims().await)
    }

    /// `ChangePassword`: the new password is checked against the pool's policy (config
    /// `passwordPolicy`) before it is sent.
    ///
    /// # Errors
    /// [`AccountError::WeakPassword`] with every unmet rule; otherwise as [`Self::get_user`]
    /// (a wrong current password is `NotAuthorizedException`).
    pub async fn change_password(
        &self,
        previous: &Password,
        proposed: &Password,
    ) -> Result<(), AccountError> {
        let unmet = unmet_rules(&self.auth.config().password_policy, proposed);
        if !unmet.is_empty() {
            return Err(AccountError::WeakPassword(unmet));
        }
        let answer = self
            .call(|token| request::change_password(token, previous, proposed))
            .await?;
        parse_empty(Operation::ChangePassword, &answer)
    }

    /// `AssociateSoftwareToken`: a new TOTP secret, for the QR code
    /// ([`cognito_auth::account::totp::otpauth_uri`]) and manual entry. Show it; never keep it.
    ///
    /// # Errors
    /// As [`Self::get_user`].
    pub async fn start_totp(&self) -> Result<TotpSecret, AccountError> {
        let answer = self.call(request::associate_software_token).await?;
        parse_associate_software_token(&answer)
    }

    /// `VerifySoftwareToken` with the code the app shows.
    ///
    /// # Errors
    /// As [`Self::get_user`]; a wrong code is Cognito's error
    /// (`EnableSoftwareTokenMFAException` or `CodeMismatchException`) or
    /// [`VerifyStatus::Error`].
    pub async fn verify_totp(
        &self,
        code: &TotpCode,
        device_name: Option<&str>,
    ) -> Result<VerifyStatus, AccountError> {
        let answer = self
            .call(|token| request::verify_software_token(token, code, device_name))
            .await?;
        parse_verify_software_token(&answer)
    }

    /// `SetUserMFAPreference` for TOTP: on and preferred, or off.
    ///
    /// # Errors
    /// As [`Self::get_user`].
    pub async fn set_totp(&self, preference: TotpPreference) -> Result<(), AccountError> {
        let answer = self
            .call(|token| request::set_totp_preference(token, preference))
            .await?;
        parse_empty(Operation::SetUserMfaPreference, &answer)
    }

    /// `GlobalSignOut`: every refresh token of the user revoked. Then the session ends here and
    /// in every tab ("You signed out of every device"), and this tab leaves through Cognito's
    /// `/logout` (`GlobalSignOut` leaves the hosted UI's session cookie).
    ///
    /// # Errors
    /// As [`Self::get_user`]; the session is kept when the call fails.
    pub async fn sign_out_everywhere(&self) -> Result<(), AccountError> {
        let answer = self.call(request::global_sign_out).await?;
        parse_empty(Operation::GlobalSignOut, &answer)?;
        self.end_session(SignOutReason::SignedOutEverywhere {
            in_other_tab: false,
        });
        Ok(())
    }

    /// `DeleteUser`. Then the session ends here and in every tab ("Your account was deleted"),
    /// and this tab leaves through Cognito's `/logout` (`DeleteUser` leaves the hosted UI's
    /// session cookie).
    ///
    /// # Errors
    /// As [`Self::get_user`]; the session is kept when the call fails.
    pub async fn delete_account(&self) -> Result<(), AccountError> {
        let answer = self.call(request::delete_user).await?;
        parse_empty(Operation::DeleteUser, &answer)?;
        self.end_session(SignOutReason::AccountDeleted {
            in_other_tab: false,
        });
        Ok(())
    }

    /// Ends the session here and in every tab; this tab then leaves through Cognito's `/logout`
    /// and comes back to the landing, which shows `reason` from the marker left first.
    fn end_session(&self, reason: SignOutReason) {
        pending_store::leave_signed_out_reason(&reason);
        self.auth.dispatch(Event::SignOut(reason));
    }

    /// Sends the request `build` makes with a fresh access token that carries the account scope;
    /// after an answer saying the session is over, refreshes and retries once.
    async fn call(
        &self,
        build: impl Fn(&AccessToken) -> AccountRequest,
    ) -> Result<HttpAnswer, AccountError> {
        let mut retried = false;
        loop {
            let tokens = self
                .auth
                .fresh_session()
                .await
                .map_err(AccountError::Session)?;
            let request = build(&tokens.access_token);
            let operation = request.operation();
            check_account_scope(&tokens.access_token, operation)?;
            let answer = http::post_amz_json_with_timeout(
                &self.auth.config().endpoints.idp,
                request.target(),
                request.body(),
                Endpoint::UserPools,
                CALL_TIMEOUT,
            )
            .await
            .map_err(|e| AccountError::Network {
                operation,
                detail: e.detail,
            })?;
            if answer.status == 200 || retried {
                return Ok(answer);
            }
            let refused = AccountError::from_answer(operation, answer.status, &answer.body);
            if !refused.session_is_over() {
                return Ok(answer);
            }
            // Revoked elsewhere, or expired on Cognito's clock: the machine finds out which.
            retried = true;
            let renewed = self
                .auth
                .force_refresh()
                .await
                .is_some_and(|t| t.access_token.secret() != tokens.access_token.secret());
            if !renewed {
                return Ok(answer);
            }
        }
    }

    /// Refreshes the tokens so the ID token carries the attributes just saved. The machine
    /// refreshes on `ForceRefresh` only if its last attempt is [`MIN_RETRY_SECS`] old (its loop
    /// guard), so a save right after a refresh waits for that once.
    async fn refresh_claims(&self) -> Refreshed {
        let before = self
            .auth
            .state_untracked()
            .tokens()
            .map(|t| t.id_token.secret().to_owned());
        for _ in 0..2 {
            let now = self.auth.force_refresh().await;
            if now.is_some_and(|t| before.as_deref() != Some(t.id_token.secret())) {
                return Refreshed::Yes;
            }
            let wait = self.auth.life.with_untracked(|s| {
                s.last_attempt_at.map_or(0, |t| {
                    t.0.saturating_add(MIN_RETRY_SECS)
                        .saturating_sub(browser::now().0)
                })
            });
            if wait <= 0 {
                return Refreshed::No;
            }
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "wait is between 1 and MIN_RETRY_SECS seconds"
            )]
            browser::sleep_ms((wait * 1000) as u32).await;
        }
        Refreshed::No
    }
}
