//! Runs the lifecycle state machine: feeds it events, carries out its commands (the timer, the
//! refresh under the cross-tab lock, the tab channel, the timeline and the telemetry event).

use crate::{browser, http, tabs::TabChannel, web_locks, Auth, AuthState};
use cognito_auth::protocol::token::parse_token_response;
use cognito_auth::session::lifecycle::{
    step, Command, Event, Notice, Phase, SignOutReason, TokenSource, WakeCause,
};
use cognito_auth::session::refresh::{classify_refresh_failure, refresh_body, RefreshFailure};
use cognito_auth::session::signed_in::{adopted_session, refreshed_session, SignedInSession};
use cognito_auth::session::tab_message::TabMessage;
use cognito_auth::{OAuthError, UnixTime};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use std::time::Duration;

/// A refresh request that gets no answer in this time counts as a network failure.
const REFRESH_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a refresh that waited for the lock gives the lock's previous holder's message to
/// arrive (the two travel separately between tabs).
const SIBLING_NEWS_WAIT_MS: u32 = 1_000;
/// The timeline keeps this many entries.
const TIMELINE_LEN: usize = 100;

/// One line of the timeline: when (device time) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When it happened, by this device's clock.
    pub at: UnixTime,
    /// What happened.
    pub notice: Notice,
}

impl Auth {
    /// Feeds `event` to the state machine and carries out its commands.
    pub(crate) fn dispatch(&self, event: Event) {
        self.apply(event, None);
    }

    /// Offers tokens that arrived from `source` to the state machine; `session` is held only if
    /// it accepts them.
    pub(crate) fn receive_tokens(&self, session: SignedInSession, source: TokenSource) {
        let times = session.times();
        self.apply(Event::TokensReceived { times, source }, Some(session));
    }

    fn apply(&self, event: Event, incoming: Option<SignedInSession>) {
        let now = browser::now();
        let before = self.life.get_untracked();
        let (after, commands) = step(&before, event, now, js_sys::Math::random());
        let was_refreshing = matches!(before.phase, Phase::Refreshing { .. });
        self.life.set(after.clone());
        let mut incoming = incoming;
        for command in commands {
            match command {
                Command::WakeAt(at) => self.arm_timer(at),
                Command::StartRefresh => {
                    let auth = *self;
                    spawn_local(async move { auth.refresh_under_lock().await });
                }
                Command::UseTokens => {
                    if let Some(session) = incoming.take() {
                        self.state.set(AuthState::SignedIn(Arc::new(session)));
                    }
                }
                Command::DropTokens => {
                    self.clear_timer();
                    if self.state.get_untracked() != AuthState::SigningOut {
                        self.state.set(AuthState::SignedOut);
                    }
                }
                Command::ShareTokens => {
                    if let AuthState::SignedIn(session) = self.state.get_untracked() {
                        self.post(&TabMessage::Session(session.share()));
                    }
                }
                Command::AnnounceSignOut(reason) => self.post(&TabMessage::SignedOut {
                    ended: match reason {
                        SignOutReason::SessionEnded(e) => Some(e.into()),
                        _ => None,
                    },
                }),
                Command::AnnounceRefreshFailure { status } => {
                    self.post(&TabMessage::RefreshFailed { status });
                }
                Command::Record(notice) => self.record(notice, now),
            }
        }
        if was_refreshing && !matches!(after.phase, Phase::Refreshing { .. }) {
            self.release_waiters();
        }
    }

    /// Adds a timeline entry and announces it to telemetry as a `cognito-portal:session` DOM
    /// event on `window` (kind and text only, never a token).
    pub(crate) fn record(&self, notice: Notice, at: UnixTime) {
        browser::announce(
            "cognito-portal:session",
            notice.kind(),
            &notice.describe(at),
        );
        self.timeline.update(|lines| {
            lines.insert(0, TimelineEntry { at, notice });
            lines.truncate(TIMELINE_LEN);
        });
    }

    fn arm_timer(&self, at: UnixTime) {
        self.clear_timer();
        #[allow(
            clippy::cast_possible_truncation,
            reason = "a clock reading in milliseconds fits an i64"
        )]
        let now_ms = js_sys::Date::now() as i64;
        // 50 ms late rather than early: a timer firing just before the due second would only
        // re-arm itself.
        let delay =
            Duration::from_millis((at.0.saturating_mul(1000) - now_ms).max(0).unsigned_abs() + 50);
        let auth = *self;
        let handle =
            set_timeout_with_handle(move || auth.dispatch(Event::Wake(WakeCause::Timer)), delay)
                .ok();
        self.timer.set_value(handle);
    }

    fn clear_timer(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    fn post(&self, message: &TabMessage) {
        if let Some(channel) = self.channel.get_value() {
            channel.post(message);
        }
    }

    fn release_waiters(&self) {
        let waiters = self
            .waiters
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for waiter in waiters {
            let _ = waiter.send(());
        }
    }

    /// Resolves when the refresh in flight ends (success or not).
    pub(crate) async fn refresh_finished(&self) {
        if !matches!(self.life.get_untracked().phase, Phase::Refreshing { .. }) {
            return;
        }
        let (sender, receiver) = futures_channel::oneshot::channel();
        self.waiters.update_value(|w| w.push(sender));
        let _ = receiver.await;
    }

    /// The refresh, serialised across tabs: whoever holds the lock refreshes; a tab that had to
    /// wait first checks whether the holder's tokens (or its failure) already reached it.
    async fn refresh_under_lock(self) {
        let generation = self.life.with_untracked(|s| s.generation);
        let name = format!("cognito-portal-refresh:{}", self.config().client_id);
        web_locks::with_lock(&name, move |waited| async move {
            if waited {
                self.await_news(generation).await;
            }
            if self.life.with_untracked(|s| s.generation) != generation {
                return;
            }
            self.refresh_now().await;
        })
        .await;
    }

    /// Waits (bounded) until the session's generation moves past `generation`.
    async fn await_news(&self, generation: u64) {
        let mut waited = 0;
        while waited < SIBLING_NEWS_WAIT_MS
            && self.life.with_untracked(|s| s.generation) == generation
        {
            browser::sleep_ms(50).await;
            waited += 50;
        }
    }

    /// One `grant_type=refresh_token` request; its outcome becomes the next event.
    async fn refresh_now(&self) {
        let AuthState::SignedIn(session) = self.state.get_untracked() else {
            return;
        };
        let config = self.config();
        let Some(refresh_token) = session.tokens.refresh_token.clone() else {
            let error = OAuthError {
                code: "no_refresh_token".into(),
                description: Some("Cognito issued no refresh token for this session.".into()),
            };
            self.dispatch(Event::RefreshFailed(RefreshFailure::SessionEnded(error)));
            return;
        };
        let answer = http::post_form_with_timeout(
            &config.endpoints.token,
            refresh_body(&config, &refresh_token),
            "the token endpoint",
            REFRESH_TIMEOUT,
        )
        .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                browser::log(&format!("refresh: {e}"));
                self.dispatch(Event::RefreshFailed(RefreshFailure::Transient {
                    status: 0,
                }));
                return;
            }
        };
        if answer.status != 200 {
            let failure = classify_refresh_failure(answer.status, &answer.body);
            self.dispatch(Event::RefreshFailed(failure));
            return;
        }
        let Ok(fresh) = parse_token_response(200, &answer.body) else {
            // A 200 that is not a token response: a captive portal or a proxy page. Passing.
            self.dispatch(Event::RefreshFailed(RefreshFailure::Transient {
                status: 200,
            }));
            return;
        };
        let rotated = fresh.refresh_token.is_some();
        match refreshed_session(&config, &session, fresh, browser::now()) {
            Ok(next) => self.receive_tokens(next, TokenSource::Refresh { rotated }),
            Err(e) => self.dispatch(Event::Refused(e)),
        }
    }

    /// Handles a message from another tab.
    pub(crate) fn on_tab_message(&self, message: TabMessage) {
        match message {
            TabMessage::Ask => {
                if let AuthState::SignedIn(session) = self.state.get_untracked() {
                    if self.life.with_untracked(|s| s.phase.holds_tokens()) {
                        self.post(&TabMessage::Session(session.share()));
                        self.record(Notice::HandedToTab, browser::now());
                    }
                }
            }
            TabMessage::Session(shared) => {
                let drift_secs = shared.drift_secs;
                let previous = match self.state.get_untracked() {
                    AuthState::SignedIn(s) => Some(s),
                    _ => None,
                };
                if previous
                    .as_ref()
                    .is_some_and(|p| p.tokens.id_token.secret() == shared.id_token)
                {
                    return; // a second answer to our ask: the same tokens
                }
                match adopted_session(&self.config(), shared, previous.as_deref(), browser::now()) {
                    Ok(session) => {
                        self.receive_tokens(session, TokenSource::OtherTab { drift_secs });
                    }
                    Err(e) => browser::log(&format!("ignored a session from another tab: {e}")),
                }
            }
            TabMessage::SignedOut { ended } => {
                let reason = match ended {
                    Some(e) => SignOutReason::SessionEnded(e.into()),
                    None => SignOutReason::SignedOutElsewhere,
                };
                self.dispatch(Event::SignOut(reason));
            }
            TabMessage::RefreshFailed { status } => {
                self.dispatch(Event::RefreshFailedElsewhere { status });
            }
        }
    }

    /// Opens the tab channel (see [`TabChannel`]).
    pub(crate) fn open_channel(&self) {
        let auth = *self;
        let name = cognito_auth::session::tab_message::channel_name(&self.config().client_id);
        let channel = TabChannel::open(&name, move |message| auth.on_tab_message(message));
        self.channel.set_value(channel);
    }
}
