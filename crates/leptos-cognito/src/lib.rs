//! The portal's auth handle: the only code that talks to Cognito.
//!
//! Tokens live in [`AuthState::SignedIn`] inside a signal, in memory only. Browser storage holds
//! the pending sign-in for one round trip (`pending_store`), never a token. The session's
//! lifecycle (refresh, reconnecting, other tabs) is the core's state machine, run by `driver`.

pub mod browser;
mod driver;
pub mod http;
pub mod pending_store;
pub mod tabs;
mod wake;
pub mod web_locks;
pub mod webcrypto;

pub use driver::TimelineEntry;

use cognito_auth::protocol::api::{
    api_url, authorization_value, classify_api_answer, ApiError, ApiOutcome, MAX_RETRIES_AFTER_401,
};
use cognito_auth::protocol::authorize::authorize_url;
use cognito_auth::protocol::callback::{check_callback, parse_callback_query, CallbackError};
use cognito_auth::protocol::config::Config;
use cognito_auth::error::parse_oauth_error;
use cognito_auth::inspector::inspect::InspectedJwt;
use cognito_auth::verify::jwks::{parse_jwks, JwksCache};
use cognito_auth::session::lifecycle::{
    Event, Phase, Session, SignInRoute, SignOutReason, TokenSource, WakeCause,
};
use cognito_auth::protocol::logout::{classify_revoke_response, logout_url, revoke_body};
use cognito_auth::protocol::pending::{safe_return_path, PendingSignIn};
use cognito_auth::protocol::pkce::{random_token, PkceChallenge, PkceVerifier, STATE_BYTES, VERIFIER_BYTES};
use cognito_auth::session::signed_in::{establish_session, SignedInSession};
use cognito_auth::verify::signature::{conclude, plan_verification, SignatureStatus, VerificationPlan};
use cognito_auth::protocol::token::{authorization_code_body, parse_token_response};
use cognito_auth::protocol::userinfo::parse_user_info;
use cognito_auth::AuthError;
use leptos::prelude::*;
use serde_json::{Map, Value};
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

/// The result of handling a callback URL.
#[derive(Debug)]
pub enum CallbackOutcome {
    /// Signed in; go to this same-origin path.
    SignedIn {
        /// The page the sign-in started from.
        return_to: String,
    },
    /// The callback was refused or the exchange failed; nothing was stored.
    Failed(AuthError),
    /// This callback is already being handled in this page (an effect ran twice): do nothing.
    AlreadyHandled,
    /// A silent (`prompt=none`) sign-in found no hosted-UI session: show "Sign in" there.
    NoHostedSession {
        /// The page the sign-in started from.
        return_to: String,
    },
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

    /// Starts a sign-in: prepares PKCE, `state` and `nonce`, remembers them for the round trip
    /// and navigates to the hosted UI. Only returns on failure.
    ///
    /// # Errors
    /// [`AuthError::Browser`] when Web Crypto, sessionStorage or navigation fail.
    pub async fn sign_in(&self) -> Result<(), AuthError> {
        self.start_sign_in(false).await
    }

    /// [`Self::sign_in`], or with `silent` a `prompt=none` round trip.
    async fn start_sign_in(&self, silent: bool) -> Result<(), AuthError> {
        let config = self.config();
        let verifier = PkceVerifier::from_random(&browser::random_bytes::<VERIFIER_BYTES>()?);
        let state = random_token(&browser::random_bytes::<STATE_BYTES>()?);
        let nonce = random_token(&browser::random_bytes::<STATE_BYTES>()?);
        let challenge =
            PkceChallenge::from_sha256(&browser::sha256(verifier.secret().as_bytes()).await?);
        let record = PendingSignIn {
            state: state.clone(),
            nonce: nonce.clone(),
            verifier: verifier.secret().to_owned(),
            return_to: safe_return_path(&browser::page_path()),
            created_at: browser::now(),
        };
        pending_store::save(&record)?;
        browser::navigate_away(&authorize_url(&config, &state, &nonce, &challenge, silent))
    }

    /// Handles the redirect back from the hosted UI, once.
    ///
    /// `query` is the callback's `location.search`. The pending sign-in for its `state` is
    /// consumed before anything else happens, so a reload or a second run finds none and makes
    /// no token request.
    pub async fn complete_sign_in(&self, query: &str) -> CallbackOutcome {
        let params = parse_callback_query(query);
        if let Some(state) = &params.state {
            let first_time = self
                .handled_states
                .try_update_value(|set| set.insert(state.clone()))
                .unwrap_or(false);
            if !first_time {
                return CallbackOutcome::AlreadyHandled;
            }
        }
        self.dispatch(Event::SignInStarted(SignInRoute::Callback));
        let pending = params.state.as_deref().and_then(pending_store::take);
        let now = browser::now();
        let code = match check_callback(&params, pending.as_ref(), now) {
            Ok(code) => code,
            Err(e) if e.is_no_hosted_session() => {
                self.silent_tried.set_value(true);
                self.dispatch(Event::SignOut(SignOutReason::NoSessionFound));
                let return_to = pending.map_or_else(|| "/".to_owned(), |p| p.return_to);
                return CallbackOutcome::NoHostedSession {
                    return_to: safe_return_path(&return_to),
                };
            }
            Err(e) => return self.refused(e.into()),
        };
        // check_callback succeeded, so the record exists and holds a valid verifier.
        let Some((pending, verifier)) = pending.and_then(|p| p.verifier().map(|v| (p, v))) else {
            return self.refused(CallbackError::UnknownState.into());
        };
        let config = self.config();
        let body = authorization_code_body(&config, &code, &verifier);
        let answer =
            match http::post_form(&config.endpoints.token, body, "the token endpoint").await {
                Ok(answer) => answer,
                Err(e) => return self.refused(e),
            };
        let session = parse_token_response(answer.status, &answer.body)
            .map_err(AuthError::from)
            .and_then(|tokens| establish_session(&config, tokens, &pending, browser::now()));
        match session {
            Ok(session) => {
                self.receive_tokens(session, TokenSource::SignIn);
                CallbackOutcome::SignedIn {
                    return_to: safe_return_path(&pending.return_to),
                }
            }
            Err(e) => self.refused(e),
        }
    }

    fn refused(&self, error: AuthError) -> CallbackOutcome {
        self.dispatch(Event::Refused(error.clone()));
        CallbackOutcome::Failed(error)
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

    /// Calls the protected API at `path` (`/me`) with the ID token (never the access token:
    /// AWS's Cognito authorizer refuses it on methods without scopes). A 401 refreshes the
    /// tokens once and retries once.
    ///
    /// # Errors
    /// [`ApiError`] in words: not configured, refused, forbidden, unreachable (often CORS).
    pub async fn call_api(&self, path: &str) -> Result<Value, ApiError> {
        let base = self
            .config()
            .api_base_url
            .clone()
            .ok_or(ApiError::NotConfigured)?;
        let url = api_url(&base, path);
        let mut retries = MAX_RETRIES_AFTER_401;
        loop {
            let session = self
                .fresh_session()
                .await
                .map_err(|_| ApiError::Unauthorized)?;
            let id_token = session.tokens.id_token.secret();
            let answer =
                http::get_with_authorization(&url, &authorization_value(id_token), "the API")
                    .await
                    .map_err(|e| ApiError::Unreachable {
                        detail: match e {
                            AuthError::Network { detail, .. } => detail,
                            other => other.to_string(),
                        },
                    })?;
            match classify_api_answer(answer.status, &answer.body, retries > 0) {
                ApiOutcome::Data(value) => return Ok(value),
                ApiOutcome::Failed(e) => return Err(e),
                ApiOutcome::RefreshAndRetry => {
                    retries -= 1;
                    self.dispatch(Event::ForceRefresh);
                    self.refresh_finished().await;
                    let renewed = matches!(
                        self.state.get_untracked(),
                        AuthState::SignedIn(s) if s.tokens.id_token.secret() != id_token
                    );
                    if !renewed {
                        return Err(ApiError::Unauthorized);
                    }
                }
            }
        }
    }

    /// Checks a token's RS256 signature against the pool's JWKS with WebCrypto. The JWKS is
    /// fetched once and again only for an unknown `kid`, rate-limited (`JwksCache`).
    pub async fn verify_signature(&self, jwt: &InspectedJwt) -> SignatureStatus {
        let now = browser::now();
        let kid = jwt.header_str("kid");
        if self.jwks.with_value(|cache| cache.should_fetch(kid, now)) {
            let url = self.config().endpoints.jwks.clone();
            let fetched = match http::get_text(&url, "the JWKS endpoint").await {
                Ok(answer) if answer.status == 200 => parse_jwks(&answer.body).ok(),
                _ => None,
            };
            self.jwks
                .update_value(|cache| cache.record_fetch(fetched, now));
        }
        let jwks = self.jwks.with_value(|cache| cache.jwks.clone());
        match plan_verification(jwt, jwks.as_ref()) {
            VerificationPlan::Concluded(status) => status,
            VerificationPlan::Verify {
                key,
                signing_input,
                signature,
            } => match webcrypto::verify_rs256(&key, &signing_input, &signature).await {
                Ok(valid) => conclude(&key.kid, valid),
                Err(e) => SignatureStatus::NotChecked {
                    reason: e.to_string(),
                },
            },
        }
    }

    /// Whether the cached JWKS holds `kid`; `None` until the JWKS has been fetched.
    pub fn jwks_has_kid(&self, kid: &str) -> Option<bool> {
        self.jwks
            .with_value(|cache| cache.jwks.as_ref().map(|jwks| jwks.find(kid).is_some()))
    }

    /// Calls `/oauth2/userInfo` with the access token.
    ///
    /// # Errors
    /// [`AuthError::Network`] when unreachable, [`AuthError::UserInfo`] for an error answer.
    pub async fn user_info(&self) -> Result<Map<String, Value>, AuthError> {
        let session = self.fresh_session().await?;
        let url = self.config().endpoints.user_info.clone();
        let answer = http::get_with_bearer(
            &url,
            session.tokens.access_token.secret(),
            "the userInfo endpoint",
        )
        .await?;
        if answer.status == 200 {
            return parse_user_info(&answer.body).map_err(|_| AuthError::UserInfo {
                status: answer.status,
                error: None,
            });
        }
        Err(AuthError::UserInfo {
            status: answer.status,
            error: parse_oauth_error(&answer.body),
        })
    }
}
