//! An email change, and what Cognito did with it: the page reads `GetUser` right after
//! `UpdateUserAttributes` and says what happened, not what the pool's settings promise. On AWS,
//! with `AttributesRequireVerificationBeforeUpdate: [email]`, the old address stays (for
//! signing in and in the tokens) until the new one is verified; the local emulator ignores that
//! setting and changes it at once.

use crate::components::redaction::masked;
use cognito_auth::account::{CodeDelivery, UserAccount};
use leptos::prelude::*;

/// An email change, and what Cognito did with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailChange {
    /// The address before.
    pub old: String,
    /// The address asked for.
    pub new: String,
    /// Where Cognito sent a verification code, if it said.
    pub sent_to: Option<String>,
    /// What Cognito did.
    pub outcome: EmailOutcome,
}

/// Whether the account's email changed, read from `GetUser` right after the change (the page
/// says what Cognito did, not what the pool's settings promise).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailOutcome {
    /// The old address stays until the new one is verified
    /// (`AttributesRequireVerificationBeforeUpdate`, AWS).
    KeptUntilVerified,
    /// The new address is the account's email already (a pool without that setting; the local
    /// emulator ignores it), verified or not.
    ChangedAtOnce {
        /// Whether `email_verified` is true.
        verified: bool,
    },
    /// `GetUser` did not answer: not known yet.
    Unknown,
}

/// What Cognito did with an email change from `old` to `new`, from `GetUser`'s answer after it.
fn email_outcome(old: &str, new: &str, after: Option<&UserAccount>) -> EmailOutcome {
    match after.and_then(|user| user.attribute("email")) {
        Some(now) if now == old && now != new => EmailOutcome::KeptUntilVerified,
        Some(now) if now == new => EmailOutcome::ChangedAtOnce {
            verified: after.is_some_and(UserAccount::email_verified),
        },
        _ => EmailOutcome::Unknown,
    }
}

/// The email change's words: kept until verified, changed at once, or not known yet.
pub fn email_words(change: EmailChange) -> impl IntoView {
    let EmailChange {
        old,
        new,
        sent_to,
        outcome,
    } = change;
    let sent = sent_to.map(|to| format!("Cognito sent a verification code to {to}."));
    let (first, second): (String, String) = match outcome {
        EmailOutcome::KeptUntilVerified => (
            "Your email is still ".into(),
            " Cognito keeps the old address, for signing in and in your tokens, until you verify the new one.".into(),
        ),
        EmailOutcome::ChangedAtOnce { verified: true } => (
            "Your email is now ".into(),
            " Cognito changed it at once and counts it as verified.".into(),
        ),
        EmailOutcome::ChangedAtOnce { verified: false } => (
            "Your email is now ".into(),
            " It is not verified yet.".into(),
        ),
        EmailOutcome::Unknown => (
            "Cognito accepted the change to ".into(),
            " Until the new address is verified, Cognito may keep the old one.".into(),
        ),
    };
    let shown = if outcome == EmailOutcome::KeptUntilVerified {
        old.clone()
    } else {
        new.clone()
    };
    view! {
        <p data-outcome=format!("{outcome:?}")>
            <strong>{first}<span>{masked(shown)}</span>"."</strong>{second}
        </p>
        <p class="hint">"Before: " <span>{masked(old)}</span> " · asked for: " <span>{masked(new)}</span></p>
        {sent.map(|s| view! { <p>{s}</p> })}
    }
}

/// When the email was changed: the old and new address, where Cognito sent the code, and
/// what it did.
pub fn email_change(
    old: &str,
    new: &str,
    deliveries: &[CodeDelivery],
    after: Option<&UserAccount>,
) -> Option<EmailChange> {
    let (old, new) = (old.trim().to_owned(), new.trim().to_owned());
    (new != old).then(|| EmailChange {
        outcome: email_outcome(&old, &new, after),
        sent_to: deliveries
            .iter()
            .find(|d| d.attribute == "email")
            .map(|d| d.destination.clone()),
        old,
        new,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_auth::account::Attribute;

    fn user(email: &str, verified: &str) -> UserAccount {
        UserAccount {
            username: "u".into(),
            attributes: vec![
                Attribute {
                    name: "email".into(),
                    value: email.into(),
                },
                Attribute {
                    name: "email_verified".into(),
                    value: verified.into(),
                },
            ],
            mfa_settings: Vec::new(),
            preferred_mfa: None,
        }
    }

    #[test]
    fn the_page_says_what_cognito_did_not_what_the_settings_promise() {
        let (old, new) = ("a@example.com", "b@example.com");
        let kept = user(old, "true");
        assert_eq!(
            email_outcome(old, new, Some(&kept)),
            EmailOutcome::KeptUntilVerified
        );
        let changed = user(new, "false");
        assert_eq!(
            email_outcome(old, new, Some(&changed)),
            EmailOutcome::ChangedAtOnce { verified: false }
        );
        assert_eq!(
            email_outcome(old, new, Some(&user(new, "true"))),
            EmailOutcome::ChangedAtOnce { verified: true }
        );
        assert_eq!(email_outcome(old, new, None), EmailOutcome::Unknown);
        assert_eq!(
            email_outcome(old, new, Some(&user("c@example.com", "true"))),
            EmailOutcome::Unknown
        );
        assert_eq!(
            email_change(old, &format!(" {old} "), &[], Some(&kept)),
            None
        );
    }
}
