//! Runs the session machine: feeds it events and obeys its commands (the timer, the refresh under
//! the cross-tab lock, the tab channel, sign-out, the timeline and its telemetry event). It
//! decides nothing itself.

use crate::http::{Endpoint, HttpStatus};
use crate::tabs::{Presence, TabChannel};
use crate::{browser, http, web_locks, Auth};
use cognito_auth::protocol::token::parse_token_response;
use cognito_auth::session::event::{Command, Event, TokenSource, WakeCause};
use cognito_auth::session::machine::Random;
use cognito_auth::session::machine::{Phase, RefreshRoute};
use cognito_auth::session::notice::Notice;
use cognito_auth::session::refresh::{classify_refresh_failure, refresh_body, RefreshFailure};
use cognito_auth::session::step;
use cognito_auth::session::tab_message::{
    DropReason, RequestId, SharedCause, TabMessage, REQUEST_ID_BYTES,
};
use cognito_auth::session::tokens::{Origin, VerifiedTokens};
use cognito_auth::{AuthError, UnixTime};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use std::time::Duration;

mod find;

/// A refresh request that gets no answer in this time counts as a network failure.
const REFRESH_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a refresh that waited for the lock gives the lock's previous holder's message to
/// arrive (the two travel separately between tabs).
const SIBLING_NEWS_WAIT_MS: u32 = 1_000;
/// The longest timer set: later wake-ups come from the heartbeat and the next arming, and
/// `setTimeout` throws beyond 2^31 − 1 ms.
const MAX_TIMER: Duration = Duration::from_hours(6);
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
    /// Feeds `event` to the session machine and carries out its commands.
    pub(crate) fn dispatch(&self, event: Event) {
        let now = browser::now();
        let random = Random {
            jitter: js_sys::Math::random(),
            request: RequestId::from_random(
                &browser::random_bytes::<REQUEST_ID_BYTES>().unwrap_or_default(),
            ),
        };
        let before = self.life.get_untracked();
        let (after, commands) = step(&before, event, now, random);
        let waiting = after.phase.in_flight();
        let holding = after.phase.holds_tokens();
        if holding != before.phase.holds_tokens() {
            // The holder lock mirrors the machine, and is requested before an announcement of
            // this sign-in goes out.
            self.set_holding(holding);
        }
        self.life.set(after);
        for command in commands {
            self.obey(command, now);
        }
        if !waiting {
            self.release_waiters();
        }
    }

    fn obey(&self, command: Command, now: UnixTime) {
        let auth = *self;
        match command {
            Command::WakeAt(at) => self.arm_timer(at),
            Command::FindHolders => spawn_local(async move { auth.find_holders().await }),
            Command::StartRefresh { ticket } => {
                spawn_local(async move { auth.refresh_under_lock(ticket).await });
            }
            Command::AskTabs { request } => {
                self.post(&TabMessage::Ask {
                    request: request.clone(),
                });
                auth.arm_ask_timer(request);
            }
            Command::AnswerTab { request } => {
                if let Some(tokens) = self.life.with_untracked(|s| s.tokens().cloned()) {
                    self.post(&TabMessage::answer(request, &tokens));
                }
            }
            Command::AnnounceSignedIn => self.post(&TabMessage::SignedIn),
            Command::AnnounceRefreshed { rotated } => {
                if let Some(tokens) = self.life.with_untracked(|s| s.tokens().cloned()) {
                    self.post(&TabMessage::refreshed(&tokens, rotated));
                }
            }
            Command::AnnounceSignOut(reason) => {
                self.clear_timer();
                self.post(&TabMessage::signed_out(&reason));
            }
            Command::AnnounceRefreshFailure { cause } => self.post(&TabMessage::RefreshFailed {
                cause: SharedCause::from(cause),
            }),
            Command::Logout { refresh_token } => {
                self.clear_timer();
                spawn_local(async move { auth.logout(refresh_token).await });
            }
            Command::Record(notice) => self.record(notice, now),
        }
    }

    /// Adds a timeline entry and announces it to telemetry as a `cognito-portal:session` DOM
    /// event on `window` (kind and text only, never a token).
    fn record(&self, notice: Notice, at: UnixTime) {
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
        // re-arm itself. Clamped: a far-future time from a hostile token must not throw.
        let ms = at.0.saturating_mul(1000).saturating_sub(now_ms).max(0);
        let delay = Duration::from_millis(ms.unsigned_abs().saturating_add(50)).min(MAX_TIMER);
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

    pub(crate) fn post(&self, message: &TabMessage) {
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

    /// Resolves when no refresh or ask is in flight any more.
    pub(crate) async fn settled(&self) {
        if !self.life.with_untracked(|s| s.phase.in_flight()) {
            return;
        }
        let (sender, receiver) = futures_channel::oneshot::channel();
        self.waiters.update_value(|w| w.push(sender));
        let _ = receiver.await;
    }

    /// Asks the machine for a refresh now (`ForceRefresh`) and waits until it has settled; the
    /// tokens held then, for the caller to compare with the ones it used. The machine may decline
    /// (its loop guard) or fail, so a caller must not assume new tokens.
    pub(crate) async fn force_refresh(&self) -> Option<Arc<VerifiedTokens>> {
        self.dispatch(Event::ForceRefresh);
        self.settled().await;
        self.state_untracked().tokens().cloned()
    }

    /// The refresh, serialised across tabs: whoever holds the lock refreshes; a tab that had to
    /// wait first checks whether the holder's tokens (or its failure) already reached it.
    async fn refresh_under_lock(self, ticket: u64) {
        let generation = self.life.with_untracked(|s| s.generation);
        let name = format!("cognito-portal-refresh:{}", self.config().client_id);
        web_locks::with_lock(&name, move |waited| async move {
            if waited {
                self.await_news(generation).await;
            }
            if self.life.with_untracked(|s| s.generation) == generation {
                self.refresh_now(ticket).await;
            }
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

    /// One `grant_type=refresh_token` request; its outcome becomes the next event, tagged with
    /// the refresh's ticket so a late answer cannot land in a later session.
    async fn refresh_now(&self, ticket: u64) {
        let held = self.life.with_untracked(|s| match &s.phase {
            Phase::Refreshing {
                tokens,
                route: RefreshRoute::Cognito { ticket: t },
                ..
            } if *t == ticket => Some(tokens.clone()),
            _ => None,
        });
        let Some(previous) = held else { return };
        let Some(refresh_token) = previous.refresh_token.clone() else {
            return;
        };
        let config = self.config();
        let failed = |failure| Event::RefreshFailed { ticket, failure };
        let answer = http::post_form_with_timeout(
            &config.endpoints.token,
            refresh_body(&config, &refresh_token),
            Endpoint::Token,
            REFRESH_TIMEOUT,
        )
        .await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => {
                browser::log(&format!("refresh: {e}"));
                let cause = e.http_status();
                return self.dispatch(failed(RefreshFailure::Transient { cause }));
            }
        };
        if answer.status != 200 {
            return self.dispatch(failed(classify_refresh_failure(
                answer.status,
                &answer.body,
            )));
        }
        let Ok(raw) = parse_token_response(200, &answer.body) else {
            // A 200 that is not a token response: a captive portal or a proxy page. Passing.
            let cause = HttpStatus::Answered(200);
            return self.dispatch(failed(RefreshFailure::Transient { cause }));
        };
        let source = TokenSource::Refresh { ticket };
        let origin = Origin::Refresh {
            previous: &previous,
        };
        match self.verify_tokens(raw, origin).await {
            Ok(accepted) => self.dispatch(Event::TokensVerified {
                accepted: Box::new(accepted),
                source,
            }),
            // The pool's keys could not be fetched: nothing was verified, nothing is lost.
            Err(AuthError::Signature(
                cognito_auth::session::tokens::SignatureError::Unverifiable { .. },
            )) => self.dispatch(failed(RefreshFailure::Transient {
                cause: HttpStatus::NoAnswer(http::NoAnswer::Unreachable),
            })),
            Err(error) => self.dispatch(Event::TokensRefused { error, source }),
        }
    }

    /// Handles what arrived on the tab channel: hostile until verified.
    async fn on_tab_message(self, message: Result<TabMessage, DropReason>) {
        let message = match message {
            Ok(message) => message,
            Err(reason) => return self.dispatch(Event::TabMessageDropped(reason)),
        };
        let source = match &message {
            TabMessage::Ask { request } => {
                return self.dispatch(Event::TabAsked {
                    request: request.clone(),
                })
            }
            TabMessage::SignedIn => {
                // The ask this starts never ends in a silent round trip to the hosted UI: only a
                // page load may navigate away on its own, not a message any script can post.
                self.silent_tried.set_value(true);
                return self.dispatch(Event::SignedInElsewhere);
            }
            TabMessage::SignedOut { .. } => {
                // Always "in another tab" (never this tab's own sign-out, which would revoke and
                // navigate), and only Cognito's error code crosses: see `sign_out_reason`.
                if let Some(reason) = message.sign_out_reason() {
                    self.dispatch(Event::SignOut(reason));
                }
                return;
            }
            TabMessage::RefreshFailed { cause } => {
                return self.dispatch(Event::RefreshFailedElsewhere {
                    cause: (*cause).into(),
                })
            }
            TabMessage::Answer { request, .. } => TokenSource::TabAnswer {
                request: request.clone(),
            },
            TabMessage::Refreshed { .. } => TokenSource::TabRefreshed,
        };
        // Nobody here waits for it: dropped before any work is spent on it.
        if !self.life.with_untracked(|s| s.waits_for(&source)) {
            return self.dispatch(Event::TabMessageDropped(DropReason::Unexpected));
        }
        let rotated = matches!(message, TabMessage::Refreshed { rotated: true, .. });
        let Some(raw) = message.tokens() else { return };
        let previous = self.life.with_untracked(|s| s.tokens().cloned());
        let repeated = previous
            .as_ref()
            .is_some_and(|p| p.id_token.secret() == raw.id_token.secret());
        if repeated && source == TokenSource::TabRefreshed {
            return; // an announcement of the tokens this tab holds already
        }
        // An answer is taken even with the same ID and access tokens: it is how a tab whose
        // refresh token went stale (rotated elsewhere) gets the current one.
        let origin = Origin::OtherTab {
            previous: previous.as_deref(),
            rotated,
        };
        // The answer arrived in time; fetching the JWKS and verifying may take longer than the
        // ask's wait on a slow network or a busy machine, so the ask's timer waits for this.
        if let TokenSource::TabAnswer { request } = &source {
            self.verifying_answer.set_value(Some(request.clone()));
        }
        let event = match self.verify_tokens(raw, origin).await {
            Ok(accepted) => Event::TokensVerified {
                accepted: Box::new(accepted),
                source,
            },
            Err(error) => Event::TokensRefused { error, source },
        };
        self.verifying_answer.set_value(None);
        self.dispatch(event);
    }

    /// Opens the tab channel (see [`TabChannel`]), with this tab's holder lock.
    pub(crate) fn open_channel(&self) {
        let auth = *self;
        let name = cognito_auth::session::tab_message::channel_name(&self.config().client_id);
        let channel = TabChannel::open(&name, move |message| {
            spawn_local(auth.on_tab_message(message));
        })
        .map(|channel| channel.with_presence(Presence::new(&self.config().client_id)));
        self.channel.set_value(channel);
    }
}
