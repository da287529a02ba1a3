//! Amazon Cognito sign-in for Leptos CSR apps: the hosted UI with the authorization-code grant
//! and PKCE, tokens in memory only and verified before use, refreshed before they expire and
//! shared across tabs, and an API helper that sends the ID token and retries once after a 401.
//!
//! # Tutorial
//!
//! Validate the runtime config (normally fetched from `/config.json`), provide the handle at the
//! root of the app, and read the session anywhere below it:
//!
//! ```no_run
//! use leptos::prelude::*;
//! use leptos_cognito::{provide_auth, use_auth, SignedIn};
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     let json = r#"{"region": "eu-west-1", "userPoolId": "eu-west-1_AbCdEf123",
//!                    "clientId": "1example23456789",
//!                    "domain": "https://example.auth.eu-west-1.amazoncognito.com",
//!                    "redirectUri": "http://localhost:8080/callback",
//!                    "logoutUri": "http://localhost:8080/"}"#;
//!     match cognito_auth::protocol::config::parse_config(json, "http://localhost:8080") {
//!         Ok(config) => {
//!             provide_auth(config);
//!             view! { <Home/> }.into_any()
//!         }
//!         Err(e) => view! { <p>{e.to_string()}</p> }.into_any(),
//!     }
//! }
//!
//! #[component]
//! fn Home() -> impl IntoView {
//!     let auth = use_auth();
//!     let sign_in = Action::new_local(move |(): &()| async move { auth.sign_in().await });
//!     view! {
//!         <SignedIn fallback=move || view! {
//!             <button on:click=move |_| { sign_in.dispatch(()); }>"Sign in"</button>
//!         }>
//!             // Only rendered while tokens are held; every value is rendered as text.
//!             <p>"Hello, " {move || auth.state().tokens().map(|t| t.claims.sub.clone())}</p>
//!             <button on:click=move |_| auth.sign_out()>"Sign out"</button>
//!         </SignedIn>
//!     }
//! }
//! ```
//!
//! The redirect URI's page must call [`Auth::complete_callback`] (or [`Auth::complete_sign_in`]
//! with the callback's query), after `main` has called [`browser::scrub_callback_url`], so the
//! code never reaches another request's `Referer`. An app whose boot script begins with
//! `js/early_exchange.js` has the code exchange sent before its wasm arrives; the callback adopts
//! that request's answer only if it is exactly its own (`exchange.rs`). Call an API with
//! [`Auth::call_route`].
//!
//! # What it guarantees
//! - One source of truth: the core's session machine holds the tokens; [`Auth::state`] is
//!   derived from it. A late answer (a refresh after "Sign out") is dropped, never adopted.
//! - One verifier: every token set, from the code exchange, a refresh or another tab, passes the
//!   RS256 signature check (WebCrypto, the pool's JWKS) and the claim table on a clock no token
//!   or message can move.
//! - Tabs hand a session over only in answer to a request; the refresh token crosses only then.
//! - Nothing is written to storage except the PKCE round trip's record in `sessionStorage`.

pub mod account;
mod api_client;
pub mod browser;
mod driver;
mod early_exchange;
mod exchange;
mod guard;
pub mod http;
mod logout;
pub mod on_demand;
pub mod pending_store;
mod sign_in;
pub mod tabs;
mod verifier;
mod wake;
pub mod web_locks;
pub mod webcrypto;

pub use account::{AccountClient, Refreshed};
pub use api_client::ApiClient;
pub use driver::TimelineEntry;
pub use guard::SignedIn;
pub use sign_in::CallbackOutcome;

use cognito_auth::protocol::config::Config;
use cognito_auth::session::machine::{Phase, TokenAccess};
use cognito_auth::session::tab_message::RequestId;
use cognito_auth::session::tokens::VerifiedTokens;
use cognito_auth::session::{Event, Session};
use cognito_auth::verify::jwks::JwksCache;
use cognito_auth::AuthError;
use leptos::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Where the session stands, as a view needs it: derived from the session machine, never kept
/// apart from it.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// No tokens in memory.
    SignedOut,
    /// Tokens in memory (signed in, refreshing or reconnecting).
    SignedIn(Arc<VerifiedTokens>),
    /// Tokens dropped; the browser is on its way to Cognito's `/logout`.
    SigningOut,
}

impl AuthState {
    /// The tokens, when signed in.
    pub fn tokens(&self) -> Option<&Arc<VerifiedTokens>> {
        match self {
            Self::SignedIn(tokens) => Some(tokens),
            _ => None,
        }
    }

    fn of(session: &Session) -> Self {
        match (&session.phase, session.tokens()) {
            (_, Some(tokens)) => Self::SignedIn(Arc::clone(tokens)),
            (Phase::SigningOut, None) => Self::SigningOut,
            (_, None) => Self::SignedOut,
        }
    }
}

/// The handle to the session. Cheap to copy: every field is an arena handle.
#[derive(Clone, Copy)]
pub struct Auth {
    config: StoredValue<Arc<Config>>,
    /// The session machine's state: the one source of truth, tokens included.
    life: RwSignal<Session>,
    timeline: RwSignal<Vec<TimelineEntry>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    waiters: StoredValue<Vec<futures_channel::oneshot::Sender<()>>>,
    channel: StoredValue<Option<tabs::TabChannel>, LocalStorage>,
    silent_tried: StoredValue<bool>,
    handled_states: StoredValue<HashSet<String>>,
    /// The ask whose answer arrived and is being verified: its timer waits for the verdict.
    verifying_answer: StoredValue<Option<RequestId>>,
    jwks: StoredValue<JwksCache>,
    /// The pool's keys as WebCrypto keys, imported once each (`verifier`).
    imported: StoredValue<webcrypto::ImportedKeys, LocalStorage>,
}

/// Creates the handle for `config`, provides it to the component tree and starts the session:
/// the tab channel, the wake-up listeners, and (except on the callback page) asking the other
/// tabs for their session.
pub fn provide_auth(config: Config) -> Auth {
    let auth = Auth::start(config);
    provide_context(auth);
    auth
}

impl Auth {
    /// Creates the handle for `config` and starts the session, like [`provide_auth`] but without
    /// providing it: for an app that loads the session machinery on demand and provides the
    /// handle (with `provide_context`) where it shows views that need it.
    pub fn start(config: Config) -> Auth {
        // Not while a callback waits to be handled: its own record, expired, must still be
        // found, so the callback is refused as expired rather than as unknown.
        if !browser::callback_query_pending() {
            pending_store::purge_stale(browser::now());
        }
        let on_callback = browser::on_redirect_page(&config.redirect_uri);
        let auth = Auth {
            config: StoredValue::new(Arc::new(config)),
            life: RwSignal::new(Session::new()),
            timeline: RwSignal::new(Vec::new()),
            timer: StoredValue::new(None),
            waiters: StoredValue::new(Vec::new()),
            channel: StoredValue::new_local(None),
            silent_tried: StoredValue::new(false),
            handled_states: StoredValue::new(HashSet::new()),
            verifying_answer: StoredValue::new(None),
            jwks: StoredValue::new(JwksCache::default()),
            imported: StoredValue::new_local(webcrypto::ImportedKeys::default()),
        };
        auth.open_channel();
        wake::install(move |cause| auth.dispatch(Event::Wake(cause)));
        if !on_callback {
            auth.dispatch(Event::FindSession);
        }
        auth
    }
}

/// The handle provided by [`provide_auth`].
///
/// # Panics
/// Outside the provider: a wiring bug, not bad input.
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

impl Auth {
    /// The session state, reactively.
    pub fn state(&self) -> AuthState {
        self.life.with(AuthState::of)
    }

    /// The session state, without subscribing to it.
    pub fn state_untracked(&self) -> AuthState {
        self.life.with_untracked(AuthState::of)
    }

    /// The session machine's state (phase, schedule, drift, tokens), reactively.
    pub fn life(&self) -> Session {
        self.life.get()
    }

    /// Cognito's clock minus this device's, as this tab measured it (not reactive).
    pub fn drift(&self) -> cognito_auth::session::clock::Drift {
        self.life.with_untracked(|s| s.drift)
    }

    /// The session timeline, newest first, reactively.
    pub fn timeline(&self) -> Vec<TimelineEntry> {
        self.timeline.get()
    }

    /// The validated runtime config.
    pub fn config(&self) -> Arc<Config> {
        self.config.get_value()
    }

    /// Tokens fresh enough to use now: the check on read. Within the refresh margin it refreshes
    /// first; concurrent callers all wait for that one refresh (or for the other tabs' answer).
    /// Never returns an expired token.
    ///
    /// # Errors
    /// [`AuthError::NotSignedIn`] when there is no session (any more);
    /// [`AuthError::Reconnecting`] when the tokens held have expired and the refresh is being
    /// retried.
    pub async fn fresh_session(&self) -> Result<Arc<VerifiedTokens>, AuthError> {
        let mut refresh_asked = false;
        // Each turn either returns or waits for the machine to move on; four turns cover
        // "due → refresh → answered" with room for a sibling's answer in between.
        for _ in 0..4 {
            let access = self
                .life
                .with_untracked(|s| s.tokens_for_use(browser::now(), refresh_asked));
            match access {
                TokenAccess::Ready(tokens) => return Ok(tokens),
                TokenAccess::Unavailable(error) => return Err(error),
                TokenAccess::Wait => self.settled().await,
                TokenAccess::RefreshFirst => {
                    refresh_asked = true;
                    self.dispatch(Event::Wake(
                        cognito_auth::session::event::WakeCause::TokenWanted,
                    ));
                }
            }
        }
        Err(AuthError::NotSignedIn)
    }

    /// Signs out: drops every token at once (in every tab), revokes the refresh token, then
    /// navigates to Cognito's `/logout`, which clears the hosted-UI session and comes back to
    /// `logoutUri`.
    pub fn sign_out(&self) {
        self.dispatch(Event::SignOut(
            cognito_auth::session::machine::SignOutReason::UserSignedOut,
        ));
    }
}
