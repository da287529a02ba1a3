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
///
/// Written into one `String` rather than with [`crate::protocol::form::encode_pairs`]: the
/// landing, which shows these links, is in the first load, where every byte counts.
pub fn hosted_page_url(config: &Config, page: HostedPage) -> Option<String> {
    let domain = config.endpoints.authorize.strip_suffix(AUTHORIZE_PATH)?;
    if domain.contains(['?', '#']) {
        return None;
    }
    let mut url = String::with_capacity(256);
    url.push_str(domain);
    url.push_str(page.path());
    url.push_str("?client_id=");
    push_encoded(&mut url, &config.client_id);
    url.push_str("&response_type=code&redirect_uri=");
    push_encoded(&mut url, &config.redirect_uri);
    url.push_str("&scope=");
    for (i, scope) in config.scopes.iter().enumerate() {
        if i > 0 {
            url.push_str("%20");
        }
        push_encoded(&mut url, scope);
    }
    Some(url)
}

/// "Create an account": only where the config says the pool allows self sign-up.
pub fn sign_up_url(config: &Config) -> Option<String> {
    config
        .self_sign_up
        .then(|| hosted_page_url(config, HostedPage::SignUp))
        .flatten()
}

/// "Forgot your password?": always (see the module's documentation for why).
pub fn forgot_password_url(config: &Config) -> Option<String> {
    hosted_page_url(config, HostedPage::ForgotPassword)
}

/// Appends `value` percent-encoded as [`crate::protocol::form::encode_component`] does: only
/// RFC 3986 unreserved characters stay as they are.
fn push_encoded(out: &mut String, value: &str) {
    let hex = |nibble: u8| {
        char::from(if nibble < 10 {
            b'0' + nibble
        } else {
            b'A' + nibble - 10
        })
    };
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(hex(byte >> 4));
            out.push(hex(byte & 0x0F));
        }
    }
}

#[cfg(test)]
#[path = "hosted_pages_tests.rs"]
mod tests;
