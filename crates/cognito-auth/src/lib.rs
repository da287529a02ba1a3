//! Pure Amazon Cognito OAuth 2.0 / OpenID Connect client logic for a browser SPA.
//!
//! Nothing in this crate performs I/O, reads a clock or draws random numbers: the caller passes
//! the current time, random bytes and SHA-256 digests in, and gets URLs, request bodies and
//! checked values back. That keeps every rule testable with plain `cargo test` on the host, and
//! keeps the browser glue (in the portal crate) thin.
//!
//! The flow, in the order the browser glue calls it:
//! 1. [`protocol::config::parse_config`] validates the runtime `/config.json`.
//! 2. [`protocol::pkce`] (verifier, `State`, `Nonce`) and [`protocol::pending::PendingSignIn`]
//!    prepare one sign-in round trip; [`protocol::authorize::authorize_url`] builds the
//!    hosted-UI URL.
//! 3. [`protocol::callback::check_callback`] checks `state`, then `error`, then `code`, and
//!    returns what the exchange needs.
//! 4. [`protocol::token::authorization_code_body`] and [`protocol::token::parse_token_response`]
//!    run the exchange; [`session::tokens::decode`], [`session::tokens::signatures_verified`]
//!    and [`session::tokens::accept`] check every token set that enters, whatever its path
//!    ([`verify`]).
//! 5. [`session`] holds the state machine that owns the tokens: refresh, the tab protocol,
//!    the words of each phase.
//! 6. [`protocol::logout`] builds the revocation request and the `/logout` URL.
//!
//! [`protocol::http`] and [`protocol::endpoint`] type what a request brought back and where it
//! went. The claims inspector ([`inspector`]) explains a token to people with the same checks
//! as the strict path.
#![warn(unreachable_pub)]

pub mod account;
pub mod error;
pub mod inspector;
pub mod protocol;
pub mod session;
pub mod time;
pub mod verify;

pub use error::{AuthError, Explanation, OAuthError};
pub use time::UnixTime;
