//! Signing in: one round trip to the hosted UI (PKCE, `state`, `nonce`) and the callback.

use crate::exchange::{self, BegunExchange};
use crate::{browser, pending_store, Auth};
use cognito_auth::protocol::authorize::{authorize_url, Prompt};
use cognito_auth::protocol::config::Config;
use cognito_auth::protocol::hosted_pages::{hosted_page_url, HostedPage};
use cognito_auth::protocol::pending::{safe_return_path, PendingSignIn};
use cognito_auth::protocol::pkce::{
    Nonce, PkceChallenge, PkceVerifier, State, STATE_BYTES, VERIFIER_BYTES,
};
use cognito_auth::protocol::token::parse_token_response;
use cognito_auth::session::event::{Event, TokenSource};
use cognito_auth::session::machine::{SignInRoute, SignOutReason};
use cognito_auth::session::tokens::Origin;
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
        self.start_sign_in(Prompt::Default).await
    }

    /// Starts a sign-in through one of the hosted UI's own pages (`/signup`, `/forgotPassword`):
    /// the same round trip as [`Self::sign_in`] (PKCE, `state`, `nonce`, remembered for the
    /// callback), so when the visitor has finished there and Cognito signs them in, the callback
    /// completes it. `None` is [`Self::sign_in`] itself.
    ///
    /// # Errors
    /// As [`Self::sign_in`]; [`AuthError::Browser`] also when the config offers no such page
    /// ([`cognito_auth::protocol::hosted_pages::offered`]).
    pub async fn sign_in_at(&self, page: Option<HostedPage>) -> Result<(), AuthError> {
        let Some(page) = page else {
            return self.sign_in().await;
        };
        self.round_trip(|config, state, nonce, challenge| {
            hosted_page_url(config, page, state, nonce, challenge).ok_or(AuthError::Browser {
                what: "open the hosted page",
                detail: format!("the config offers no {} page", page.path()),
            })
        })
        .await
    }

    /// [`Self::sign_in`], or with [`Prompt::None`] a round trip that never shows a page.
    pub(crate) async fn start_sign_in(&self, prompt: Prompt) -> Result<(), AuthError> {
        self.round_trip(|config, state, nonce, challenge| {
            Ok(authorize_url(config, state, nonce, challenge, prompt))
        })
        .await
    }

    /// One round trip: PKCE, `state` and `nonce`, the URL `url` builds from them, the pending
    /// record saved, then away.
    async fn round_trip(
        &self,
        url: impl FnOnce(&Config, &State, &Nonce, &PkceChallenge) -> Result<String, AuthError>,
    ) -> Result<(), AuthError> {
        let config = self.config();
        let verifier = PkceVerifier::from_random(&browser::random_bytes::<VERIFIER_BYTES>()?);
        let state = State::from_random(&browser::random_bytes::<STATE_BYTES>()?);
        let nonce = Nonce::from_random(&browser::random_bytes::<STATE_BYTES>()?);
        let challenge =
            PkceChallenge::from_sha256(&browser::sha256(verifier.secret().as_bytes()).await?);
        let url = url(&config, &state, &nonce, &challenge)?;
        let record = PendingSignIn {
            state,
            nonce,
            verifier,
            return_to: safe_return_path(&browser::page_path()),
            created_at: browser::now(),
        };
        pending_store::save(&record, &config)?;
        browser::navigate_away(&url)
    }

    /// Handles the redirect back from the hosted UI, once.
    ///
    /// `query` is the callback's `location.search`. The pending sign-in for its `state` is
    /// consumed before anything else happens, so a reload or a second run finds none and makes
    /// no token request.
    pub async fn complete_sign_in(&self, query: &str) -> CallbackOutcome {
        self.finish_sign_in(exchange::begin(&self.config(), query))
            .await
    }

    /// Handles this page's callback: the query [`browser::scrub_callback_url`] kept, its
    /// exchange the one the boot script sent when that is exactly this one (`exchange::begin`).
    pub async fn complete_callback(&self) -> CallbackOutcome {
        let query = browser::take_callback_query().unwrap_or_default();
        self.finish_sign_in(exchange::begin(&self.config(), &query))
            .await
    }

    /// Finishes a sign-in whose callback was checked (and its code sent) by `exchange::begin`:
    /// once per `state` in this page, the answer through the one verifier.
    pub(crate) async fn finish_sign_in(&self, begun: BegunExchange) -> CallbackOutcome {
        if let Some(state) = &begun.state {
            let first_time = self
                .handled_states
                .try_update_value(|set| set.insert(state.as_str().to_owned()))
                .unwrap_or(false);
            if !first_time {
                return CallbackOutcome::AlreadyHandled;
            }
        }
        self.dispatch(Event::SignInStarted(SignInRoute::Callback));
        let sent = match begun.sent {
            Ok(sent) => sent,
            Err(e) if e.is_no_hosted_session() => {
                self.silent_tried.set_value(true);
                self.dispatch(Event::SignOut(SignOutReason::NoSessionFound));
                return CallbackOutcome::NoHostedSession {
                    return_to: begun.return_to.unwrap_or_else(|| "/".to_owned()),
                };
            }
            Err(e) => return self.refused(e.into()),
        };
        let nonce = sent.checked.nonce.clone();
        let return_to = sent.checked.return_to.clone();
        // The pool's keys come side by side with the tokens: verification then waits for
        // neither. Only the token request's outcome decides what happens next.
        let (answer, ()) = futures_util::future::join(sent.answer, self.warm_keys()).await;
        let answer = match answer {
            Ok(answer) => answer,
            Err(e) => return self.refused(e.into()),
        };
        let raw = match parse_token_response(answer.status, &answer.body) {
            Ok(raw) => raw,
            Err(e) => return self.refused(e.into()),
        };
        let origin = Origin::SignIn { nonce: &nonce };
        match self.verify_tokens(raw, origin).await {
            Ok(accepted) => {
                self.dispatch(Event::TokensVerified {
                    accepted: Box::new(accepted),
                    source: TokenSource::SignIn,
                });
                if self.state_untracked().tokens().is_none() {
                    // The machine did not take them: the page moved on (signed out meanwhile).
                    return CallbackOutcome::Failed(AuthError::NotSignedIn);
                }
                CallbackOutcome::SignedIn { return_to }
            }
            Err(e) => self.refused(e),
        }
    }

    /// The sign-in failed: the machine records why, the page shows it.
    pub(crate) fn refused(&self, error: AuthError) -> CallbackOutcome {
        self.dispatch(Event::TokensRefused {
            error: error.clone(),
            source: TokenSource::SignIn,
        });
        CallbackOutcome::Failed(error)
    }
}
