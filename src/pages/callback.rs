//! `/callback`: finishes the sign-in Cognito redirected back with.

use crate::chunks;
use crate::components::error_panel::{error_panels, Explained};
use crate::pages::home::SignInButton;
use leptos::prelude::*;
use leptos_cognito::{browser, use_auth, CallbackOutcome};
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Handles the redirect: scrubs `code` and `state` from the URL at once, exchanges the code,
/// then replaces the history entry with the page the sign-in started from.
#[component]
pub fn CallbackPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    // `main` moved the query out of the URL before the app started (browser::scrub_callback_url).
    let query = browser::take_callback_query().unwrap_or_default();
    // Dispatched once, below: the exchange is work this page does, not data it shows.
    let finish = Action::new_local(move |query: &String| {
        let query = query.clone();
        let navigate = navigate.clone();
        async move {
            match auth.complete_sign_in(&query).await {
                CallbackOutcome::SignedIn { return_to }
                | CallbackOutcome::NoHostedSession { return_to } => {
                    navigate(
                        &return_to,
                        NavigateOptions {
                            replace: true,
                            ..NavigateOptions::default()
                        },
                    );
                    Ok(())
                }
                CallbackOutcome::Failed(e) => Err(Explained::from(e)),
                CallbackOutcome::AlreadyHandled => Ok(()),
            }
        }
    });
    finish.dispatch_local(query);
    // Fetch the signed-in home view and header while the code is exchanged, not after.
    // A failure here is shown (with a retry) where the chunk is used.
    leptos::task::spawn_local(async {
        let _ = chunks::preload_home_page().await;
    });
    leptos::task::spawn_local(async {
        let _ = chunks::preload_header().await;
    });
    view! {
        <ErrorBoundary fallback=|errors| view! {
            {error_panels(errors)}
            <section class="card"><SignInButton/></section>
        }>
            {move || finish.value().get()}
            <section class="card" aria-busy="true"><p>"Completing sign-in…"</p></section>
        </ErrorBoundary>
    }
}
