//! The hosted UI's own "create an account" (`/signup`) and "forgot your password"
//! (`/forgotPassword`) pages, as sign-in round trips.
//!
//! Cognito serves both on the user-pool domain, beside `/oauth2/authorize`, and they take the
//! authorize endpoint's parameters. When the visitor has finished there, Cognito signs them in
//! and sends the browser to `redirect_uri` with a code and the `state` it was given, as after
//! "Sign in". So the signed-out page offers them as buttons that start a sign-in like "Sign in"
//! does (a fresh `state`, `nonce` and PKCE challenge, remembered for the round trip), only
//! opening this page instead of the sign-in page: the callback then finds its pending sign-in
//! and completes it. A plain link would carry no `state`, and the code it brought back would be
//! refused ("This sign-in link is incomplete").
//!
//! [`offered`] is all the first load needs (whether to show a button); [`hosted_page_url`]
//! builds the URL in the session machinery's chunk, from [`authorize_url`] itself, so the two
//! can never disagree on a parameter.
//!
//! Sign-up is offered only when the config says the pool lets visitors sign up (`selfSignUp`);
//! a pool with `AllowAdminCreateUserOnly` answers its `/signup` with an error page. The
//! forgotten-password page does not depend on it: resetting a password is governed by the
//! pool's account recovery (a verified email), not by who may create accounts, and the people
//! most likely to need it are customers whose account an admin created for them.
//!
//! A federated identity provider from the config (`identityProviders`) is a way in of the same
//! kind: [`HostedPage::IdentityProvider`] starts the same round trip on `/oauth2/authorize` with
//! `identity_provider=<name>` ([`federated_authorize_url`]), which skips the hosted pages and
//! opens the company's own sign-in.

use crate::protocol::authorize::{authorize_url, federated_authorize_url, Prompt};
use crate::protocol::config::Config;
use crate::protocol::pkce::{Nonce, PkceChallenge, State};

/// A hosted-UI page the signed-out page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostedPage {
    /// `/signup`: create an account (self sign-up).
    SignUp,
    /// `/forgotPassword`: get a reset code by email, then choose a new password.
    ForgotPassword,
    /// The config's `identityProviders[i]`: its own sign-in page, through `/oauth2/authorize`.
    /// An index, so the page stays `Copy` and the name is read from the validated config.
    IdentityProvider(u8),
}

impl HostedPage {
    /// The page's path on the user-pool domain (Cognito's spelling, case included).
    pub fn path(self) -> &'static str {
        match self {
            Self::SignUp => "/signup",
            Self::ForgotPassword => "/forgotPassword",
            Self::IdentityProvider(_) => AUTHORIZE_PATH,
        }
    }
}

/// The path every hosted-UI page is a sibling of.
const AUTHORIZE_PATH: &str = "/oauth2/authorize";

/// The user-pool domain: the authorize endpoint without `/oauth2/authorize`. `None` for an
/// authorize endpoint overridden to any other form (another path, a query), rather than a
/// guessed URL on a host that may not be the hosted UI.
///
/// Bytes, not a `char` pattern: [`offered`] is in the first load, where a pattern searcher is
/// code that every visitor downloads.
fn domain(config: &Config) -> Option<&str> {
    config
        .endpoints
        .authorize
        .strip_suffix(AUTHORIZE_PATH)
        .filter(|domain| !domain.bytes().any(|b| b == b'?' || b == b'#'))
}

/// Whether the signed-out page offers `page`: sign-up only where the config says the pool
/// allows it, the forgotten-password page always; neither when the domain cannot be known.
pub fn offered(config: &Config, page: HostedPage) -> bool {
    match page {
        HostedPage::IdentityProvider(i) => usize::from(i) < config.identity_providers.len(),
        _ => (page != HostedPage::SignUp || config.self_sign_up) && domain(config).is_some(),
    }
}

/// The URL of `page` for one sign-in round trip: exactly [`authorize_url`]'s parameters
/// (client, code flow, callback, scopes, `state`, `nonce`, PKCE `S256`) on the page's path.
/// `None` when the page is not [`offered`].
pub fn hosted_page_url(
    config: &Config,
    page: HostedPage,
    state: &State,
    nonce: &Nonce,
    challenge: &PkceChallenge,
) -> Option<String> {
    if !offered(config, page) {
        return None;
    }
    if let HostedPage::IdentityProvider(i) = page {
        let provider = config.identity_providers.get(usize::from(i))?;
        return Some(federated_authorize_url(
            config, provider, state, nonce, challenge,
        ));
    }
    let authorize = authorize_url(config, state, nonce, challenge, Prompt::Default);
    let query = authorize.strip_prefix(config.endpoints.authorize.as_str())?;
    Some(format!("{}{}{query}", domain(config)?, page.path()))
}

#[cfg(test)]
#[path = "hosted_pages_tests.rs"]
mod tests;
