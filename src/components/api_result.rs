//! Calls the protected API and shows the answer: every value as text.

use crate::components::error_panel::{ErrorPanel, Explained};
use crate::components::load::{after_paint, load};
use crate::components::redaction::masked_if;
use cognito_auth::inspector::claim_info::value_text;
use cognito_auth::protocol::api_routes::ApiCall;
use leptos::prelude::*;
use leptos_cognito::use_auth;
use serde_json::Value;

/// One API answer, which several cards may show parts of.
#[derive(Clone, Copy)]
pub struct ApiAnswer {
    /// The JSON, or why there is none.
    pub data: LocalResource<Result<Value, Explained>>,
    /// The card whose "Call again" asked last (its class): only that card says the outcome, so
    /// two cards showing one answer never say it twice (issue #14).
    asked_by: RwSignal<Option<&'static str>>,
    /// True from a call until its answer (the first call's, and each "Call again"'s): every card
    /// showing this answer is busy meanwhile, while the previous answer stays on screen.
    pending: RwSignal<bool>,
}

impl ApiAnswer {
    /// An answer that calls nothing (`null`, one tick after it is made): a card built on it shows
    /// "Calling the API…" as it is built. For building the card ahead, detached
    /// (`pages::callback`).
    pub fn placeholder() -> Self {
        Self {
            data: load(|| async { Ok(Value::Null) }),
            asked_by: RwSignal::new(None),
            pending: RwSignal::new(true),
        }
    }
}

/// Calls the route of `call` now and on each "Call again", at no other time (see [`load`]).
pub fn call_route(call: ApiCall) -> ApiAnswer {
    let auth = use_auth();
    // The first call leaves once the page that shows it has painted, as a React app's effect
    // does: its `fetch` and the request it builds took the main thread for about 10 ms in the
    // middle of the signed-in page's first build, before the claims could paint (issue #11).
    // "Call again" calls at once.
    let first = std::cell::Cell::new(true);
    let data = load(move || {
        let call = call.clone();
        let wait = first.replace(false);
        async move {
            if wait {
                after_paint().await;
            }
            auth.call_route(&call)
                .await
                .map_err(|e| Explained(e.explain()))
        }
    });
    let pending = RwSignal::new(true);
    settle(data, pending, |_| {});
    ApiAnswer {
        data,
        asked_by: RwSignal::new(None),
        pending,
    }
}

/// Once `data` has its next answer: `pending` false, and `then` told whether it was one.
fn settle(
    data: LocalResource<Result<Value, Explained>>,
    pending: RwSignal<bool>,
    then: impl FnOnce(bool) + 'static,
) {
    leptos::task::spawn_local(async move {
        let answered = data.await.is_ok();
        // The page may have gone meanwhile: then nothing is left to update.
        let _ = pending.try_set(false);
        then(answered);
    });
}

/// Which part of an answer a card shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// All of it.
    All,
    /// All but this key.
    Without(&'static str),
    /// Only the value of this key.
    Only(&'static str),
}

/// A card that shows `part` of `answer` (the answer of `GET <path>`) as rows of text; its
/// "Call again" calls the API again for every card showing that answer.
#[component]
pub fn ApiResult(
    /// The card's heading.
    title: &'static str,
    /// The API path, e.g. `/me`.
    path: &'static str,
    /// A class for tests and styling.
    class: &'static str,
    /// The answer, from [`call_route`].
    answer: ApiAnswer,
    /// The part of the answer this card shows; all of it by default.
    #[prop(default = Part::All)]
    part: Part,
) -> impl IntoView {
    let ApiAnswer {
        data,
        asked_by,
        pending: busy,
    } = answer;
    // Said once per call, by a status that exists before its text changes: the call's outcome.
    // Set by the press and by that call's answer, not derived from `busy`: a card showing a shared
    // answer goes busy again whenever the other card re-renders, and would say it again.
    let said = RwSignal::new("");
    // The first call is the page's own: the page shows it; only "Call again" speaks, on the card
    // that was pressed.
    let outcome = move || {
        if asked_by.get() == Some(class) {
            said.get()
        } else {
            ""
        }
    };
    let call_again = move |_| {
        if busy.get_untracked() {
            return;
        }
        asked_by.set(Some(class));
        said.set("Calling the API…");
        busy.set(true);
        data.refetch();
        settle(data, busy, move |answered| {
            let _ = said.try_set(if answered {
                "The API answered."
            } else {
                "The API call failed."
            });
        });
    };
    view! {
        <section class=format!("card api-result {class}") aria-busy=move || busy.get().to_string()>
            <h2>{title}</h2>
            <p class="hint">"GET " <code>{path}</code> " with your ID token, through API Gateway's Cognito authorizer."</p>
            // A plain match on the answer, not `<Transition>`: the resource keeps its previous
            // answer while "Call again" runs, which is all the Transition gave here, and the
            // Suspense machinery was 10.8 KB gzip of the `signed_in` chunk (issue #11).
            {move || match data.get() {
                None => view! { <p class="loading">"Calling the API…"</p> }.into_any(),
                Some(Ok(value)) => view! { <ApiValue value part/> }.into_any(),
                Some(Err(Explained(explanation))) => view! {
                    <div class="api-error" data-testid="api-error"><ErrorPanel explanation/></div>
                }
                .into_any(),
            }}
            // `aria-disabled`, not `disabled`: a disabled button drops keyboard focus to the page
            // (issue #14); a press while busy is ignored instead.
            <button
                aria-label=format!("Call again: {title}")
                aria-disabled=move || busy.get().to_string()
                on:click=call_again
            >
                "Call again"
            </button>
        </section>
        // Outside the `aria-busy` card: a reader that holds a busy region's changes would hold
        // "Calling the API…" until the call is over (issue #14).
        <p class="visually-hidden" role="status" data-testid="api-call-status" data-for=class>{outcome}</p>
    }
}

// Selects by reading, not by removing or cloning parts of the JSON: less code in the wasm.
#[component]
fn ApiValue(value: Value, part: Part) -> impl IntoView {
    let shown = match (part, &value) {
        (Part::Only(key), Value::Object(map)) => map.get(key).unwrap_or(&Value::Null),
        _ => &value,
    };
    let hidden = match part {
        Part::Without(key) => Some(key),
        Part::All | Part::Only(_) => None,
    };
    let rows: Vec<(String, String)> = match shown {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| Some(k.as_str()) != hidden)
            .map(|(k, v)| (k.clone(), value_text(v)))
            .collect(),
        other => vec![("value".to_owned(), value_text(other))],
    };
    view! {
        <dl class="profile api-data">
            {rows.into_iter().map(|(name, text)| {
                let personal = matches!(name.as_str(), "email" | "givenName" | "familyName" | "name" | "sub");
                view! { <dt>{name}</dt><dd>{masked_if(personal, text)}</dd> }
            }).collect_view()}
        </dl>
    }
}
