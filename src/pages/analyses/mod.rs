//! `/analyses` (its own chunk): the organisation's analyses, listed and created through the API's
//! scoped routes, which take the **access** token (`portal-api/analyses.read` / `.write`).
//!
//! Every call goes through the one session path (`Auth::call_route` with a route of the core's
//! typed table), which picks the token the route takes and checks its scope before sending; the
//! page only words what it knows: the organisation (`tenant_id`, put in the tokens by the token
//! trigger), the access the access token carries, and each refusal. Every value is text.

mod open;
mod table;

use crate::components::error_panel::{ErrorPanel, Explained};
use crate::components::load::load;
use crate::pages::home::SignInPrompt;
use cognito_auth::protocol::api_routes::{token_scopes, ApiCall, READ_SCOPE, WRITE_SCOPE};
use cognito_auth::session::tokens::VerifiedTokens;
use leptos::prelude::*;
use leptos_cognito::use_auth;
use serde_json::Value;

/// The Analyses page.
///
/// Built once per signed-in user, not once per session change: a refresh changes the session
/// (and a 401 starts one), and rebuilding the page would load the list again, whose 401 would
/// refresh again, without end.
#[component]
pub fn AnalysesPage() -> impl IntoView {
    let auth = use_auth();
    let user = Memo::new(move |_| auth.state().tokens().map(|t| t.claims.sub.clone()));
    move || match user.get() {
        Some(_) => view! { <Analyses/> }.into_any(),
        None => view! { <SignInPrompt what="your organisation's analyses"/> }.into_any(),
    }
}

/// What the access token lets this user do, read from its `scope` claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    ReadWrite,
    ReadOnly,
    None,
}

impl Access {
    fn of(session: &VerifiedTokens) -> Self {
        let scopes = token_scopes(&session.access_token);
        let has = |s: &str| scopes.iter().any(|g| g == s);
        match (has(READ_SCOPE), has(WRITE_SCOPE)) {
            (true, true) => Self::ReadWrite,
            (true, false) => Self::ReadOnly,
            _ => Self::None,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Self::ReadWrite => "read and create (portal-api/analyses.read and .write)",
            Self::ReadOnly => {
                "read only (portal-api/analyses.read): creating is refused before anything is sent"
            }
            Self::None => "none: your access token carries no portal-api scope",
        }
    }
}

#[component]
fn Analyses() -> impl IntoView {
    let auth = use_auth();
    let session = move || auth.state().tokens().cloned();
    let tenant = move || {
        session()
            .and_then(|s| {
                s.id_token_claims
                    .get("tenant_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "— (your tokens name none)".into())
    };
    let access = move || session().map_or(Access::None, |s| Access::of(&s));
    let list = load(move || async move {
        auth.call_route(&ApiCall::list_analyses())
            .await
            .map_err(|e| Explained(e.explain()))
    });
    view! {
        <section class="card" aria-labelledby="analyses-title">
            <h1 id="analyses-title">"Analyses"</h1>
            <dl class="profile">
                <dt>"Organisation"</dt>
                <dd data-testid="tenant">{tenant}</dd>
                <dt>"Your access"</dt>
                <dd data-testid="access" data-access=move || format!("{:?}", access())>{move || access().words()}</dd>
            </dl>
            <p class="hint">
                "These calls send your " <strong>"access"</strong> " token: the API checks its scopes, and "
                "reads your organisation from it, never from the request. " <code>"/me"</code>
                " on the home page takes the ID token instead."
            </p>
        </section>
        <section class="card" aria-labelledby="analyses-new">
            <h2 id="analyses-new">"New analysis"</h2>
            <CreateForm on_created=move || list.refetch()/>
        </section>
        <section class="card" aria-labelledby="analyses-list">
            <h2 id="analyses-list">"Your organisation's analyses"</h2>
            <Transition fallback=|| view! { <p aria-busy="true">"Loading the analyses…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(answer) => table::analyses_table(&answer).into_any(),
                        Err(Explained(explanation)) => view! { <ErrorPanel explanation/> }.into_any(),
                    }
                })}
            </Transition>
            <button type="button" on:click=move |_| list.refetch()>"Reload the list"</button>
        </section>
        <open::OpenById/>
    }
}

/// The name field and "Create": the name is checked as the API checks it, the write scope in
/// the held access token, both before sending.
#[component]
fn CreateForm(on_created: impl Fn() + Copy + 'static) -> impl IntoView {
    let auth = use_auth();
    let name = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<String, Explained>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        let typed = name.get_untracked();
        leptos::task::spawn_local(async move {
            let result = match ApiCall::create_analysis(&typed) {
                Ok(call) => auth.call_route(&call).await.map(|answer| {
                    answer
                        .pointer("/analysis/name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                }),
                Err(e) => Err(e),
            };
            if result.is_ok() {
                name.set(String::new());
                on_created();
            }
            outcome.set(Some(result.map_err(|e| Explained(e.explain()))));
            busy.set(false);
        });
    };
    view! {
        <form class="account-form" on:submit=submit>
            <div class="field">
                <label for="analysis-name">"Name"</label>
                <input
                    id="analysis-name"
                    name="name"
                    type="text"
                    maxlength="100"
                    autocomplete="off"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <button type="submit" class="primary" aria-disabled=move || busy.get().to_string()>
                {move || if busy.get() { "Creating…" } else { "Create analysis" }}
            </button>
        </form>
        <div role="status" class="account-status" data-testid="create-status">
            {move || match outcome.get() {
                Some(Ok(created)) => format!("Created \u{201c}{created}\u{201d}."),
                _ => String::new(),
            }}
        </div>
        {move || match outcome.get() {
            Some(Err(Explained(explanation))) => Some(view! { <ErrorPanel explanation/> }),
            _ => None,
        }}
    }
}
