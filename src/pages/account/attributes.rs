//! Your details: the attributes `GetUser` returns, the writable ones in a form saved with
//! `UpdateUserAttributes`.
//!
//! Only changed fields are sent. A new email is not the account's email until it is verified:
//! the pool requires verification before update (`AttributesRequireVerificationBeforeUpdate`),
//! so Cognito keeps the old address (for sign-in and in the tokens) and sends a code to the new
//! one; the page says so in those words. After a save the library refreshes the tokens, so the
//! header, the home page's claims and `/me` show the new names.

use super::email::{email_change, email_words, EmailChange, EmailOutcome};
use super::feedback::{on_submit, BusyButton, Status};
use super::job::Job;
use super::user::{explained, with_account, UserLoad};
use super::verify_email::{needs_code, UnverifiedEmail, VerifyNewEmail};
use crate::components::error_panel::ErrorPanel;
use crate::components::redaction::{masked, redacted};
use cognito_auth::account::{
    AccountError, AttributeChanges, AttributeProblem, AttributeUpdate, CodeDelivery, UserAccount,
};
use cognito_auth::inspector::redact::MASK;
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::{use_auth, Refreshed};

/// The fields the form offers, with their labels (a subset of the core's `WRITABLE`).
const FIELDS: [(&str, &str, &str); 3] = [
    ("given_name", "Given name", "given-name"),
    ("family_name", "Family name", "family-name"),
    ("email", "Email", "email"),
];

/// The "Your details" card.
#[component]
pub fn AttributesCard(account: UserLoad) -> impl IntoView {
    // Here, not in the form: it must outlive the reload a save starts.
    let result = RwSignal::new(None::<Saved>);
    view! {
        <section class="card account-attributes" aria-labelledby="account-details">
            <h2 id="account-details">"Your details"</h2>
            {with_account(account, true, move || view! { <DetailsForm account result/> })}
            {move || result.get().map(|saved| result_view(saved, account, result))}
            <UnverifiedEmail account result/>
            <AllAttributes account/>
        </section>
    }
}

/// `UpdateUserAttributes`' deliveries, whether the tokens were refreshed, and `GetUser` after.
type SaveAnswer = (Vec<CodeDelivery>, Refreshed, Option<UserAccount>);

/// The status line when the save worked but the tokens were not refreshed: never claim a
/// refresh that did not happen.
const NOT_REFRESHED: &str = "Saved. Your tokens could not be refreshed yet, so your claims show \
                             the new details after the next refresh or sign-in.";

/// What a save ended with, for the card (the status line says it too).
#[derive(Clone)]
pub enum Saved {
    /// Saved; `email` when the email was changed; `refreshed` when new tokens are held.
    Done {
        email: Option<EmailChange>,
        refreshed: bool,
    },
    /// The new email was verified with the emailed code.
    EmailVerified { refreshed: bool },
    /// Refused before or by Cognito.
    Failed(Explanation),
}

#[component]
fn DetailsForm(account: UserLoad, result: RwSignal<Option<Saved>>) -> impl IntoView {
    let auth = use_auth();
    let status = Status::use_status();
    // What Cognito has, and what the fields hold. A (re)load answer (after any change on the
    // page, e.g. two-factor sign-in turned on) resets only the fields the user has not typed in
    // since the last save: unsaved edits stay.
    let loaded = StoredValue::new(Vec::<(&'static str, String)>::new());
    let drafts: [RwSignal<String>; 3] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let edited = StoredValue::new([false; 3]);
    let email_verified = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(user) = account.user() else { return };
        let values = field_values(&user);
        let edited = edited.get_value();
        for ((draft, (_, value)), edited) in drafts.iter().zip(&values).zip(edited) {
            if !edited {
                draft.set(value.clone());
            }
        }
        loaded.set_value(values);
        email_verified.set(user.attribute("email_verified") == Some("true"));
    });
    let save = Job::new();
    let busy = save.busy();
    // What the save ended with: the status line and the card's result say the same.
    let saved = move |answer: Result<SaveAnswer, AccountError>| match answer {
        Ok((deliveries, refreshed, after)) => {
            let email = email_draft(&loaded.get_value(), &drafts)
                .and_then(|(old, new)| email_change(&old, &new, &deliveries, after.as_ref()));
            let refreshed = refreshed == Refreshed::Yes;
            status.say(match (email.as_ref().map(|e| e.outcome), refreshed) {
                (Some(EmailOutcome::KeptUntilVerified), _) => {
                    "Saved. Your new email is waiting for verification."
                }
                (Some(EmailOutcome::ChangedAtOnce { .. }), _) => "Saved. Your email was changed.",
                (_, true) => "Saved. Your tokens were refreshed with the new details.",
                (_, false) => NOT_REFRESHED,
            });
            result.set(Some(Saved::Done { email, refreshed }));
            // Saved: the reload's answer is what the fields show now (for an email Cognito
            // keeps until verified, the old address, with the new one pending below).
            edited.set_value([false; 3]);
            account.reload();
        }
        Err(e) => {
            status.say("Not saved.");
            result.set(Some(Saved::Failed(explained(&e).0)));
        }
    };
    let submit = move || {
        let changes = changes(&loaded.get_value(), &drafts);
        if changes.is_empty() {
            status.say("Nothing to save: no field was changed.");
            result.set(None);
            return;
        }
        match checked(&changes) {
            Err(problem) => {
                status.say("Not saved: a field needs correcting.");
                result.set(Some(Saved::Failed(problem_words(&problem))));
            }
            Ok(changes) => {
                status.clear();
                result.set(None);
                // The save, then GetUser, so the page can say what Cognito did with an email
                // change.
                save.run(
                    async move {
                        let account = auth.account();
                        let (deliveries, refreshed) = account.update_attributes(&changes).await?;
                        Ok((deliveries, refreshed, account.get_user().await.ok()))
                    },
                    saved,
                );
            }
        }
    };
    view! {
        <form class="account-form" on:submit=on_submit(busy, submit)>
            {FIELDS.iter().zip(drafts).enumerate().map(|(i, ((name, label, autocomplete), draft))| {
                let id = format!("account-{name}");
                view! {
                    <div class="field">
                        <label for=id.clone()>{*label}</label>
                        <input
                            id=id
                            name=*name
                            type=if *name == "email" { "email" } else { "text" }
                            autocomplete=*autocomplete
                            readonly=redacted
                            prop:value=move || if redacted() { MASK.to_owned() } else { draft.get() }
                            on:input=move |ev| if !redacted() {
                                draft.set(event_target_value(&ev));
                                edited.update_value(|edited| {
                                    if let Some(field) = edited.get_mut(i) {
                                        *field = true;
                                    }
                                });
                            }
                        />
                        {(*name == "email").then_some(move || verified_chip(email_verified.get()))}
                    </div>
                }
            }).collect_view()}
            <BusyButton label="Save" busy_label="Saving…" busy class="primary"/>
        </form>
    }
}

/// Every attribute Cognito returned, the form's ones included, as text.
#[component]
fn AllAttributes(account: UserLoad) -> impl IntoView {
    move || {
        account.user().map(|user| {
            view! {
                <details class="account-other">
                    <summary>"Everything Cognito keeps about you"</summary>
                    <dl class="profile account-all">
                        {user.attributes.into_iter().map(|a| view! {
                            <dt><code>{a.name}</code></dt><dd>{masked(a.value)}</dd>
                        }).collect_view()}
                    </dl>
                </details>
            }
        })
    }
}

/// The form's fields as Cognito has them (empty when absent).
fn field_values(user: &UserAccount) -> Vec<(&'static str, String)> {
    FIELDS
        .iter()
        .map(|(name, _, _)| (*name, user.attribute(name).unwrap_or_default().to_owned()))
        .collect()
}

fn verified_chip(verified: bool) -> impl IntoView {
    let (class, text) = if verified {
        ("chip verified", "verified")
    } else {
        ("chip unverified", "not verified")
    };
    view! { <span class=class data-testid="email-verified">{text}</span> }
}

fn result_view(saved: Saved, account: UserLoad, result: RwSignal<Option<Saved>>) -> AnyView {
    match saved {
        Saved::Done { email: None, refreshed: true } => view! {
            <p class="account-result" data-testid="attributes-saved">"Saved. Your profile, your claims and the API's "<code>"/me"</code>" now show the new details."</p>
        }
        .into_any(),
        Saved::Done { email: None, refreshed: false } => view! {
            <p class="account-result" data-testid="attributes-saved">"Saved in Cognito. Your tokens could not be refreshed yet: your claims and the API's "<code>"/me"</code>" show the new details after the next refresh, or when you sign in again."</p>
        }
        .into_any(),
        Saved::Done { email: Some(change), .. } => {
            let pending = needs_code(change.outcome).then(|| change.new.clone());
            view! {
                <div class="account-result email-change" data-testid="email-change">
                    {email_words(change)}
                    {pending.map(|new| view! { <VerifyNewEmail new account result/> })}
                </div>
            }
            .into_any()
        }
        Saved::EmailVerified { refreshed } => view! {
            <p class="account-result" data-testid="email-verified-now">
                "Your new email is verified: Cognito now uses it for signing in"
                {if refreshed { " and in your tokens." } else { ", and your tokens show it after the next refresh." }}
            </p>
        }
        .into_any(),
        Saved::Failed(explanation) => view! { <ErrorPanel explanation/> }.into_any(),
    }
}

/// The fields whose draft differs from what was loaded, trimmed.
fn changes(
    loaded: &[(&'static str, String)],
    drafts: &[RwSignal<String>; 3],
) -> Vec<(&'static str, String)> {
    loaded
        .iter()
        .zip(drafts)
        .map(|((name, old), draft)| (*name, old, draft.get_untracked()))
        .filter(|(_, old, new)| new.trim() != old.trim())
        .map(|(name, _, new)| (name, new))
        .collect()
}

/// The changes, checked by the core, or the first problem.
fn checked(changes: &[(&'static str, String)]) -> Result<AttributeChanges, AttributeProblem> {
    let updates = changes
        .iter()
        .map(|(name, value)| AttributeUpdate::new(name, value))
        .collect::<Result<Vec<_>, _>>()?;
    AttributeChanges::new(updates)
}

fn problem_words(problem: &AttributeProblem) -> Explanation {
    AccountError::Attribute(problem.clone()).explain()
}

/// The email as loaded and as typed.
fn email_draft(
    loaded: &[(&'static str, String)],
    drafts: &[RwSignal<String>; 3],
) -> Option<(String, String)> {
    let (i, (_, old)) = loaded
        .iter()
        .enumerate()
        .find(|(_, (n, _))| *n == "email")?;
    Some((old.clone(), drafts.get(i)?.get_untracked()))
}
