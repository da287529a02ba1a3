//! The root component: loads the config, then the router.

use crate::components::error_panel::ErrorPanel;
use crate::components::load::load;
use crate::chunks;
use crate::components::lazy_view::lazy_view;
use crate::components::redaction::provide_redaction;
use crate::config_loader::load_config;
use crate::pages::home::HomePage;
use crate::pages::not_found::NotFoundPage;
use cognito_auth::protocol::config::Config;
use cognito_auth::AuthError;
use leptos::prelude::*;
use leptos_cognito::{provide_auth, use_auth};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole portal. Until `/config.json` is loaded and valid nothing else runs; a bad config
/// becomes an error page naming the field and the fix.
#[component]
pub fn App() -> impl IntoView {
    // Not under a <Suspense/>: every resource the portal reads later would register with it,
    // and a "Call again" anywhere would blank the whole page back to "Loading…".
    let config = load(load_config);
    move || match config.get() {
        None => view! { <main class="page"><p class="loading">"Loading…"</p></main> }.into_any(),
        Some(Err(e)) => view! {
            <main class="page"><ErrorPanel explanation=AuthError::Config(e).explain()/></main>
        }
        .into_any(),
        Some(Ok(config)) => view! { <Portal config/> }.into_any(),
    }
}

#[component]
fn Portal(config: Config) -> impl IntoView {
    provide_auth(config);
    provide_redaction();
    view! {
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/callback") view=|| lazy_view(chunks::callback)/>
                    <Route path=path!("/tokens") view=|| lazy_view(chunks::tokens)/>
                    <Route path=path!("/profile") view=|| lazy_view(chunks::profile)/>
                    <Route path=path!("/session") view=|| lazy_view(chunks::session)/>
                    <Route path=path!("/api-access") view=|| lazy_view(chunks::api_access)/>
                </Routes>
            </main>
        </Router>
    }
}

/// The header: the brand for everyone; the signed-in part is its own chunk.
#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    let signed_in = Memo::new(move |_| auth.state().tokens().is_some());
    view! {
        <header class="top">
            <a class="brand" href="/">"Customer Portal"</a>
            {move || signed_in.get().then(|| lazy_view(chunks::header))}
        </header>
    }
}
