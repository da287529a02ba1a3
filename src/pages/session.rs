//! `/session`: where the session stands, its timeline, and a single-flight demonstration.

use crate::components::clock::use_ticking_now;
use crate::components::error_panel::ErrorPanel;
use crate::pages::home::SignInButton;
use cognito_auth::inspector::timefmt::format_duration;
use cognito_auth::session::lifecycle::{sign_out_text, Phase, SignInRoute, SignOutReason};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_cognito::{browser, use_auth};

/// How many token-using calls the demonstration fires at once.
const PARALLEL_CALLS: usize = 10;

/// The session page.
#[component]
pub fn SessionPage() -> impl IntoView {
    view! {
        <section class="card">
            <h1>"Session"</h1>
            <SessionStatus/>
        </section>
        <ParallelCalls/>
        <section class="card">
            <h2>"Timeline"</h2>
            <p class="hint">"Newest first. Each line is also a " <code>"cognito-portal:session"</code> " event on " <code>"window"</code> " for telemetry."</p>
            <Timeline/>
        </section>
    }
}

/// The phase in words, with the numbers behind the schedule.
#[component]
pub fn SessionStatus() -> impl IntoView {
    let auth = use_auth();
    let now = use_ticking_now();
    move || {
        let life = auth.life();
        let now = now.get();
        let phase = match &life.phase {
            Phase::SignedIn => "Signed in.".to_owned(),
            Phase::Refreshing { .. } => "Refreshing the tokens…".to_owned(),
            Phase::Reconnecting {
                retry_at,
                status,
                attempt,
            } => format!(
                "Reconnecting: the refresh failed ({}). Still signed in; retry {} in {}.",
                if *status == 0 {
                    "no answer from Cognito".to_owned()
                } else {
                    format!("HTTP {status}")
                },
                attempt + 1,
                format_duration(retry_at.seconds_since(now).max(0))
            ),
            Phase::SigningIn(SignInRoute::AskingTabs) => {
                "Checking your other tabs for a session…".to_owned()
            }
            Phase::SigningIn(_) => "Signing in…".to_owned(),
            Phase::SignedOut { reason: None } => "Signed out.".to_owned(),
            Phase::SignedOut {
                reason: Some(reason),
            } => sign_out_text(reason).to_owned(),
            Phase::Failed(_) => "Signed out: the last tokens were refused.".to_owned(),
        };
        let facts = life.times.map(|times| {
            let left = life.secs_left(now).unwrap_or(0);
            let next_at = match life.phase {
                Phase::Reconnecting { retry_at, .. } => Some(retry_at),
                _ => life.refresh_at,
            };
            let next = next_at.map_or_else(String::new, |at| {
                format!("{} (in {})", browser::format_local(at), format_duration(at.seconds_since(now).max(0)))
            });
            let drift = match life.drift_secs {
                d if d.abs() < 2 => "none measured".to_owned(),
                d if d > 0 => format!("this device is {} behind Cognito; timing uses Cognito's clock", format_duration(d)),
                d => format!("this device is {} ahead of Cognito; timing uses Cognito's clock", format_duration(d)),
            };
            view! {
                <dl class="profile">
                    <dt>"Tokens expire"</dt>
                    <dd class="session-left">{format!("in {} ({} by Cognito's clock)", format_duration(left.max(0)), cognito_auth::inspector::timefmt::format_utc(times.expires()))}</dd>
                    <dt>"Next refresh"</dt><dd class="session-next">{next}</dd>
                    <dt>"Clock drift"</dt><dd>{drift}</dd>
                </dl>
            }
        });
        let failure = refused_panel(&life.phase);
        let ended = cognito_said(&life.phase);
        let sign_in = (!life.phase.holds_tokens() && !matches!(life.phase, Phase::SigningIn(_)))
            .then(|| view! { <SignInButton/> });
        view! {
            <p class="session-phase" data-testid="session-phase">{phase}</p>
            {ended}
            {facts}
            {failure}
            {sign_in}
        }
    }
}

/// Cognito's own words when it ended the session (`invalid_grant` and its description).
pub fn cognito_said(phase: &Phase) -> Option<impl IntoView> {
    match phase {
        Phase::SignedOut {
            reason: Some(SignOutReason::SessionEnded(e)),
        } => Some(view! {
            <p class="oauth-error">"Cognito said: " <code>{e.to_string()}</code></p>
        }),
        _ => None,
    }
}

/// The explanation of refused tokens, when the session failed.
pub fn refused_panel(phase: &Phase) -> Option<impl IntoView> {
    match phase {
        Phase::Failed(e) => Some(view! { <ErrorPanel explanation=e.explain()/> }),
        _ => None,
    }
}

/// The timeline, newest first.
#[component]
pub fn Timeline() -> impl IntoView {
    let auth = use_auth();
    view! {
        <ol class="timeline" data-testid="timeline">
            {move || auth.timeline().into_iter().map(|entry| view! {
                <li data-kind=entry.notice.kind()>
                    <time>{browser::format_local(entry.at)}</time>
                    " "
                    <span>{entry.notice.describe(entry.at)}</span>
                </li>
            }).collect_view()}
        </ol>
    }
}

/// Fires [`PARALLEL_CALLS`] userInfo calls at once: each asks for a fresh token, and however
/// many there are, at most one refresh happens.
#[component]
fn ParallelCalls() -> impl IntoView {
    let auth = use_auth();
    let outcome = RwSignal::new(None::<String>);
    let run = move |_| {
        outcome.set(Some(format!("{PARALLEL_CALLS} calls in flight…")));
        let done = StoredValue::new(Vec::new());
        for _ in 0..PARALLEL_CALLS {
            spawn_local(async move {
                let ok = auth.user_info().await.is_ok();
                done.update_value(|d| d.push(ok));
                let results = done.get_value();
                if results.len() == PARALLEL_CALLS {
                    let good = results.iter().filter(|ok| **ok).count();
                    outcome.set(Some(format!(
                        "{PARALLEL_CALLS} calls finished: {good} succeeded, {} failed.",
                        PARALLEL_CALLS - good
                    )));
                }
            });
        }
    };
    view! {
        <section class="card">
            <h2>"Single flight"</h2>
            <p>"Each call to Cognito's userInfo asks for a fresh access token first. Fire ten at once when a refresh is due: they all wait for the same single refresh."</p>
            <button on:click=run disabled=move || !auth.life().phase.holds_tokens()>"Call userInfo 10 times at once"</button>
            <p class="parallel-outcome" aria-live="polite">{move || outcome.get()}</p>
        </section>
    }
}
