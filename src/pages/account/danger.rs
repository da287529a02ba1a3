//! Ending things: "Sign out of every device" (`GlobalSignOut`) and "Delete my account"
//! (`DeleteUser`, behind a confirmation that names the account).
//!
//! Both end the session in this tab and in its sibling tabs with their own reason (the
//! library's sign-out path); the page then goes to `/` (`super::AccountPage`), whose
//! signed-out view says what happened. "Sign out of every device" differs from the header's
//! "Sign out": that one ends this browser's session only, this one revokes every refresh token
//! Cognito issued the user, on every device (the ID and access tokens already issued stay valid until they expire: a
//! JWT cannot be recalled).

use super::feedback::{BusyButton, Status};
use super::job::Job;
use super::user::explained;
use crate::components::error_panel::ErrorPanel;
use crate::components::redaction::masked;
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthState};

/// What the card runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    EveryDevice,
    DeleteAccount,
}

/// The "Sessions and account" card.
#[component]
pub fn DangerCard() -> impl IntoView {
    let auth = use_auth();
    let status = Status::use_status();
    let failure = RwSignal::new(None::<Explanation>);
    let confirming = RwSignal::new(false);
    // One job for both: while either runs, neither can start (a `DeleteUser` racing a
    // `GlobalSignOut` would end the session twice, with two different reasons).
    let end = Job::new();
    let busy = end.busy();
    let ending = RwSignal::new(None::<Ending>);
    let running = move |which| busy.get() && ending.get() == Some(which);
    let start = move |which| {
        let account = auth.account();
        let started = end.run(
            async move {
                match which {
                    Ending::EveryDevice => account.sign_out_everywhere().await,
                    Ending::DeleteAccount => account.delete_account().await,
                }
            },
            // On success the session is over in every tab and the page goes home, which says
            // why (`super::AccountPage`); only a failure stays here to be shown.
            move |answer| {
                if let Err(e) = answer {
                    status.say("Nothing was changed.");
                    failure.set(Some(explained(&e).0));
                }
            },
        );
        if started {
            status.clear();
            failure.set(None);
            ending.set(Some(which));
        }
    };
    let everywhere = Callback::new(move |()| start(Ending::EveryDevice));
    let focus = ConfirmFocus::default();
    let ask = Callback::new(move |()| {
        confirming.set(true);
        focus.opened();
    });
    let back_out = move |_| {
        confirming.set(false);
        focus.closed();
    };
    let delete = Callback::new(move |()| start(Ending::DeleteAccount));
    let who = move || match auth.state() {
        AuthState::SignedIn(session) => session
            .claims
            .email
            .clone()
            .unwrap_or_else(|| session.claims.sub.clone()),
        _ => String::new(),
    };
    view! {
        <section class="card account-danger" aria-labelledby="account-danger">
            <h2 id="account-danger">"Sessions and account"</h2>
            <div class="danger-row">
                <div>
                    <h3>"Sign out of every device"</h3>
                    <p>
                        "Ends your sessions everywhere: on this browser, on your other devices and in "
                        "scripts. Each of them has to sign in again. (“Sign out” at the top ends this "
                        "browser's session only.)"
                    </p>
                </div>
                <BusyButton
                    label="Sign out of every device"
                    busy_label="Signing out everywhere…"
                    busy=Signal::derive(move || running(Ending::EveryDevice))
                    held=busy
                    on_press=everywhere
                />
            </div>
            <div class="danger-row" node_ref=focus.row>
                <div>
                    <h3>"Delete my account"</h3>
                    <p>"Deletes your account and everything Cognito keeps about you. It cannot be undone."</p>
                </div>
                {move || (!confirming.get()).then(|| view! {
                    <BusyButton label="Delete my account…" busy_label="" busy=Signal::derive(|| false) held=busy class="danger" on_press=ask/>
                })}
            </div>
            {move || confirming.get().then(|| view! {
                <div class="confirm-delete" role="group" aria-labelledby="confirm-delete-title">
                    <p id="confirm-delete-title">
                        <strong>"Delete the account " <span class="confirm-who" data-testid="confirm-who">{masked(who())}</span> " for good?"</strong>
                        " You will be signed out everywhere, and this email can no longer sign in."
                    </p>
                    <BusyButton
                        label="Yes, delete my account"
                        busy_label="Deleting…"
                        busy=Signal::derive(move || running(Ending::DeleteAccount))
                        held=busy
                        class="danger primary-danger"
                        on_press=delete
                    />
                    <button type="button" on:click=back_out node_ref=focus.keep>"Keep my account"</button>
                </div>
            })}
            {move || failure.get().map(|explanation| view! { <ErrorPanel explanation/> })}
        </section>
    }
}

/// Where focus goes around the inline delete confirmation (issue #14): it takes focus on its
/// safe choice when it opens, and gives it back to the button it came from when it closes (that
/// button is re-created meanwhile, so it is found again in its row).
#[derive(Clone, Copy, Default)]
struct ConfirmFocus {
    row: NodeRef<leptos::html::Div>,
    keep: NodeRef<leptos::html::Button>,
}

impl ConfirmFocus {
    fn opened(self) {
        after_render(move || self.keep.get_untracked().map(Into::into));
    }

    fn closed(self) {
        after_render(move || {
            let button = self.row.get_untracked()?.query_selector("button").ok()??;
            wasm_bindgen::JsCast::dyn_into(button).ok()
        });
    }
}

/// Focuses what `find` finds once the next frame has rendered.
fn after_render(find: impl FnOnce() -> Option<web_sys::HtmlElement> + 'static) {
    request_animation_frame(move || {
        if let Some(element) = find() {
            let _ = element.focus();
        }
    });
}
