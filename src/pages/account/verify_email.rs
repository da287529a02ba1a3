//! Verifying a new email that Cognito keeps pending: with
//! `AttributesRequireVerificationBeforeUpdate` the old address stays the account's until the
//! code Cognito emailed to the new one is typed back (`VerifyUserAttribute`). "Send the code
//! again" asks for a new one (`GetUserAttributeVerificationCode`). The code proves control of
//! the new mailbox: it lives in the field only, never in storage, a log or telemetry.

use super::attributes::Saved;
use super::code_field::CodeField;
use super::email::EmailOutcome;
use super::feedback::{on_submit, BusyButton, Status};
use super::job::Job;
use super::user::{explained, UserLoad};
use crate::components::error_panel::ErrorPanel;
use crate::components::redaction::masked;
use cognito_auth::account::EmailCode;
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::{use_auth, Refreshed};

/// Whether Cognito sent a code to the new address that must come back: while it keeps the old
/// address (AWS with `AttributesRequireVerificationBeforeUpdate`), or when it took the new one
/// unverified (a pool without that setting).
pub fn needs_code(outcome: EmailOutcome) -> bool {
    matches!(
        outcome,
        EmailOutcome::KeptUntilVerified | EmailOutcome::ChangedAtOnce { verified: false }
    )
}

/// For an account whose email is not verified (and no change is waiting on this page): the same
/// form, starting with "Send a code".
#[component]
pub fn UnverifiedEmail(account: UserLoad, result: RwSignal<Option<Saved>>) -> impl IntoView {
    // Keyed by the address: a reload after another change (two-factor on, a name saved) keeps
    // the form, and what is typed in it.
    let unverified = Memo::new(move |_| {
        account
            .user()
            .filter(|user| !user.email_verified())
            .and_then(|user| user.attribute("email").map(str::to_owned))
    });
    move || {
        let shown_elsewhere = result.with(|r| match r {
            Some(Saved::Done {
                email: Some(change),
                ..
            }) => needs_code(change.outcome),
            Some(Saved::EmailVerified { .. }) => true,
            _ => false,
        });
        let email = unverified.get().filter(|_| !shown_elsewhere)?;
        Some(view! {
            <div class="account-result email-unverified" data-testid="email-unverified">
                <p>"Your email is not verified yet. Send a code to it, then type the code here."</p>
                <VerifyNewEmail new=email account result sent=false/>
            </div>
        })
    }
}

/// The code field and "Send the code again", under the words of a pending email change.
#[component]
pub fn VerifyNewEmail(
    /// The address asked for (the code went there).
    new: String,
    account: UserLoad,
    /// The card's result: replaced by "verified" once the code is accepted.
    result: RwSignal<Option<Saved>>,
    /// Whether Cognito has sent a code already (after a change it has, on its own).
    #[prop(default = true)]
    sent: bool,
) -> impl IntoView {
    let auth = use_auth();
    let status = Status::use_status();
    let typed = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Explanation>);
    let (verify, resend) = (Job::new(), Job::new());
    // One request at a time: a new code makes the one being checked stale.
    let either = Signal::derive(move || verify.busy().get() || resend.busy().get());
    let submit = move || {
        if resend.busy().get_untracked() {
            return;
        }
        let code = match EmailCode::parse(&typed.get_untracked()) {
            Ok(code) => code,
            Err(reason) => {
                status.say("The code was not sent.");
                failure.set(Some(not_a_code(reason)));
                return;
            }
        };
        status.clear();
        failure.set(None);
        verify.run(
            async move { auth.account().verify_email(&code).await },
            move |answer| match answer {
                Ok(refreshed) => {
                    typed.set(String::new());
                    status.say("Your new email is verified.");
                    result.set(Some(Saved::EmailVerified {
                        refreshed: refreshed == Refreshed::Yes,
                    }));
                    account.reload();
                }
                Err(e) => {
                    status.say("The new email is not verified yet.");
                    failure.set(Some(explained(&e).0));
                }
            },
        );
    };
    let send_again = Callback::new(move |()| {
        if verify.busy().get_untracked() {
            return;
        }
        status.clear();
        failure.set(None);
        resend.run(
            async move { auth.account().send_email_code().await },
            move |answer| match answer {
                Ok(delivery) => {
                    typed.set(String::new());
                    status.say(format!(
                        "A new code was sent to {}. Only the newest code counts.",
                        delivery.destination
                    ));
                }
                Err(e) => {
                    status.say("No new code was sent.");
                    failure.set(Some(explained(&e).0));
                }
            },
        );
    });
    view! {
        <form class="account-form verify-email" on:submit=on_submit(either, submit) data-testid="verify-email">
            <CodeField id="email-code" typed>
                {if sent { "The 6-digit code sent to " } else { "The 6-digit code from the email to " }}
                <span>{masked(new)}</span>
            </CodeField>
            <div class="actions">
                <BusyButton label="Verify the new email" busy_label="Checking the code…" busy=verify.busy() held=resend.busy() class="primary"/>
                <BusyButton label=if sent { "Send the code again" } else { "Send a code" } busy_label="Sending…" busy=resend.busy() held=verify.busy() on_press=send_again/>
            </div>
        </form>
        {move || failure.get().map(|explanation| view! { <ErrorPanel explanation/> })}
    }
}

/// What the user typed is not a code: said before anything is sent.
fn not_a_code(reason: &str) -> Explanation {
    Explanation {
        title: "That is not a code from the verification email".to_owned(),
        detail: "A code is exactly six digits. Nothing was sent.".to_owned(),
        code: None,
        description: None,
        action: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_asked_for_whenever_the_new_address_waits_for_one() {
        assert!(needs_code(EmailOutcome::KeptUntilVerified));
        assert!(needs_code(EmailOutcome::ChangedAtOnce { verified: false }));
        assert!(!needs_code(EmailOutcome::ChangedAtOnce { verified: true }));
        assert!(!needs_code(EmailOutcome::Unknown));
    }
}
