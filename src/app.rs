//! The root component: loads the config, then the router.

use crate::components::error_panel::ErrorPanel;
use crate::components::load::load;
use crate::components::redaction::{masked, provide_redaction, RedactSwitch};
use crate::components::session_badge::SessionBadge;
use crate::config_loader::load_config;
use crate::pages::api_access::ApiAccessPage;
use crate::pages::callback::CallbackPage;
use crate::pages::home::{HomePage, SignOutButton};
use crate::pages::not_found::NotFoundPage;
use crate::pages::profile::ProfilePage;
use crate::pages::session::SessionPage;
use crate::pages::tokens::TokensPage;
use cognito_auth::protocol::config::Config;
use cognito_auth::AuthError;
use leptos::prelude::*;
use leptos_cognito::{provide_auth, use_auth, AuthState};
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
                    <Route path=path!("/callback") view=CallbackPage/>
                    <Route path=path!("/tokens") view=TokensPage/>
                    <Route path=path!("/profile") view=ProfilePage/>
                    <Route path=path!("/session") view=SessionPage/>
                    <Route path=path!("/api-access") view=ApiAccessPage/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let auth = use_auth();
    view! {
        <header class="top">
            <a class="brand" href="/">"Customer Portal"</a>
            {move || match auth.state() {
                AuthState::SignedIn(session) => {
                    let who = session.claims.email.clone().unwrap_or_default();
                    let who = masked(who);
                    view! {
                        <nav class="links" aria-label="Portal">
                            <a href="/">"Home"</a>
                            <a href="/tokens">"Tokens"</a>
                            <a href="/profile">"Profile"</a>
                            <a href="/session">"Session"</a>
                            <a href="/api-access">"API access"</a>
                        </nav>
                        <div class="who">
                            <SessionBadge/>
                            <RedactSwitch/>
                            <span class="who-email">{who}</span>
                            <SignOutButton/>
                        </div>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            }}
        </header>
    }
}
