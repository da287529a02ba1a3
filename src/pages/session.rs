//! `/session`: where the session stands, its timeline, and a single-flight demonstration.

use crate::components::clock::use_ticking_now;
use crate::components::error_panel::ErrorPanel;
use crate::pages::home::SignInButton;
use cognito_auth::inspector::timefmt::format_duration;
use cognito_auth::session::machine::{Phase, SignOutReason};
use cognito_auth::session::notice::{drift_text, phase_sentence};
use leptos::prelude::*;
use leptos_cognito::{browser, use_auth};
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

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
        let phase = phase_sentence(&life.phase, now);
        let facts = life.tokens().map(|tokens| {
            let times = tokens.times;
            let left = life.secs_left(now).unwrap_or(0);
            let next_at = match life.phase {
                Phase::Reconnecting { retry_at, .. } => Some(retry_at),
                _ => life.refresh_at,
            };
            let next = next_at.map_or_else(String::new, |at| {
                format!("{} (in {})", browser::format_local(at), format_duration(at.seconds_since(now).max(0)))
            });
            let drift = drift_text(life.drift);
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
    // Its value is how many of the calls succeeded.
    let calls = Action::new_local(move |(): &()| {
        let calls = (0..PARALLEL_CALLS)
            .map(|_| {
                Box::pin(async move { auth.user_info().await.is_ok() })
                    as Pin<Box<dyn Future<Output = bool>>>
            })
            .collect();
        async move { join_all(calls).await.into_iter().filter(|ok| *ok).count() }
    });
    let outcome = move || {
        if calls.pending().get() {
            return Some(format!("{PARALLEL_CALLS} calls in flight…"));
        }
        calls.value().get().map(|good| {
            format!(
                "{PARALLEL_CALLS} calls finished: {good} succeeded, {} failed.",
                PARALLEL_CALLS - good
            )
        })
    };
    view! {
        <section class="card">
            <h2>"Single flight"</h2>
            <p>"Each call to Cognito's userInfo asks for a fresh access token first. Fire ten at once when a refresh is due: they all wait for the same single refresh."</p>
            <button on:click=move |_| { calls.dispatch_local(()); } disabled=move || !auth.life().phase.holds_tokens()>"Call userInfo 10 times at once"</button>
            <p class="parallel-outcome" aria-live="polite">{outcome}</p>
        </section>
    }
}

/// Runs `futures` concurrently in one task and returns their outputs in order: every call has
/// started before any of them waits, as ten independent callers would, and none outlives the
/// action that awaits them.
async fn join_all<T>(mut futures: Vec<Pin<Box<dyn Future<Output = T>>>>) -> Vec<T> {
    let mut outputs: Vec<Option<T>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(move |cx| {
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                if let Poll::Ready(value) = future.as_mut().poll(cx) {
                    *output = Some(value);
                }
            }
        }
        if outputs.iter().all(Option::is_some) {
            Poll::Ready(outputs.iter_mut().filter_map(Option::take).collect())
        } else {
            Poll::Pending
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::task::{Context, Waker};

    /// Pending on its first poll, ready on the next: a call waiting for its answer.
    struct Answer(bool);

    impl Future for Answer {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    #[test]
    fn join_all_starts_every_call_before_any_answers_and_keeps_their_order() {
        let started = Rc::new(RefCell::new(Vec::new()));
        let calls = (0..3_usize)
            .map(|i| {
                let started = started.clone();
                Box::pin(async move {
                    started.borrow_mut().push(i);
                    Answer(false).await;
                    i * 10
                }) as Pin<Box<dyn Future<Output = usize>>>
            })
            .collect();
        let mut joined = Box::pin(join_all(calls));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(joined.as_mut().poll(&mut cx).is_pending());
        assert_eq!(*started.borrow(), [0, 1, 2], "all three started at once");
        assert_eq!(joined.as_mut().poll(&mut cx), Poll::Ready(vec![0, 10, 20]));
    }
}
