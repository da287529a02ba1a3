//! The customer portal: a Leptos CSR app that signs customers in through Amazon Cognito's hosted
//! UI (authorization code + PKCE), keeps tokens in memory only, and shows who is signed in.
//!
//! The protocol rules live in the `cognito-auth` crate; this crate is views plus thin browser
//! glue, which lives in the `leptos-cognito` library crate and is used here as any app would.

pub mod app;
mod app_header;
mod chunks;
pub mod components;
pub mod config_loader;
mod page_focus;
mod pages;
mod session_slot;
mod signed_in_styles;

pub use app::App;
