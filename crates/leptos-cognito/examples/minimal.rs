//! The smallest app on `leptos-cognito`: sign in through Cognito's hosted UI, show who is
//! signed in, call an API with the ID token, sign out. Serve it (for example with Trunk) next to
//! a `/config.json` as the portal's `docs/config.md` describes, with `redirectUri` ending in
//! `/callback`.

use cognito_auth::protocol::api_routes::ApiCall;
use cognito_auth::protocol::config::parse_config;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_cognito::{browser, provide_auth, use_auth, CallbackOutcome, SignedIn};

fn main() {
    // The callback URL carries the authorization code: out of the address bar before any request.
    browser::scrub_callback_url("/callback");
    leptos::mount::mount_to_body(App);
}

/// Loads and checks the runtime config, then provides the session to everything below.
#[component]
fn App() -> impl IntoView {
    let config = LocalResource::new(|| async {
        let answer = gloo_net::http::Request::get("/config.json").send().await;
        let text = answer.ok()?.text().await.ok()?;
        parse_config(&text, &browser::page_origin()).ok()
    });
    view! {
        <Suspense fallback=|| "Loading…">
            {move || config.get().map(|config| match config {
                Some(config) => {
                    provide_auth(config);
                    view! { <Home/> }.into_any()
                }
                None => "The /config.json is missing or invalid.".into_any(),
            })}
        </Suspense>
    }
}

/// Finishes a sign-in on the callback page; offers Sign in, or the signed-in view.
#[component]
fn Home() -> impl IntoView {
    let auth = use_auth();
    if let Some(query) = browser::take_callback_query() {
        spawn_local(async move {
            match auth.complete_sign_in(&query).await {
                CallbackOutcome::Failed(error) => browser::log(&error.explain().title),
                _ => browser::replace_url("/"),
            }
        });
    }
    let sign_in = Action::new_local(move |(): &()| async move { auth.sign_in().await });
    let me = Action::new_local(move |(): &()| async move {
        match auth.call_route(&ApiCall::me()).await {
            Ok(json) => json.to_string(),
            Err(error) => error.explain().title,
        }
    });
    view! {
        <SignedIn fallback=move || view! {
            <button on:click=move |_| { sign_in.dispatch(()); }>"Sign in"</button>
        }>
            <p>"Signed in as " {move || auth.state().tokens().map(|t| t.claims.sub.clone())}</p>
            <button on:click=move |_| { me.dispatch(()); }>"Call GET /me"</button>
            <pre>{move || me.value().get()}</pre>
            <button on:click=move |_| auth.sign_out()>"Sign out"</button>
        </SignedIn>
    }
}
