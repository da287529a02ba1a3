//! Signing in: one round trip to the hosted UI (PKCE, `state`, `nonce`) and the callback.

use crate::{browser, http, pending_store, Auth};
use cognito_auth::protocol::authorize::authorize_url;
use cognito_auth::protocol::callback::{check_callback, parse_callback_query, CallbackError};
use cognito_auth::protocol::pending::{safe_return_path, PendingSignIn};
use cognito_auth::protocol::pkce::{
    random_token, PkceChallenge, PkceVerifier, STATE_BYTES, VERIFIER_BYTES,
};
use cognito_auth::protocol::token::{authorization_code_body, parse_token_response};
use cognito_auth::session::lifecycle::{Event, SignInRoute, SignOutReason, TokenSource};
use cognito_auth::session::signed_in::establish_session;
use cognito_auth::AuthError;
use leptos::prelude::*;

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

impl Auth {
    /// Starts a sign-in: prepares PKCE, `state` and `nonce`, remembers them for the round trip
    /// and navigates to the hosted UI. Only returns on failure.
    ///
    /// # Errors
    /// [`AuthError::Browser`] when Web Crypto, sessionStorage or navigation fail.
    pub async fn sign_in(&self) -> Result<(), AuthError> {
        self.start_sign_in(false).await
    }

    /// [`Self::sign_in`], or with `silent` a `prompt=none` round trip.
    pub(crate) async fn start_sign_in(&self, silent: bool) -> Result<(), AuthError> {
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

    pub(crate) fn refused(&self, error: AuthError) -> CallbackOutcome {
        self.dispatch(Event::Refused(error.clone()));
        CallbackOutcome::Failed(error)
    }
}
