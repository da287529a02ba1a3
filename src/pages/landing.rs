//! `/` for a visitor who is alone and signed out: the first load's only page.
//!
//! It looks like the home page's signed-out view but carries none of the session machinery:
//! "Sign in" fetches it (the `signed_in` chunk, preloaded once this page shows) and starts the
//! sign-in. Plain signals rather than an `Action` and an `ErrorBoundary`: this page is in the
//! first load, where every kilobyte counts.
//!
//! Below "Sign in", links to the hosted UI's own pages for creating an account (where the pool
//! allows self sign-up) and resetting a forgotten password; the home page's signed-out view
//! shows the same links.

use crate::components::error_panel::ErrorPanel;
use crate::session_slot::SessionSlot;
use cognito_auth::protocol::config::Config;
use cognito_auth::protocol::hosted_pages::{forgot_password_url, sign_up_url};
use cognito_auth::session::machine::SignOutReason;
use cognito_auth::session::notice::sign_out_text;
use cognito_auth::Explanation;
use leptos::prelude::*;

/// The signed-out landing with its "Sign in" button.
#[component]
pub fn Landing() -> impl IntoView {
    let slot = SessionSlot::use_slot();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<Explanation>);
    let sign_in = move |_| {
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let started = match slot.engine().await {
                Ok((engine, auth)) => (engine.sign_in)(auth).await,
                Err(e) => Err(e.explain()),
            };
            // On success the button stays disabled: the browser is on its way to Cognito.
            if let Err(explanation) = started {
                failure.set(Some(explanation));
                busy.set(false);
            }
        });
    };
    view! {
        <section class="card">
            <h1>"You are signed out"</h1>
            // The machine's words for the same finding (`session::find`): no other tab holds one.
            <p class="signed-out-reason" data-testid="signed-out-reason">
                {sign_out_text(&SignOutReason::NoSessionFound)}
            </p>
            <p>"Sign in with your customer account to see your profile."</p>
            <button class="primary" on:click=sign_in disabled=move || busy.get()>"Sign in"</button>
            {move || failure.get().map(|explanation| view! { <ErrorPanel explanation/> })}
            {hosted_page_links(&slot.config())}
        </section>
    }
}

/// Links to the hosted UI's own pages (`cognito_auth::protocol::hosted_pages`): "Create an
/// account" where the config says the pool allows self sign-up, "Forgot your password?" always.
/// Plain links: Cognito's pages take the visitor from there, sign them in and come back to the
/// callback.
pub fn hosted_page_links(config: &Config) -> impl IntoView {
    let sign_up = sign_up_url(config);
    let forgot = forgot_password_url(config);
    view! {
        <p class="hosted-pages">
            {sign_up.map(|href| view! { <a href=href data-testid="sign-up-link">"Create an account"</a> " " })}
            {forgot.map(|href| view! { <a href=href data-testid="forgot-password-link">"Forgot your password?"</a> })}
        </p>
    }
}
