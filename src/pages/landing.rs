//! `/` for a visitor who is alone and signed out: the first load's only page.
//!
//! It looks like the home page's signed-out view but carries none of the session machinery:
//! "Sign in" fetches it (the `signed_in` chunk, preloaded once this page shows) and starts the
//! sign-in. Plain signals rather than an `Action` and an `ErrorBoundary`: this page is in the
//! first load, where every kilobyte counts.
//!
//! Below "Sign in", buttons for the hosted UI's own pages for creating an account (where the
//! pool allows self sign-up) and resetting a forgotten password: each starts the same round trip
//! as "Sign in", through that page (`cognito_auth::protocol::hosted_pages`), so the code Cognito
//! sends back when the visitor is done is completed like any other. The home page's signed-out
//! view shows the same buttons.
//!
//! Above them, one "Sign in with …" (the label) button per federated identity provider in the config
//! (`identityProviders`: a company's own sign-in), each the same round trip with
//! `identity_provider=<name>` (`HostedPage::IdentityProvider`), so the visitor goes straight to
//! their company's page and comes back signed in. The label is text, never markup.
//!
//! A tab that left through Cognito's `/logout` after "Sign out of every device" or "Delete my
//! account" comes back here with no session to say why; it left a one-word marker
//! (`cognito_auth::session::signed_out_marker`), read once here.

use crate::components::error_panel::ErrorPanel;
use crate::session_slot::SessionSlot;
use cognito_auth::protocol::config::Config;
use cognito_auth::protocol::hosted_pages::{offered, HostedPage};
use cognito_auth::session::notice::NO_SESSION_FOUND_TEXT;
use cognito_auth::session::signed_out_marker::marker_words;
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::pending_store::take_signed_out_marker;

/// The signed-out landing with its "Sign in" button.
#[component]
pub fn Landing() -> impl IntoView {
    let slot = SessionSlot::use_slot();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<Explanation>);
    // The machine's words for the same finding (`session::find`): no other tab holds one;
    // unless this tab just left through /logout and said why.
    let words = take_signed_out_marker()
        .as_deref()
        .and_then(marker_words)
        .unwrap_or(NO_SESSION_FOUND_TEXT);
    view! {
        <section class="card">
            <h1>"You are signed out"</h1>
            <p class="signed-out-reason" data-testid="signed-out-reason">
                {words}
            </p>
            <p>"Sign in with your customer account to see your profile."</p>
            {round_trip_button(slot, busy, failure, None, "Sign in".into(), "primary")}
            {provider_buttons(&slot.config(), busy, failure)}
            {move || failure.get().map(|explanation| view! { <ErrorPanel explanation/> })}
            {hosted_page_buttons(&slot.config(), busy, failure)}
        </section>
    }
}

/// Loads the engine and starts a sign-in through `page` (the sign-in page for `None`).
fn start(
    slot: SessionSlot,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<Explanation>>,
    page: Option<HostedPage>,
) {
    // Busy buttons say `aria-disabled` and keep focus (issue #14): a press while busy is ignored.
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    failure.set(None);
    leptos::task::spawn_local(async move {
        let started = match slot.engine().await {
            Ok((engine, auth)) => (engine.sign_in)(auth, page).await,
            Err(e) => Err(e.explain()),
        };
        // On success the button stays disabled: the browser is on its way to Cognito.
        if let Err(explanation) = started {
            failure.set(Some(explanation));
            busy.set(false);
        }
    });
}

/// Buttons for the federated identity providers and the hosted UI's own pages, for the home
/// page's signed-out view: see [`provider_buttons`] and [`hosted_page_buttons`]; a failure to
/// start shows below them.
pub fn hosted_page_links(config: &Config) -> impl IntoView {
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<Explanation>);
    view! {
        {provider_buttons(config, busy, failure)}
        {hosted_page_buttons(config, busy, failure)}
        {move || failure.get().map(|explanation| view! { <ErrorPanel explanation/> })}
    }
}

/// "Create an account" where the config says the pool allows self sign-up, "Forgot your
/// password?" always. Each starts a sign-in round trip through its page, so the visitor comes
/// back signed in. The landing shares "Sign in"'s `busy` and `failure` (one panel, less code in
/// the first load).
fn hosted_page_buttons(
    config: &Config,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<Explanation>>,
) -> impl IntoView {
    let slot = SessionSlot::use_slot();
    let button = |page, label: &str| {
        offered(config, page).then(|| {
            view! { {round_trip_button(slot, busy, failure, Some(page), label.into(), "")} " " }
        })
    };
    view! {
        <p class="hosted-pages">
            {button(HostedPage::SignUp, "Create an account")}
            {button(HostedPage::ForgotPassword, "Forgot your password?")}
        </p>
    }
}

/// "Sign in with …" (the label) for each federated identity provider the config lists, in its order.
/// Five slots, the most the config allows, each the same `Option` of a button as the hosted
/// pages' buttons: a list type would bring its own rendering code into the first load.
fn provider_buttons(
    config: &Config,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<Explanation>>,
) -> impl IntoView {
    const _: () = assert!(cognito_auth::protocol::config_idp::MAX_IDENTITY_PROVIDERS == 5);
    let slot = SessionSlot::use_slot();
    let button = |i: u8| {
        config
            .identity_providers
            .get(usize::from(i))
            .map(|provider| {
                let page = Some(HostedPage::IdentityProvider(i));
                let label = format!("Sign in with {}", provider.label);
                view! { {round_trip_button(slot, busy, failure, page, label, "")} " " }
            })
    };
    (!config.identity_providers.is_empty()).then(|| {
        view! {
            <p class="identity-providers">
                {button(0)}{button(1)}{button(2)}{button(3)}{button(4)}
            </p>
        }
    })
}

/// A button that starts a sign-in through `page` (see [`start`]). One function for "Sign in" and
/// the hosted pages' buttons, so the first load has one copy of a button's code.
fn round_trip_button(
    slot: SessionSlot,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<Explanation>>,
    page: Option<HostedPage>,
    label: String,
    class: &'static str,
) -> impl IntoView {
    view! {
        <button class=class on:click=move |_| start(slot, busy, failure, page) aria-disabled=move || busy.get().then_some("true")>
            {label}
        </button>
    }
}
