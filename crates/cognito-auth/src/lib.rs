//! Pure Amazon Cognito OAuth 2.0 / OpenID Connect client logic for a browser SPA.
//!
//! Nothing in this crate performs I/O, reads a clock or draws random numbers: the caller passes
//! the current time, random bytes and SHA-256 digests in, and gets URLs, request bodies and
//! checked values back. That keeps every rule testable with plain `cargo test` on the host, and
//! keeps the browser glue (in the portal crate) thin.
//!
//! The flow, in the order the portal calls it:
//! 1. [`config::parse_config`] validates the runtime `/config.json`.
//! 2. [`pkce`] and [`pending::PendingSignIn`] prepare one sign-in round trip;
//!    [`authorize::authorize_url`] builds the hosted-UI URL.
//! 3. [`callback::check_callback`] checks `state`, then `error`, then `code`.
//! 4. [`token::authorization_code_body`] and [`token::parse_token_response`] run the exchange;
//!    [`session::establish_session`] decodes and checks the ID token ([`jwt`], [`claims`]).
//! 5. [`logout`] builds the revocation request and the `/logout` URL.
//!
//! The claims inspector adds [`inspect`] (lenient decoding), [`jwks`] and [`signature`]
//! (what to verify with WebCrypto), [`checklist`], [`claim_info`], [`timefmt`], [`redact`] and
//! [`userinfo`].
//!
//! [`refresh`] holds the refresh rules (request, merge, checks, failure classes, backoff) for
//! the session lifecycle, and [`lifecycle`] its pure state machine; neither is wired into the portal
//! yet.
#![warn(unreachable_pub)]

pub mod error;
pub mod inspector;
pub mod protocol;
pub mod session;
pub mod time;
pub mod verify;

pub use error::{AuthError, Explanation, OAuthError};
pub use time::UnixTime;
