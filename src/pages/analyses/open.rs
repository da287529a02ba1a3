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
    // One request at a time; an answer is shown only while the field still holds the id it is for.
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let typed = id.get_untracked().trim().to_owned();
        busy.set(true);
        answer.set(None);
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
            // No-ops once the page is gone (the signals are disposed with it).
            busy.try_set(false);
            if id
                .try_get_untracked()
                .is_some_and(|now| answer_applies(&typed, &now))
            {
                answer.try_set(Some(result));
            }
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
                        on:input=move |ev| {
                            id.set(event_target_value(&ev));
                            answer.set(None);
                        }
                    />
                </div>
                <button type="submit" prop:disabled=move || busy.get() aria-busy=move || busy.get().to_string()>"Open"</button>
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

/// Whether an answer for the id `asked` still belongs on the page whose field now holds `field`:
/// an answer that arrives after the id was changed is for an id no longer shown, and is dropped.
pub fn answer_applies(asked: &str, field: &str) -> bool {
    asked == field.trim()
}

#[cfg(test)]
mod tests {
    use super::answer_applies;

    #[test]
    fn a_late_answer_for_a_replaced_id_is_dropped() {
        let first = "0".repeat(32);
        let second = "1".repeat(32);
        assert!(answer_applies(&first, &first));
        assert!(answer_applies(&first, &format!("  {first} ")));
        assert!(!answer_applies(&first, &second));
        assert!(!answer_applies(&first, ""));
    }
}
