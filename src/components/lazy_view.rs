//! Shows a part of the portal that lives in its own wasm chunk, fetched on first use.
//!
//! A chunk can fail to load (offline, a deploy replaced the files, a proxy in the way): that is
//! hostile input like any other, so it becomes a readable panel with a "Try again" button, never
//! a panic (leptos's own `#[lazy]` would abort the whole app here: leptos#4785).

use crate::components::error_panel::{ErrorPanel, Explained};
use cognito_auth::Explanation;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// Builds the view of a loaded chunk. A plain function pointer into the chunk: it is only
/// called after the chunk has been instantiated, inside the reactive owner that shows it.
pub type ChunkView = fn() -> AnyView;

/// Starts loading a chunk: the split point's wrapper, boxed, so one `lazy_view` serves every
/// chunk (a generic one would be copied into the first load once per page).
pub type ChunkLoad = fn() -> Pin<Box<dyn Future<Output = Result<ChunkView, ChunkError>>>>;

/// A chunk that could not be fetched or instantiated (the browser console has the details).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        Self
    }
}

impl ChunkError {
    /// What happened and what to do, in plain words.
    pub fn explain(self) -> Explanation {
        Explanation {
            title: "This part of the portal could not be loaded".into(),
            detail: "Its code did not arrive: the network may be down, or the portal was updated \
                     while this page was open."
                .into(),
            code: None,
            description: None,
            action:
                "Try again; if it keeps failing, reload the page. Your session is not affected."
                    .into(),
        }
    }
}

impl From<ChunkError> for Explained {
    fn from(error: ChunkError) -> Self {
        Self(error.explain())
    }
}

/// The failure panel with its retry button.
#[component]
pub fn ChunkFailed(
    /// Starts the load again.
    retry: Callback<()>,
    /// Whether the panel is the page (an `h1`), as for a page's chunk; in the header it is not.
    #[prop(optional)]
    page: bool,
) -> impl IntoView {
    view! {
        <ErrorPanel explanation=ChunkError.explain() level=if page { 1 } else { 2 }/>
        <p><button class="primary" on:click=move |_| retry.run(())>"Try again"</button></p>
    }
}

/// What shows while code or data is on its way.
pub fn loading() -> impl IntoView {
    view! { <p class="loading" aria-busy="true">"Loading…"</p> }
}

/// "Loading…" until the chunk `load` fetches is ready, then its view; a failure offers a retry
/// (the split loader forgets failed loads, so a retry fetches again).
///
/// `page`: the chunk is a page, so its failure panel is the page's `h1` (issue #14).
pub fn lazy_view(load: ChunkLoad, page: bool) -> impl IntoView {
    let state = RwSignal::new(None::<Result<ChunkView, ChunkError>>);
    let attempt = move || {
        state.set(None);
        leptos::task::spawn_local(async move { state.set(Some(load().await)) });
    };
    attempt();
    move || match state.get() {
        None => loading().into_any(),
        Some(Ok(chunk_view)) => chunk_view(),
        Some(Err(ChunkError)) => {
            let retry = Callback::new(move |()| attempt());
            view! { <ChunkFailed retry page/> }.into_any()
        }
    }
}
