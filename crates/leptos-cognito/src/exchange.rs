//! The callback's code exchange: the callback checked by the core, then the boot script's early
//! request adopted when it is exactly this one, or the request sent now (issue #11).
//!
//! The token request is a round trip of 100 ms or more, and the session machinery that verifies
//! its answer is a chunk that takes about as long to fetch and compile. The boot script
//! (`js/early_exchange.js`) sends the request before the wasm has even arrived, from what the
//! sign-in left in the pending record; [`begin`] takes it, once, in the chunk. Nothing is decided
//! there: the callback is checked by `check_callback` (state first, then expiry, error and code),
//! and the early answer is used only if [`adopts`] finds the request identical to the one this
//! checked callback makes; otherwise it is dropped unread and the request is sent here. A refused
//! callback sends nothing. The pending record is consumed as it is read, and the query is taken
//! from [`browser::take_callback_query`] once, so a page adopts or sends at most one exchange.

use crate::http::{self, Endpoint, HttpAnswer, NoAnswerError};
use crate::{browser, early_exchange, pending_store};
use cognito_auth::protocol::callback::{
    check_callback, parse_callback_query, CallbackError, CheckedCallback,
};
use cognito_auth::protocol::config::Config;
use cognito_auth::protocol::early_exchange::adopts;
use cognito_auth::protocol::pending::safe_return_path;
use cognito_auth::protocol::pkce::State;
use cognito_auth::protocol::token::authorization_code_body;
use std::future::Future;
use std::pin::Pin;

/// A callback, checked, and its token request ready when the check passed.
///
/// It shows no code, verifier or token in any form: each has a type that redacts itself, and
/// the answers are futures.
pub(crate) struct BegunExchange {
    /// The callback's `state`, which [`Auth::finish_sign_in`](crate::Auth::finish_sign_in)
    /// handles once per page.
    pub(crate) state: Option<State>,
    /// What the check found: the request to await, or why there is none.
    pub(crate) sent: Result<Sent, CallbackError>,
    /// The pending record's return path (made safe), when there was one: a silent sign-in that
    /// found no hosted session goes back there.
    pub(crate) return_to: Option<String>,
}

/// The token request of a checked callback.
pub(crate) struct Sent {
    /// The code, verifier, nonce and return path the check handed over.
    pub(crate) checked: CheckedCallback,
    /// The token endpoint's answer: the boot script's adopted one, or the request sent when it
    /// is first awaited.
    pub(crate) answer: Answer,
}

/// An answer to come.
pub(crate) type Answer = Pin<Box<dyn Future<Output = Result<HttpAnswer, NoAnswerError>>>>;

/// Checks the callback `query` against the pending sign-in of its `state` (consuming that record)
/// and, when every check passes, takes the answer to the exchange the boot script sent if it is
/// exactly this one ([`adopts`]), or sends the exchange now.
pub(crate) fn begin(config: &Config, query: &str) -> BegunExchange {
    // Taken whatever the check finds, so a refused callback's early answer is dropped unread.
    let early = early_exchange::take();
    let params = parse_callback_query(query);
    let pending = params.state.as_ref().and_then(pending_store::take);
    let now = browser::now();
    let sent = check_callback(&params, pending.as_ref(), now).map(|checked| {
        let adopted =
            early.filter(|early| adopts(config, &checked.code, &checked.verifier, &early.request));
        let answer: Answer = if let Some(early) = adopted {
            Box::pin(early.answer())
        } else {
            let token = config.endpoints.token.clone();
            let body = authorization_code_body(config, &checked.code, &checked.verifier);
            Box::pin(async move { http::post_form(&token, body, Endpoint::Token).await })
        };
        Sent { checked, answer }
    });
    BegunExchange {
        state: params.state,
        sent,
        return_to: pending.map(|p| safe_return_path(&p.return_to)),
    }
}
