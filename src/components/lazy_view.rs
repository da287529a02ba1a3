//! Shows a part of the portal that lives in its own wasm chunk, fetched on first use.
//!
//! A chunk can fail to load (offline, a deploy replaced the files, a proxy in the way): that is
//! hostile input like any other, so it becomes a readable panel with a "Try again" button, never
//! a panic (leptos's own `#[lazy]` would abort the whole app here: leptos#4785).

use leptos::prelude::*;
use std::future::Future;

/// Builds the view of a loaded chunk. A plain function pointer into the chunk: it is only
/// called after the chunk has been instantiated, inside the reactive owner that shows it.
pub type ChunkView = fn() -> AnyView;

/// A chunk that could not be fetched or instantiated (the browser console has the details).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        Self
    }
}

/// "Loading…" until the chunk `load` fetches is ready, then its view; a failure offers a retry
/// (the split loader forgets failed loads, so a retry fetches again).
pub fn lazy_view<F>(load: fn() -> F) -> impl IntoView
where
    F: Future<Output = Result<ChunkView, ChunkError>> + 'static,
{
    let state = RwSignal::new(None::<Result<ChunkView, ChunkError>>);
    let attempt = move || {
        state.set(None);
        leptos::task::spawn_local(async move { state.set(Some(load().await)) });
    };
    attempt();
    move || match state.get() {
        None => view! { <p class="loading" aria-busy="true">"Loading…"</p> }.into_any(),
        Some(Ok(chunk_view)) => chunk_view(),
        Some(Err(ChunkError)) => view! {
            <section class="error-panel" role="alert">
                <h2>"This part of the portal could not be loaded"</h2>
                <p class="error-detail">
                    "Its code did not arrive: the network may be down, or the portal was updated \
                     while this page was open."
                </p>
                <p class="error-action">
                    <strong>"What to do: "</strong>
                    "Try again; if it keeps failing, reload the page. Your session is not affected."
                </p>
                <button class="primary" on:click=move |_| attempt()>"Try again"</button>
            </section>
        }
        .into_any(),
    }
}
