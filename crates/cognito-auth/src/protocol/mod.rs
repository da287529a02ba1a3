//! The OAuth 2.0 / OpenID Connect messages exchanged with Cognito and the customer's API: the
//! runtime config, one sign-in round trip (PKCE, `state`, `nonce`, the authorize URL, the
//! callback), the token endpoint, revocation and `/logout`, userInfo, and the protected API.

pub mod api;
pub mod api_routes;
pub mod authorize;
pub mod callback;
pub mod config;
pub mod config_account;
pub mod config_idp;
mod config_raw;
pub mod early_exchange;
pub mod endpoint;
pub mod form;
pub mod hosted_pages;
pub mod http;
pub mod json_text;
pub mod logout;
pub mod pending;
pub mod pkce;
pub mod secret;
pub mod token;
pub(crate) mod url;
pub mod userinfo;
