//! `/tokens`: the claims inspector for the ID, access and refresh tokens.

use crate::components::claim_value::{ClaimValue, TimeValue};
use crate::components::clock::use_ticking_now;
use crate::components::copy_button::CopyButton;
use crate::components::countdown::ExpiryCountdown;
use crate::components::load::load;
use crate::components::redaction::masked;
use crate::pages::home::SignInPrompt;
use cognito_auth::inspector::checklist::{checklist, CheckContext, CheckOutcome};
use cognito_auth::inspector::claim_info::describe_claim;
use cognito_auth::inspector::inspect::{inspect_jwt, InspectedJwt, TokenKind};
use cognito_auth::inspector::timefmt::{format_duration, format_relative};
use cognito_auth::session::notice::drift_text;
use cognito_auth::session::tokens::VerifiedTokens;
use cognito_auth::verify::checks::NonceRule;
use cognito_auth::verify::claims::DEFAULT_LEEWAY_SECS;
use cognito_auth::verify::signature::SignatureStatus;
use cognito_auth::UnixTime;
use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthState};
use serde_json::{Map, Value};
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Id,
    Access,
    Refresh,
}

/// The Tokens page.
///
/// Keyed by whether there is a session, not by the tokens: a refresh brings new tokens into the
/// same inspector, so the tab the user chose and the focus on it stay (issue #14).
#[component]
pub fn TokensPage() -> impl IntoView {
    let auth = use_auth();
    let signed_in = Memo::new(move |_| matches!(auth.state(), AuthState::SignedIn(_)));
    move || {
        if signed_in.get() {
            view! { <Inspector/> }.into_any()
        } else {
            view! { <SignInPrompt what="your tokens"/> }.into_any()
        }
    }
}

/// The tokens held now, reactively (`None` in the moment a sign-out takes them away).
///
/// A memo that changes only when other tokens arrive (compared by identity): the session machine
/// announces every event (a window focus, each step of a refresh), and rebuilding the panels on
/// each would take the reader's focus and place away (review of issue #14, item 1).
fn held() -> Memo<Option<Arc<VerifiedTokens>>> {
    let auth = use_auth();
    Memo::new_with_compare(
        move |_| auth.state().tokens().cloned(),
        |old, new| match (old, new) {
            (Some(Some(a)), Some(b)) => b.as_ref().is_none_or(|b| !Arc::ptr_eq(a, b)),
            (Some(None), Some(None)) => false,
            _ => true,
        },
    )
}

#[component]
fn Inspector() -> impl IntoView {
    let tab = RwSignal::new(Tab::Id);
    let held = held();
    let local_now = use_ticking_now();
    // Cognito's clock, as this tab measured it: the same clock the session judges tokens on.
    let drift = use_auth().drift();
    let now = Signal::derive(move || drift.server_now(local_now.get()));
    let tab_button = move |which: Tab, id: &'static str, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                aria-controls="token-panel"
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <section class="card">
            <h1>"Tokens"</h1>
            {move || held.get().map(|session| view! { <SessionFacts session now/> })}
        </section>
        <div role="tablist" aria-label="Tokens" class="tabs" on:keydown=move |ev| {
            // WAI-ARIA tabs: arrow keys move between tabs, Home/End jump to the ends.
            let order = [Tab::Id, Tab::Access, Tab::Refresh];
            let current = order.iter().position(|t| *t == tab.get_untracked()).unwrap_or(0);
            let next = match ev.key().as_str() {
                "ArrowRight" => (current + 1) % order.len(),
                "ArrowLeft" => (current + order.len() - 1) % order.len(),
                "Home" => 0,
                "End" => order.len() - 1,
                _ => return,
            };
            ev.prevent_default();
            let which = order.get(next).copied().unwrap_or(Tab::Id);
            tab.set(which);
            focus_tab(which);
        }>
            {tab_button(Tab::Id, "tab-id", "ID token")}
            {tab_button(Tab::Access, "tab-access", "Access token")}
            {tab_button(Tab::Refresh, "tab-refresh", "Refresh token")}
        </div>
        <section id="token-panel" role="tabpanel" class="card" tabindex="0" aria-labelledby=move || tab_id(tab.get())>
            {move || held.get().map(|session| match tab.get() {
                Tab::Id => view! {
                    <JwtPanel kind=TokenKind::Id token=session.id_token.secret().to_owned() session=session.clone() now/>
                }.into_any(),
                Tab::Access => view! {
                    <JwtPanel kind=TokenKind::Access token=session.access_token.secret().to_owned() session=session.clone() now/>
                }.into_any(),
                Tab::Refresh => view! { <RefreshPanel session now/> }.into_any(),
            })}
            // Outside the part rebuilt when a refresh brings new tokens: its disclosure stays open
            // and focus stays on its buttons while the values under them change (issue #14).
            {move || {
                let kind = match tab.get() {
                    Tab::Id => TokenKind::Id,
                    Tab::Access => TokenKind::Access,
                    Tab::Refresh => return None,
                };
                let token = Signal::derive(move || {
                    held.get().map(|session| match kind {
                        TokenKind::Access => session.access_token.secret().to_owned(),
                        TokenKind::Id => session.id_token.secret().to_owned(),
                    }).unwrap_or_default()
                });
                Some(view! { <RawView token/> })
            }}
        </section>
    }
}

fn tab_id(which: Tab) -> &'static str {
    match which {
        Tab::Id => "tab-id",
        Tab::Access => "tab-access",
        Tab::Refresh => "tab-refresh",
    }
}

fn focus_tab(which: Tab) {
    use wasm_bindgen::JsCast as _;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(tab_id(which)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

#[component]
fn SessionFacts(session: Arc<VerifiedTokens>, now: Signal<UnixTime>) -> impl IntoView {
    let auth_time = session
        .id_token_claims
        .get("auth_time")
        .and_then(Value::as_i64)
        .map(UnixTime);
    // Worded once, in the core, for this page and the Session page.
    let drift_text = drift_text(use_auth().drift());
    view! {
        <dl class="profile">
            <dt>"Signed in"</dt>
            <dd class="session-age">{move || match auth_time {
                Some(t) => format!("{} (session age {})", format_relative(t, now.get()), format_duration(now.get().seconds_since(t))),
                None => "unknown (no auth_time claim)".to_owned(),
            }}</dd>
            <dt>"Clock drift"</dt>
            <dd class="clock-drift">{drift_text}</dd>
        </dl>
    }
}

#[component]
fn JwtPanel(
    kind: TokenKind,
    token: String,
    session: Arc<VerifiedTokens>,
    now: Signal<UnixTime>,
) -> impl IntoView {
    let auth = use_auth();
    let jwt = inspect_jwt(&token);
    let status = {
        let jwt = jwt.clone();
        load(move || {
            let jwt = jwt.clone();
            async move { auth.verify_signature(&jwt).await }
        })
    };
    let config = auth.config();
    let sign_in_nonce = session.sign_in_nonce.clone();
    let rows = Signal::derive({
        let jwt = jwt.clone();
        move || {
            let ctx = CheckContext {
                issuer: &config.issuer,
                client_id: &config.client_id,
                nonce: sign_in_nonce.as_ref().map_or(NonceRule::Unknown, |n| {
                    NonceRule::AbsentOrEquals(n.as_str())
                }),
                now: now.get(),
                leeway_secs: DEFAULT_LEEWAY_SECS,
            };
            checklist(kind, &jwt, &ctx)
        }
    });
    let times = jwt.payload().and_then(|p| {
        let get = |n| p.get(n).and_then(Value::as_i64).map(UnixTime);
        Some((get("iat")?, get("exp")?))
    });
    view! {
        <DecodeProblems jwt=jwt.clone()/>
        {times.map(|(iat, exp)| view! { <ExpiryCountdown iat exp now/> })}
        <HeaderFacts jwt=jwt.clone() status/>
        <h2>"Checks"</h2>
        <table class="checklist">
            <thead><tr><th scope="col">"Check"</th><th scope="col">"Result"</th><th scope="col">"Why"</th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|row| {
                    let (class, word) = match row.outcome {
                        CheckOutcome::Pass => ("check pass", "pass"),
                        CheckOutcome::Fail => ("check fail", "fail"),
                        CheckOutcome::NotChecked => ("check skipped", "not checked"),
                    };
                    view! {
                        <tr class=class data-check=row.name>
                            <th scope="row"><code>{row.name}</code></th>
                            <td class="check-outcome">{word}</td>
                            <td>{row.sentence}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <h2>"Claims"</h2>
        <ClaimsInspector kind payload=jwt.payload().cloned().unwrap_or_default() now/>
    }
}

#[component]
fn DecodeProblems(jwt: InspectedJwt) -> impl IntoView {
    let problems: Vec<String> = [
        jwt.header.as_ref().err().map(|e| format!("Header: {e}")),
        jwt.payload.as_ref().err().map(|e| format!("Payload: {e}")),
        jwt.signature
            .as_ref()
            .err()
            .map(|e| format!("Signature: {e}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!problems.is_empty()).then(|| {
        view! {
            <div class="error-panel" role="alert">
                <h2>"This token is malformed"</h2>
                <p>"Everything that could still be decoded is shown below."</p>
                <ul>{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

#[component]
fn HeaderFacts(jwt: InspectedJwt, status: LocalResource<SignatureStatus>) -> impl IntoView {
    let auth = use_auth();
    let header = |name: &str| jwt.header_str(name).unwrap_or("(none)").to_owned();
    let kid = jwt.header_str("kid").map(str::to_owned);
    let kid_known = move || {
        // The signature check loads the JWKS: read the cache again once it has finished.
        status.track();
        match kid.as_deref().map(|k| auth.jwks_has_kid(k)) {
            Some(Some(true)) => "in the pool's JWKS",
            Some(Some(false)) => "NOT in the pool's JWKS",
            Some(None) => "JWKS not loaded",
            None => "no kid",
        }
    };
    view! {
        <h2>"Header"</h2>
        <dl class="profile header-facts">
            <dt>"alg"</dt><dd class="header-alg">{header("alg")}</dd>
            <dt>"kid"</dt><dd class="header-kid"><code>{header("kid")}</code>" " <span class="chip">{kid_known}</span></dd>
            <dt>"typ"</dt><dd>{header("typ")}</dd>
            <dt>"Signature"</dt>
            <dd class="signature">
                <Suspense fallback=|| view! { <span class="sig sig-pending">"checking…"</span> }>
                    {move || Suspend::new(async move { signature_view(status.await) })}
                </Suspense>
            </dd>
        </dl>
    }
}

fn signature_view(status: SignatureStatus) -> AnyView {
    match status {
        SignatureStatus::Verified { kid } => view! {
            <span class="sig sig-verified">"verified"</span>
            <span class="sig-detail">{format!(" RS256 signature valid under the pool key {kid}, checked in this browser with WebCrypto.")}</span>
        }.into_any(),
        SignatureStatus::Failed { reason } => view! {
            <span class="sig sig-failed">"failed"</span><span class="sig-detail">{format!(" {reason}")}</span>
        }.into_any(),
        SignatureStatus::NotChecked { reason } => view! {
            <span class="sig sig-unchecked">"not checked"</span><span class="sig-detail">{format!(" {reason}")}</span>
        }.into_any(),
    }
}

#[component]
fn ClaimsInspector(
    kind: TokenKind,
    payload: Map<String, Value>,
    now: Signal<UnixTime>,
) -> impl IntoView {
    let mut claims: Vec<(String, Value)> = payload.into_iter().collect();
    claims.sort_by(|a, b| a.0.cmp(&b.0));
    view! {
        <table class="claims inspector">
            <thead><tr><th scope="col">"Claim"</th><th scope="col">"Value"</th><th scope="col">"Meaning"</th></tr></thead>
            <tbody>
                {claims.into_iter().map(|(name, value)| {
                    let description = describe_claim(&name, kind).unwrap_or_else(|| "Not a standard or Cognito claim; shown as sent.".into());
                    let label = name.clone();
                    let key = name.clone();
                    view! {
                        <tr data-claim=key>
                            <th scope="row"><code>{label}</code></th>
                            <td><ClaimValue name value now/></td>
                            <td class="claim-description">{description}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn pretty(part: Option<&Map<String, Value>>) -> String {
    part.and_then(|m| serde_json::to_string_pretty(m).ok())
        .unwrap_or_else(|| "(cannot be decoded)".into())
}

/// The raw parts of `token`, which changes under it when a refresh brings new tokens.
#[component]
fn RawView(token: Signal<String>) -> impl IntoView {
    let jwt = Memo::new(move |_| inspect_jwt(&token.get()));
    let header = Signal::derive(move || jwt.with(|jwt| pretty(jwt.header())));
    let payload = Signal::derive(move || jwt.with(|jwt| pretty(jwt.payload())));
    let shown_payload = move || masked(payload.get())();
    let shown_token = move || masked(token.get())();
    view! {
        <details class="raw">
            <summary>"Raw JSON and the encoded token"</summary>
            <h3>"Header"</h3>
            <pre class="json">{header}</pre>
            <CopyButton label="Copy header JSON" value=header/>
            <h3>"Payload"</h3>
            <pre class="json">{shown_payload}</pre>
            <CopyButton label="Copy payload JSON" value=payload/>
            <h3>"Encoded token"</h3>
            <pre class="encoded">{shown_token}</pre>
            <CopyButton label="Copy token" value=token sensitive=true/>
        </details>
    }
}

#[component]
fn RefreshPanel(session: Arc<VerifiedTokens>, now: Signal<UnixTime>) -> impl IntoView {
    let received = use_auth().drift().server_now(session.received_at);
    let present = session.refresh_token.is_some();
    view! {
        <h2>"Refresh token"</h2>
        <dl class="profile">
            <dt>"Present"</dt><dd class="refresh-present">{if present { "yes" } else { "no" }}</dd>
            <dt>"Received"</dt><dd><TimeValue t=received now/></dd>
            <dt>"Age"</dt><dd>{move || format_duration(now.get().seconds_since(received))}</dd>
        </dl>
        <p>
            "Cognito's refresh token is opaque and encrypted: only Cognito can read it, so there is "
            "nothing to decode. Its value is never shown or copied here; it lives only in this tab's memory "
            "and is revoked when you sign out."
        </p>
    }
}
