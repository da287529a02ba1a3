//! The portal's auth handle: the only code that talks to Cognito.
//!
//! Tokens live in [`AuthState::SignedIn`] inside a signal, in memory only. Browser storage holds
//! the pending sign-in for one round trip (`pending_store`), never a token. The session's
//! lifecycle (refresh, reconnecting, other tabs) is the core's state machine, run by `driver`.

mod api_client;
pub mod browser;
mod driver;
pub mod http;
mod jwks_cache;
pub mod pending_store;
mod sign_in;
pub mod tabs;
mod wake;
pub mod web_locks;
pub mod webcrypto;

pub use driver::TimelineEntry;
pub use sign_in::CallbackOutcome;

use cognito_auth::protocol::config::Config;
use cognito_auth::protocol::logout::{classify_revoke_response, logout_url, revoke_body};
use cognito_auth::session::lifecycle::{
    Event, Phase, Session, SignInRoute, SignOutReason, WakeCause,
};
use cognito_auth::session::signed_in::SignedInSession;
use cognito_auth::verify::jwks::JwksCache;
use cognito_auth::AuthError;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// How long a new tab waits for an open tab to share its session before showing "Sign in".
const ASK_TABS_WAIT: Duration = Duration::from_millis(400);

/// Where the session stands.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// No tokens in memory.
    SignedOut,
    /// Tokens in memory.
    SignedIn(Arc<SignedInSession>),
    /// Tokens dropped; the browser is on its way to Cognito's `/logout`.
    SigningOut,
}

/// Cheap to copy: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Auth {
    config: StoredValue<Arc<Config>>,
    state: RwSignal<AuthState>,
    life: RwSignal<Session>,
    timeline: RwSignal<Vec<TimelineEntry>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    waiters: StoredValue<Vec<futures_channel::oneshot::Sender<()>>>,
    channel: StoredValue<Option<tabs::TabChannel>, LocalStorage>,
    silent_tried: StoredValue<bool>,
    handled_states: StoredValue<HashSet<String>>,
    jwks: StoredValue<JwksCache>,
}

/// Creates the auth handle for `config`, provides it to the component tree and starts the
/// session: the tab channel, the wake-up listeners, and (except on the callback) asking the
/// other tabs for their session.
pub fn provide_auth(config: Config) -> Auth {
    pending_store::purge_stale(browser::now());
    let auth = Auth {
        config: StoredValue::new(Arc::new(config)),
        state: RwSignal::new(AuthState::SignedOut),
        life: RwSignal::new(Session::new()),
        timeline: RwSignal::new(Vec::new()),
        timer: StoredValue::new(None),
        waiters: StoredValue::new(Vec::new()),
        channel: StoredValue::new_local(None),
        silent_tried: StoredValue::new(false),
        handled_states: StoredValue::new(HashSet::new()),
        jwks: StoredValue::new(JwksCache::default()),
    };
    provide_context(auth);
    auth.open_channel();
    wake::install(move |cause| auth.dispatch(Event::Wake(cause)));
    if browser::page_path().split('?').next() != Some("/callback") {
        auth.ask_other_tabs();
    }
    auth
}

/// The auth handle provided by [`provide_auth`].
///
/// # Panics
/// Outside the provider: a wiring bug, not bad input.
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

impl Auth {
    /// The session state, reactively.
    pub fn state(&self) -> AuthState {
        self.state.get()
    }

    /// The session state, without subscribing to it.
    pub fn state_untracked(&self) -> AuthState {
        self.state.get_untracked()
    }

    /// The lifecycle's state (phase, schedule, drift), reactively.
    pub fn life(&self) -> Session {
        self.life.get()
    }

    /// The session timeline, newest first, reactively.
    pub fn timeline(&self) -> Vec<TimelineEntry> {
        self.timeline.get()
    }

    /// Asks the open tabs for their session, and gives them [`ASK_TABS_WAIT`] to answer before
    /// trying a silent sign-in (if configured) or showing "Sign in".
    fn ask_other_tabs(&self) {
        self.dispatch(Event::SignInStarted(SignInRoute::AskingTabs));
        if let Some(channel) = self.channel.get_value() {
            channel.post(&cognito_auth::session::tab_message::TabMessage::Ask);
        }
        let auth = *self;
        let waited = set_timeout_with_handle(move || auth.no_tab_answered(), ASK_TABS_WAIT);
        if waited.is_err() {
            self.no_tab_answered();
        }
    }

    fn no_tab_answered(&self) {
        if self.life.get_untracked().phase != Phase::SigningIn(SignInRoute::AskingTabs) {
            return;
        }
        if self.config().silent_sign_in && !self.silent_tried.get_value() {
            self.silent_tried.set_value(true);
            let auth = *self;
            leptos::task::spawn_local(async move {
                auth.dispatch(Event::SignInStarted(SignInRoute::Silent));
                if let Err(e) = auth.start_sign_in(true).await {
                    auth.dispatch(Event::Refused(e));
                }
            });
            return;
        }
        self.dispatch(Event::SignOut(SignOutReason::NoSessionFound));
    }

    /// A session fresh enough to use now: the check on read. Within the refresh margin it
    /// refreshes first; concurrent callers all wait for that one refresh. While reconnecting,
    /// the held tokens are returned as long as they have not expired.
    ///
    /// # Errors
    /// [`AuthError::NotSignedIn`] when there is no session (any more).
    pub async fn fresh_session(&self) -> Result<Arc<SignedInSession>, AuthError> {
        if self
            .life
            .with_untracked(|s| s.needs_refresh(browser::now()))
        {
            self.dispatch(Event::Wake(WakeCause::TokenWanted));
        }
        self.refresh_finished().await;
        match self.state.get_untracked() {
            AuthState::SignedIn(session) => Ok(session),
            _ => Err(AuthError::NotSignedIn),
        }
    }

    /// The validated runtime config.
    pub fn config(&self) -> Arc<Config> {
        self.config.get_value()
    }

    /// Signs out: revokes the refresh token, drops every token, then navigates to Cognito's
    /// `/logout`, which clears the hosted-UI session and comes back to `logoutUri`.
    ///
    /// # Errors
    /// [`AuthError::Browser`] if the navigation fails; the tokens are gone by then.
    pub async fn sign_out(&self) -> Result<(), AuthError> {
        let config = self.config();
        let previous = self.state.get_untracked();
        self.state.set(AuthState::SigningOut);
        self.dispatch(Event::SignOut(SignOutReason::UserSignedOut));
        if let AuthState::SignedIn(session) = previous {
            if let Some(refresh_token) = &session.tokens.refresh_token {
                let body = revoke_body(&config, refresh_token);
                let outcome = match http::post_form(
                    &config.endpoints.revoke,
                    body,
                    "the revocation endpoint",
                )
                .await
                {
                    Ok(answer) => classify_revoke_response(answer.status, &answer.body).describe(),
                    Err(e) => format!("revocation unavailable: {e}"),
                };
                browser::log(&format!("sign-out: {outcome}"));
            }
        }
        browser::navigate_away(&logout_url(&config))
    }
}
