//! The root component: loads the config, then the router.
//!
//! This is the first load: the config gate, the router, the header's brand and the signed-out
//! landing. Everything else (the session machinery, every signed-in view and page) is a chunk
//! fetched on first use (`crate::chunks`, `crate::session_slot`).

use crate::chunks;
use crate::components::error_panel::ErrorPanel;
use crate::components::lazy_view::{lazy_view, loading, ChunkLoad};
use crate::components::redaction::provide_redaction;
use crate::config_loader::load_config;
use crate::pages::landing::Landing;
use crate::pages::not_found::NotFoundPage;
use crate::session_slot::SessionSlot;
use cognito_auth::protocol::config::Config;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

/// The whole portal. Until `/config.json` is loaded and valid nothing else runs; a bad config
/// becomes an error page naming the field and the fix.
#[component]
pub fn App() -> impl IntoView {
    let on_callback = leptos_cognito::browser::callback_query_pending();
    let config = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let loaded = load_config().await;
        if on_callback && loaded.is_ok() {
            // The chunk with the machinery, the callback and the home page (and its styles): the
            // code exchange is already on its way (the boot script sent it, issue #11). Not before
            // the config: its fetch and compilation would hold up the config's answer.
            drop(crate::signed_in_styles::signed_in_styles());
            leptos::task::spawn_local(async {
                let _ = chunks::preload_signed_in().await;
            });
        }
        config.set(Some(loaded));
    });
    move || match config.get() {
        None => view! { <main class="page">{loading()}</main> }.into_any(),
        Some(Err(e)) => view! {
            <main class="page"><ErrorPanel explanation=e.explain() level=1/></main>
        }
        .into_any(),
        Some(Ok(config)) => view! { <Portal config/> }.into_any(),
    }
}

#[component]
fn Portal(config: Config) -> impl IntoView {
    let slot = SessionSlot::provide(config);
    slot.decide_at_start();
    provide_redaction();
    view! {
        <Router>
            // `target`: the browser's own jump (the router leaves it alone), which focuses
            // `main` (tabindex -1): the next Tab is in the page, past the header (issue #14).
            <a class="skip-link" href="#content" target="_self">"Skip to content"</a>
            <Header/>
            <main class="page" id="content" tabindex="-1"><Pages/></main>
        </Router>
    }
}

/// The page for the current path. A plain match on the router's location rather than
/// `<Routes>`: the portal's routes have no parameters, and leptos_router's route matching is
/// generic code the first load would carry for every route (issue #11).
#[component]
fn Pages() -> impl IntoView {
    // A memo: the page changes only when the path does, not with the query or hash.
    let path = use_location().pathname;
    move || {
        let (title, page) = Page::of(&path.get());
        // The document's title, here in the first load so that every page a lone visitor can
        // reach (a 404, a chunk that failed) says where it is (issue #14); `/` titles itself.
        if !matches!(page, Page::Home) {
            document().set_title(title);
        }
        match page {
            Page::Home => view! { <HomeRoute/> }.into_any(),
            Page::Chunk(load) => with_session(load).into_any(),
            Page::NotFound => view! { <NotFoundPage/> }.into_any(),
        }
    }
}

/// What a path shows.
enum Page {
    Home,
    Chunk(ChunkLoad),
    NotFound,
}

impl Page {
    /// The page's title (the document's whole title, issue #14: no formatting in the first load)
    /// and what it shows: one line per route.
    fn of(path: &str) -> (&'static str, Self) {
        let (title, load): (_, ChunkLoad) = match path {
            "/" => return ("Home · Customer Portal", Self::Home),
            "/callback" => ("Signing in · Customer Portal", || {
                Box::pin(chunks::callback())
            }),
            "/tokens" => ("Tokens · Customer Portal", || Box::pin(chunks::tokens())),
            "/profile" => ("Profile · Customer Portal", || Box::pin(chunks::profile())),
            "/session" => ("Session · Customer Portal", || Box::pin(chunks::session())),
            "/api-access" => ("API access · Customer Portal", || {
                Box::pin(chunks::api_access())
            }),
            "/account" => ("Your account · Customer Portal", || {
                Box::pin(chunks::account())
            }),
            "/analyses" => ("Analyses · Customer Portal", || {
                Box::pin(chunks::analyses())
            }),
            _ => return ("Page not found · Customer Portal", Self::NotFound),
        };
        (title, Self::Chunk(load))
    }
}

/// `/`: the landing while the tab is alone and signed out, the home page once the session
/// machinery runs.
#[component]
fn HomeRoute() -> impl IntoView {
    let slot = SessionSlot::use_slot();
    move || {
        // The signed-out landing keeps the portal's name.
        document().set_title(match slot.auth() {
            Some(_) => Page::of("/").0,
            None => "Customer Portal",
        });
        match slot.auth() {
            Some(_) => with_session(|| Box::pin(chunks::home_page())).into_any(),
            None if slot.alone() => view! { <Landing/> }.into_any(),
            None => starting(slot).into_any(),
        }
    }
}

/// A page that needs the session: starts the machinery if it is not running, provides the
/// handle, then shows the page's chunk.
fn with_session(load: ChunkLoad) -> impl IntoView {
    let slot = SessionSlot::use_slot();
    move || {
        if let Some(auth) = slot.auth() {
            provide_context(auth);
            lazy_view(load, true).into_any()
        } else {
            slot.start();
            // The page's chunk loads beside the machinery, not after it (the loader keeps it).
            leptos::task::spawn_local(async move {
                let _ = load().await;
            });
            starting(slot).into_any()
        }
    }
}

/// "Loading…" while the machinery loads; its failure with a retry.
fn starting(slot: SessionSlot) -> impl IntoView {
    move || {
        if slot.failed() {
            let retry = Callback::new(move |()| slot.start());
            view! { <crate::components::lazy_view::ChunkFailed retry page=true/> }.into_any()
        } else {
            loading().into_any()
        }
    }
}

/// The header: the brand for everyone; the signed-in part is its own chunk.
#[component]
fn Header() -> impl IntoView {
    let slot = SessionSlot::use_slot();
    view! {
        <header class="top">
            <a class="brand" href="/">"Customer Portal"</a>
            // The chunk holds the session's live region (shown signed out too) and the
            // signed-in part, behind its own `SignedIn` guard.
            {move || slot.auth().map(|auth| {
                provide_context(auth);
                lazy_view(|| Box::pin(chunks::header()), false)
            })}
        </header>
    }
}
