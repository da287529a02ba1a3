//! Any unknown path.

use leptos::prelude::*;

/// The 404 page: the SPA fallback serves `index.html` for every path, so the router decides.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <p><a href="/">"Go to the home page"</a></p>
        </section>
    }
}
