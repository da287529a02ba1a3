//! Two-factor sign-in with an authenticator app.
//!
//! `AssociateSoftwareToken` gives a secret; the page shows it as a QR code of the `otpauth://`
//! URI (built by the core, drawn by [`super::qr`]) and as text for typing by hand, both hidden
//! while "Redact for screenshots" is on (the secret is the second factor itself). The code the
//! user types is checked for shape, then `VerifySoftwareToken`, then `SetUserMFAPreference`
//! makes the app the preferred (and only) second factor. Turning it off is one
//! `SetUserMFAPreference`. The secret lives in this card's memory until it is verified or the
//! page is left, never in storage or a log.

use super::code_field::CodeField;
use super::feedback::{on_submit, BusyButton, Status};
use super::job::Job;
use super::qr::QrCodeSvg;
use super::user::{explained, with_account, UserLoad};
use crate::components::error_panel::ErrorPanel;
use crate::components::redaction::{masked, redacted};
use cognito_auth::account::totp::otpauth_uri;
use cognito_auth::account::{
    AccountError, CognitoErrorCode, Operation, TotpCode, TotpPreference, TotpSecret, VerifyStatus,
};
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthState};

/// The name apps show above the codes.
const ISSUER: &str = "Customer Portal";

/// How the authenticator is named in Cognito (`FriendlyDeviceName`).
const DEVICE_NAME: &str = "Authenticator app (set up in the portal)";

/// The group whose members must have an authenticator.
const ADMINS: &str = "admins";

/// Whether the signed-in user is in `admins`, from the verified ID token (a display decision:
/// Cognito and the API enforce what admins may do).
///
/// Read once, untracked: the page is keyed by the user (`super::AccountPage`), and the refresh
/// after a save gets an ID token without `cognito:groups` on the emulator (docs/deploy.md), which
/// must neither hide the notice nor offer an admin "Turn off".
fn is_admin() -> bool {
    untrack(|| match use_auth().state() {
        AuthState::SignedIn(session) => session.claims.groups.iter().any(|g| g == ADMINS),
        _ => false,
    })
}

/// For admins without an authenticator: their account needs one, said at the top of the page.
#[component]
pub fn AdminNeedsAuthenticator(account: UserLoad) -> impl IntoView {
    let admin = is_admin();
    move || {
        let missing = account.user().is_some_and(|u| !u.totp_enabled());
        (admin && missing).then(|| {
            view! {
                <p class="admin-needs-mfa" role="note" data-testid="admin-needs-mfa">
                    <strong>"Your account needs an authenticator app."</strong>
                    " You are an administrator, and administrators must sign in with a code from "
                    "an authenticator app as well as their password. Set one up below, under "
                    "“Two-factor sign-in”."
                </p>
            }
        })
    }
}

/// The "Two-factor sign-in" card.
#[component]
pub fn AuthenticatorCard(account: UserLoad) -> impl IntoView {
    view! {
        <section class="card account-totp" aria-labelledby="account-totp">
            <h2 id="account-totp">"Two-factor sign-in"</h2>
            {with_account(account, false, move || view! { <Authenticator account/> })}
        </section>
    }
}

/// Where the enrolment stands.
#[derive(Clone)]
enum Step {
    /// Nothing under way.
    Idle,
    /// A secret to scan and a code to type.
    Scan(TotpSecret),
}

#[component]
fn Authenticator(account: UserLoad) -> impl IntoView {
    let auth = use_auth();
    let status = Status::use_status();
    let step = RwSignal::new(Step::Idle);
    let failure = RwSignal::new(None::<Explanation>);
    let admin = is_admin();
    let enabled = move || account.user().is_some_and(|u| u.totp_enabled());
    let (associate, turn_off) = (Job::new(), Job::new());
    let associating = associate.busy();
    let turning_off = turn_off.busy();
    let start = Callback::new(move |()| {
        status.clear();
        associate.run(
            async move { auth.account().start_totp().await },
            move |answer| match answer {
                Ok(secret) => {
                    failure.set(None);
                    step.set(Step::Scan(secret));
                    status.say(
                        "Scan the QR code with your authenticator app, then type the code it shows.",
                    );
                }
                Err(e) => {
                    status.say("The authenticator app could not be set up.");
                    failure.set(Some(explained(&e).0));
                }
            },
        );
    });
    let off = Callback::new(move |()| {
        status.clear();
        turn_off.run(
            async move { auth.account().set_totp(TotpPreference::Off).await },
            move |answer| match answer {
                Ok(()) => {
                    failure.set(None);
                    status.say("Two-factor sign-in is off.");
                    account.reload();
                }
                Err(e) => {
                    status.say("Two-factor sign-in is still on.");
                    failure.set(Some(explained(&e).0));
                }
            },
        );
    });
    let done = Callback::new(move |()| {
        step.set(Step::Idle);
        account.reload();
    });
    view! {
        {move || if enabled() {
            view! {
                <p class="totp-state on" data-testid="totp-state">
                    <strong>"On."</strong>" Signing in with your password also asks for a code from your authenticator app."
                </p>
                {if admin {
                    view! { <p class="hint">"As an administrator you need it: it cannot be turned off here. To move to a new phone, set it up again."</p> }.into_any()
                } else {
                    view! { <BusyButton label="Turn off two-factor sign-in" busy_label="Turning off…" busy=turning_off class="danger" on_press=off/> }.into_any()
                }}
            }
            .into_any()
        } else {
            view! {
                <p class="totp-state off" data-testid="totp-state">
                    <strong>"Off."</strong>" Add a code from an authenticator app (such as Google Authenticator, 1Password or Authy) to your password, so a stolen password alone cannot open your account."
                </p>
            }
            .into_any()
        }}
        {move || match step.get() {
            Step::Idle => view! {
                <BusyButton
                    label=if enabled() { "Set up a new authenticator app" } else { "Set up an authenticator app" }
                    busy_label="Asking Cognito for a key…"
                    busy=associating
                    class="primary"
                    on_press=start
                />
            }
            .into_any(),
            Step::Scan(secret) => view! { <Enrol secret done/> }.into_any(),
        }}
        {move || failure.get().map(|explanation| view! { <ErrorPanel explanation/> })}
    }
}

/// Scan (or type) the key, then verify a code.
#[component]
fn Enrol(secret: TotpSecret, done: Callback<()>) -> impl IntoView {
    let auth = use_auth();
    let status = Status::use_status();
    let email = match auth.state_untracked() {
        AuthState::SignedIn(session) => session.claims.email.clone(),
        _ => None,
    };
    let uri = otpauth_uri(&secret, ISSUER, email.as_deref().unwrap_or("customer"));
    let typed = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Explanation>);
    // Set once `VerifySoftwareToken` accepted a code: Cognito has the authenticator, and that
    // code is spent (AWS refuses a code used once), so a retry after a failed
    // `SetUserMFAPreference` sends only the preference.
    let verified = RwSignal::new(false);
    let verify = Job::new();
    let busy = verify.busy();
    let answered = move |answer: Result<(), AccountError>| match answer {
        Ok(()) => {
            typed.set(String::new());
            status.say("Two-factor sign-in is on: your authenticator app is set up.");
            done.run(());
        }
        Err(e) if verified.get_untracked() => {
            typed.set(String::new());
            status.say(
                "Your app's code was accepted, but two-factor sign-in is not on yet: \
                 press “Turn on two-factor sign-in” to try again.",
            );
            failure.set(Some(explained(&e).0));
        }
        Err(e) => {
            status.say("The code was refused.");
            failure.set(Some(explained(&e).0));
        }
    };
    // `code` is `None` once a code was verified: only the preference is (re)sent.
    let send = move |code: Option<TotpCode>| {
        status.clear();
        failure.set(None);
        verify.run(
            async move {
                let account = auth.account();
                if let Some(code) = code {
                    if account.verify_totp(&code, Some(DEVICE_NAME)).await? == VerifyStatus::Error {
                        return Err(code_refused());
                    }
                    verified.set(true);
                }
                account.set_totp(TotpPreference::Preferred).await
            },
            answered,
        );
    };
    let submit = move || {
        if verified.get_untracked() {
            send(None);
        } else if let Ok(code) = TotpCode::parse(&typed.get_untracked()) {
            send(Some(code));
        } else {
            status.say("The code was not sent.");
            failure.set(Some(AccountError::NotACode.explain()));
        }
    };
    let key = masked(secret.grouped());
    let uri = uri.secret().to_owned();
    view! {
        <div class="totp-enrol">
            <ol class="totp-steps">
                <li>
                    "Scan this code with your authenticator app."
                    {move || if redacted() {
                        view! { <p class="qr-redacted redacted">"QR code hidden while redacting"</p> }.into_any()
                    } else {
                        view! { <QrCodeSvg text=uri.clone() label="QR code for your authenticator app"/> }.into_any()
                    }}
                </li>
                <li>
                    "Or type this key into the app by hand: "
                    <code class="totp-secret" data-testid="totp-secret">{key}</code>
                    <span class="hint">" (time-based, 6 digits, every 30 seconds)"</span>
                </li>
                <li>
                    <form class="account-form totp-verify" on:submit=on_submit(busy, submit)>
                        {move || if verified.get() {
                            view! {
                                <p class="hint" data-testid="totp-verified">"The app's code was accepted."</p>
                                <BusyButton label="Turn on two-factor sign-in" busy_label="Turning on…" busy class="primary"/>
                            }
                            .into_any()
                        } else {
                            view! {
                                <CodeField id="totp-code" typed>"The 6-digit code the app shows"</CodeField>
                                <BusyButton label="Verify and turn on" busy_label="Checking the code…" busy class="primary"/>
                            }
                            .into_any()
                        }}
                    </form>
                </li>
            </ol>
            {move || failure.get().map(|explanation| view! { <ErrorPanel explanation/> })}
        </div>
    }
}

/// `VerifySoftwareToken` may refuse a code with a 200 whose `Status` is `ERROR` instead of a
/// `CodeMismatchException`: the same refusal, worded the same way.
fn code_refused() -> AccountError {
    AccountError::Cognito {
        operation: Operation::VerifySoftwareToken,
        status: 200,
        code: CognitoErrorCode::CodeMismatch,
        message: Some("Status: ERROR".into()),
    }
}
