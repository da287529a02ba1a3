//! Change password: the current one and a new one, checked against the pool's policy (from
//! the config) before anything is sent, then `ChangePassword`.
//!
//! Every rule of the policy is listed beside the field and marked as it is met, so a password
//! Cognito would refuse with `InvalidPasswordException` is caught here, with every unmet rule
//! named, not only the first. The passwords live in this form's signals only, for as long as the
//! form is on screen, and are cleared after a change.

use super::feedback::{on_submit, BusyButton, Status};
use super::job::Job;
use super::user::explained;
use crate::components::error_panel::ErrorPanel;
use cognito_auth::account::password::{requirements, unmet_rules};
use cognito_auth::account::{AccountError, Password, PasswordRule};
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// The "Password" card.
#[component]
pub fn PasswordCard() -> impl IntoView {
    let auth = use_auth();
    let status = Status::use_status();
    let policy = auth.config().password_policy;
    let rules = requirements(&policy);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), Explanation>>);
    let change = Job::new();
    let busy = change.busy();
    let changed = move |answer: Result<(), AccountError>| match answer {
        Ok(()) => {
            for field in [current, new, repeat] {
                field.set(String::new());
            }
            status.say("Your password was changed.");
            outcome.set(Some(Ok(())));
        }
        Err(e) => {
            status.say("Password not changed.");
            outcome.set(Some(Err(explained(&e).0)));
        }
    };
    let submit = move || {
        let proposed = Password::new(new.get_untracked());
        let problem = before_sending(
            &current.get_untracked(),
            &unmet_rules(&policy, &proposed),
            new.with_untracked(|n| repeat.with_untracked(|r| n == r)),
        );
        if let Some(problem) = problem {
            status.say("Password not changed: the form needs correcting.");
            outcome.set(Some(Err(problem)));
            return;
        }
        status.clear();
        outcome.set(None);
        let previous = Password::new(current.get_untracked());
        change.run(
            async move { auth.account().change_password(&previous, &proposed).await },
            changed,
        );
    };
    view! {
        <section class="card account-password" aria-labelledby="account-password">
            <h2 id="account-password">"Password"</h2>
            <form class="account-form" on:submit=on_submit(busy, submit)>
                <PasswordField id="password-current" label="Current password" autocomplete="current-password" value=current/>
                <PasswordField id="password-new" label="New password" autocomplete="new-password" value=new described_by="password-rules"/>
                <ul id="password-rules" class="password-rules" aria-label="The new password needs">
                    {rules.into_iter().map(|rule| view! { <RuleLine rule new/> }).collect_view()}
                </ul>
                <PasswordField id="password-repeat" label="New password again" autocomplete="new-password" value=repeat/>
                <BusyButton label="Change password" busy_label="Changing…" busy class="primary"/>
            </form>
            {move || outcome.get().map(|outcome| match outcome {
                Ok(()) => view! {
                    <p class="account-result" data-testid="password-changed">
                        "Your password was changed: use it the next time you sign in. Sessions already "
                        "open on other devices go on until they end; to end them now, use "
                        "“Sign out of every device” below."
                    </p>
                }
                .into_any(),
                Err(explanation) => view! { <ErrorPanel explanation/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn PasswordField(
    id: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] described_by: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type="password"
                autocomplete=autocomplete
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// One rule of the policy, marked met or not as the new password is typed.
#[component]
fn RuleLine(rule: PasswordRule, new: RwSignal<String>) -> impl IntoView {
    let met = move || new.with(|typed| rule.met_by(&Password::new(typed.clone())));
    view! {
        <li class=move || if met() { "rule met" } else { "rule unmet" } data-rule-met=move || met().to_string()>
            <span class="rule-mark" aria-hidden="true">{move || if met() { "✓" } else { "•" }}</span>
            " " {rule.describe()}
            <span class="visually-hidden">{move || if met() { " (met)" } else { " (not met yet)" }}</span>
        </li>
    }
}

/// What stops the form before a round trip: no current password, unmet rules (all of them,
/// named, in the core's words), or a repeat that differs.
fn before_sending(current: &str, unmet: &[PasswordRule], repeated: bool) -> Option<Explanation> {
    if !unmet.is_empty() {
        return Some(AccountError::WeakPassword(unmet.to_vec()).explain());
    }
    let detail = if current.is_empty() {
        "Type your current password: Cognito asks for it to be sure it is you."
    } else if !repeated {
        "The two new passwords differ."
    } else {
        return None;
    };
    Some(Explanation {
        title: "The password was not changed".into(),
        detail: format!("{detail} Nothing was sent."),
        code: None,
        description: None,
        action: "Correct the form and press “Change password” again.".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_cognito_would_refuse_is_stopped_with_every_unmet_rule_named() {
        let unmet = [PasswordRule::MinLength(12), PasswordRule::Symbol];
        let problem = before_sending("old", &unmet, true).map(|e| e.detail);
        let detail = problem.unwrap_or_default();
        assert!(detail.contains("at least 12 characters"), "{detail}");
        assert!(detail.contains("a symbol"), "{detail}");
        assert!(before_sending("", &[], true).is_some());
        assert!(before_sending("old", &[], false).is_some());
        assert_eq!(before_sending("old", &[], true), None);
    }
}
