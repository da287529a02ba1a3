//! `/callback`: finishes the sign-in Cognito redirected back with.

use crate::app_header::header_bar;
use crate::components::api_result::{ApiAnswer, ApiResult};
use crate::components::claims_table::ClaimsTable;
use crate::components::error_panel::ErrorPanel;
use crate::components::load::after_paint;
use crate::pages::home::{profile_card, SignInButton};
use cognito_auth::session::tokens::claim_rows;
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos::tachys::view::Render;
use leptos_cognito::{use_auth, CallbackOutcome};
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use serde_json::{Map, Value};

/// Handles the redirect: scrubs `code` and `state` from the URL at once, exchanges the code,
/// then replaces the history entry with the page the sign-in started from.
#[component]
pub fn CallbackPage() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<Explanation>);
    // True until the sign-in is decided (the answer and the pool's keys in, and verified).
    // Disposed with the page: a page that is gone waits for nothing.
    let waiting = StoredValue::new(true);
    warm_up_while(waiting);
    // A task, not an `Action`: navigating away disposes this page, and an `Action` would then
    // store its result in a disposed signal (a panic). Nothing here is touched after navigating.
    leptos::task::spawn_local(async move {
        // The exchange the boot script sent, when it is exactly this callback's, or its own.
        let outcome = auth.complete_callback().await;
        let _ = waiting.try_update_value(|waiting| *waiting = false);
        match outcome {
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

/// Once "Completing sign-in…" has painted and while the sign-in is still undecided (in practice,
/// while the token answer is awaited), builds the signed-in header bar, profile card, API card and
/// claims table once with empty text (the table from a sample of empty claims), detached from the
/// document, then drops them, and marks the page's timeline with [`BUILT_AHEAD`].
///
/// Why: the browser compiles each wasm function the first time it runs. Built for real only after
/// the tokens are verified, these views compiled some 600 functions between the token answer and
/// the claims, a third to a half of that time; built here, during the round trip, the real build
/// finds them compiled (issue #11; docs/performance.md: the fifth pass dropped it for the round
/// trip it cost where the token endpoint shares the browser's CPU; the tenth measured about 5 ms
/// saved where it does not, as Cognito's does not). The copy never enters the document, holds no
/// session data and is disposed at once (its clock and effects with it); it runs only while this
/// page still waits, never after it has navigated away.
fn warm_up_while(waiting: StoredValue<bool>) {
    // Weak: a page that is gone is not kept for this task's sake.
    let Some(page) = Owner::current().map(|owner| owner.downgrade()) else {
        return;
    };
    leptos::task::spawn_local(async move {
        after_paint().await;
        if waiting.try_get_value() != Some(true) {
            return;
        }
        let Some(page) = page.upgrade() else {
            return;
        };
        let owner = page.child();
        owner.with(|| {
            // Through the real claims' reader: a personal claim (masked when redacting) and
            // plain ones, of each kind an ID token's claims come in (text, number, boolean,
            // list), so that both ways a cell renders and every kind's text are compiled.
            // (Inserted one by one: collecting would sort, one more sort's code in the chunk.)
            let mut sample = Map::new();
            for (name, value) in [
                ("sub", Value::String(String::new())),
                ("iss", Value::String(String::new())),
                ("auth_time", Value::from(0)),
                ("email_verified", Value::Bool(false)),
                (
                    "cognito:groups",
                    Value::Array(vec![Value::String(String::new())]),
                ),
            ] {
                sample.insert(name.to_owned(), value);
            }
            let rows = claim_rows(&sample);
            let view = view! {
                {header_bar(String::new())}
                {profile_card(String::new(), String::new(), String::new())}
                <ApiResult title="" path="" class="" answer=ApiAnswer::placeholder()/>
                <ClaimsTable rows/>
            };
            drop(view.build());
        });
        owner.cleanup();
        // For the e2e test that this ran, and for the bench's breakdowns (no data in it).
        if let Some(performance) = window().performance() {
            let _ = performance.mark(BUILT_AHEAD);
        }
    });
}

/// The `performance.mark` set once the views were built ahead.
const BUILT_AHEAD: &str = "portal:callback-built-ahead";
