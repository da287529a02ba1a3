//! `/callback`: finishes the sign-in Cognito redirected back with.

use crate::components::error_panel::ErrorPanel;
use crate::pages::home::SignInButton;
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::{use_auth, CallbackOutcome};
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Handles the redirect: scrubs `code` and `state` from the URL at once, exchanges the code,
/// then replaces the history entry with the page the sign-in started from.
#[component]
pub fn CallbackPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<Explanation>);
    // A task, not an `Action`: navigating away disposes this page, and an `Action` would then
    // store its result in a disposed signal (a panic). Nothing here is touched after navigating.
    leptos::task::spawn_local(async move {
        // The exchange the boot script sent, when it is exactly this callback's, or its own.
        match auth.complete_callback().await {
            CallbackOutcome::SignedIn { return_to }
            | CallbackOutcome::NoHostedSession { return_to } => navigate(
                &return_to,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            ),
            CallbackOutcome::Failed(e) => {
                // The title says it too: "Signing in" would be wrong now (issue #14).
                document().set_title("Sign-in failed · Customer Portal");
                // The user may have left the page meanwhile: then there is nobody to tell.
                let _ = failure.try_set(Some(e.explain()));
            }
            CallbackOutcome::AlreadyHandled => {}
        }
    });
    move || match failure.get() {
        Some(explanation) => view! {
            <ErrorPanel explanation level=1/>
            <section class="card"><SignInButton/></section>
        }
        .into_any(),
        None => view! {
            <section class="card" aria-busy="true"><p>"Completing sign-in…"</p></section>
        }
        .into_any(),
    }
}
