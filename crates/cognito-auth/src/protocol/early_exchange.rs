//! The callback's code exchange as the boot script sends it, before the wasm has arrived
//! (issue #11), and the one rule by which the core adopts its answer.
//!
//! On `/callback` the wasm's first run (its module read from the disk cache, compiled,
//! instantiated, the app mounted) takes 50–80 ms before it can send the token request, and the
//! whole sign-in waited for it. The boot script runs that much earlier, so it sends the request
//! instead, but it adopts nothing and adds no rule of its own:
//! - it sends only when the core's callback check would pass on the same inputs (a `state` whose
//!   record exists and names it, within [`PENDING_TTL_SECS`](crate::protocol::pending::PENDING_TTL_SECS),
//!   no `error`, a `code`), so a callback the portal refuses spends no code;
//! - it sends only the bytes the sign-in left in the pending record ([`ExchangeTemplate`]), with
//!   the callback's code appended;
//! - the core adopts the answer only when that request is exactly the one it would itself have
//!   sent for a callback it checked ([`adopts`]); anything else is discarded unread;
//! - an adopted answer goes through the one verifier like every other token.
//!
//! The boot script is `crates/leptos-cognito/js/early_exchange.js`; a test there checks that it
//! uses the names below and the record's age limit.

use crate::protocol::config::Config;
use crate::protocol::pkce::PkceVerifier;
use crate::protocol::secret::AuthorizationCode;
use crate::protocol::token::{authorization_code_body, authorization_code_head};

/// The pending record's member with the token endpoint the request goes to.
pub const URL_MEMBER: &str = "exchange_url";
/// The pending record's member with the request body up to the code's value.
pub const BODY_MEMBER: &str = "exchange_body";
/// The callback's path (the redirect URI's): the only one on which the boot script sends an
/// exchange, and the one whose query `main` takes out of the URL.
pub const CALLBACK_PATH: &str = "/callback";

/// The code exchange a sign-in prepares for its callback: where it goes and its body up to the
/// code (the body holds the PKCE verifier, so `Debug` shows neither part).
#[derive(Clone, PartialEq, Eq)]
pub struct ExchangeTemplate {
    /// The token endpoint.
    pub url: String,
    /// [`authorization_code_head`]: the body, ending in `code=`.
    pub body_head: String,
}

impl std::fmt::Debug for ExchangeTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ExchangeTemplate(<redacted>)")
    }
}

impl ExchangeTemplate {
    /// The template for a sign-in with `verifier` under `config`.
    pub fn new(config: &Config, verifier: &PkceVerifier) -> Self {
        Self {
            url: config.endpoints.token.clone(),
            body_head: authorization_code_head(config, verifier),
        }
    }
}

/// A token request the boot script reports it sent: untrusted, like anything read from the page.
#[derive(Clone, PartialEq, Eq)]
pub struct EarlyRequest {
    /// Where it went.
    pub url: String,
    /// What it carried.
    pub body: String,
}

impl std::fmt::Debug for EarlyRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EarlyRequest(<redacted>)")
    }
}

/// Whether the answer to `sent` may stand for the exchange of a checked callback's `code` and
/// `verifier`: only when it went to this config's token endpoint with exactly the body the
/// portal would send now. A record changed after the sign-in (another client, redirect URI or
/// endpoint, another verifier) or a code other than the checked one makes it a stranger's
/// request, whose answer is not read.
pub fn adopts(
    config: &Config,
    code: &AuthorizationCode,
    verifier: &PkceVerifier,
    sent: &EarlyRequest,
) -> bool {
    sent.url == config.endpoints.token
        && sent.body == authorization_code_body(config, code, verifier)
}

#[cfg(test)]
#[path = "early_exchange_tests.rs"]
mod tests;
