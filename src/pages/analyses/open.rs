//! "Open by id": `GET /analyses/{id}`. An id of another organisation is answered like a missing
//! one (404), and the page says so.

use super::table::row;
use crate::components::error_panel::{ErrorPanel, Explained};
use cognito_auth::protocol::api_routes::ApiCall;
use leptos::prelude::*;
use leptos_cognito::use_auth;

/// The id field and what the API answered for it.
#[component]
pub fn OpenById() -> impl IntoView {
    let auth = use_auth();
    let id = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<Result<super::table::Row, Explained>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = id.get_untracked().trim().to_owned();
        leptos::task::spawn_local(async move {
            let result = match ApiCall::get_analysis(&typed) {
                Ok(call) => auth.call_route(&call).await,
                Err(e) => Err(e),
            }
            .map_err(|e| Explained(e.explain()))
            .and_then(|value| {
                value.get("analysis").and_then(row).ok_or_else(|| {
                    Explained(cognito_auth::protocol::api::ApiError::Malformed.explain())
                })
            });
            answer.set(Some(result));
        });
    };
    view! {
        <section class="card" aria-labelledby="analyses-open">
            <h2 id="analyses-open">"Open an analysis by id"</h2>
            <form class="account-form" on:submit=submit>
                <div class="field">
                    <label for="analysis-id">"Analysis id"</label>
                    <input
                        id="analysis-id"
                        type="text"
                        maxlength="64"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || id.get()
                        on:input=move |ev| id.set(event_target_value(&ev))
                    />
                </div>
                <button type="submit">"Open"</button>
            </form>
            {move || answer.get().map(|result| match result {
                Ok(r) => view! {
                    <dl class="profile" data-testid="opened-analysis">
                        <dt>"Name"</dt><dd>{r.name}</dd>
                        <dt>"Status"</dt><dd>{r.status}</dd>
                        <dt>"Created by"</dt><dd>{r.created_by}</dd>
                        <dt>"Created (UTC)"</dt><dd>{r.created_at}</dd>
                    </dl>
                }.into_any(),
                Err(Explained(explanation)) => view! { <ErrorPanel explanation/> }.into_any(),
            })}
        </section>
    }
}
