//! Links from the signed-out page to the hosted UI's own "create an account" (`/signup`) and
//! "forgot your password" (`/forgotPassword`) pages.
//!
//! Cognito serves both on the user-pool domain, beside `/oauth2/authorize`, and they take the
//! authorize endpoint's parameters: this app client's `client_id`, `response_type=code`, its
//! registered `redirect_uri` and the `scope` to grant. When the visitor has finished there,
//! Cognito signs them in and sends the browser to `redirect_uri` with a code, as after
//! "Sign in". These are plain links a visitor may open in a new tab or bookmark, so they carry
//! no `state`, `nonce` or PKCE challenge (those belong to one round trip started by "Sign in",
//! kept for ten minutes in this tab): the callback refuses a code without a `state` it issued,
//! requests no token, and offers "Sign in", which the hosted UI's session cookie then completes
//! without asking again.
//!
//! Sign-up is linked only when the config says the pool lets visitors sign up (`selfSignUp`);
//! a pool with `AllowAdminCreateUserOnly` answers its `/signup` with an error page. The
//! forgotten-password link does not depend on it: resetting a password is governed by the
//! pool's account recovery (a verified email), not by who may create accounts, and the people
//! most likely to need it are customers whose account an admin created for them.

use crate::protocol::config::Config;
use crate::protocol::form::encode_pairs;

/// A hosted-UI page the signed-out page links to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostedPage {
    /// `/signup`: create an account (self sign-up).
    SignUp,
    /// `/forgotPassword`: get a reset code by email, then choose a new password.
    ForgotPassword,
}

impl HostedPage {
    /// The page's path on the user-pool domain (Cognito's spelling, case included).
    pub fn path(self) -> &'static str {
        match self {
            Self::SignUp => "/signup",
            Self::ForgotPassword => "/forgotPassword",
        }
    }
}

/// The path every hosted-UI page is a sibling of.
const AUTHORIZE_PATH: &str = "/oauth2/authorize";

/// The URL of `page` for this app client, or `None` when the user-pool domain cannot be known.
///
/// The domain is the authorize endpoint's, without `/oauth2/authorize`. An authorize endpoint
/// overridden to any other form (another path, a query) gives no link rather than a guessed
/// URL on a host that may not be the hosted UI.
pub fn hosted_page_url(config: &Config, page: HostedPage) -> Option<String> {
    let domain = config.endpoints.authorize.strip_suffix(AUTHORIZE_PATH)?;
    if domain.contains(['?', '#']) {
        return None;
    }
    let scope = config.scopes.join(" ");
    let query = encode_pairs(&[
        ("client_id", &config.client_id),
        ("response_type", "code"),
        ("redirect_uri", &config.redirect_uri),
        ("scope", &scope),
    ]);
    Some(format!("{domain}{}?{query}", page.path()))
}

/// The hosted pages the signed-out page links to, in the order shown, with their URLs:
/// "create an account" only where the pool allows self sign-up, "forgot your password" always.
pub fn signed_out_links(config: &Config) -> Vec<(HostedPage, String)> {
    let pages: &[HostedPage] = if config.self_sign_up {
        &[HostedPage::SignUp, HostedPage::ForgotPassword]
    } else {
        &[HostedPage::ForgotPassword]
    };
    pages
        .iter()
        .filter_map(|&page| hosted_page_url(config, page).map(|url| (page, url)))
        .collect()
}

#[cfg(test)]
#[path = "hosted_pages_tests.rs"]
mod tests;
