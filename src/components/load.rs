//! Data loads: a `LocalResource` that runs when created and on `refetch()`, at no other time.

use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;
use std::future::Future;
use std::pin::Pin;

/// A [`LocalResource`] over `fetch` that never re-runs on its own.
///
/// The future is boxed: every load of the same `T` then shares one copy of the resource's
/// generic code in the wasm, whatever its future's type.
///
/// A plain `LocalResource` re-runs whenever a signal read inside its future changes. The auth
/// handle's calls read the session as they go, and every token refresh changes it, so a plain
/// resource would call the API (or Cognito) again after each refresh: request counts the
/// end-to-end tests pin. Here `fetch` and its future run untracked; only `refetch()` (a button
/// such as "Call again") or a new mount loads again.
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> LocalResource<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    LocalResource::new(move || {
        let future: Pin<Box<dyn Future<Output = T>>> = Box::pin(untrack(&fetch));
        ScopedFuture::new_untracked(future)
    })
}

/// Resolves once the browser has painted the view being built now: an animation frame (which
/// runs before that paint), then a task (which runs after it). For work that should not hold up
/// that paint: the landing's preload, the home page's first API call, the callback's build ahead.
pub async fn after_paint() {
    let (painted, wait) = futures_channel::oneshot::channel();
    request_animation_frame(move || {
        set_timeout(
            move || {
                let _ = painted.send(());
            },
            std::time::Duration::ZERO,
        );
    });
    let _ = wait.await;
}
