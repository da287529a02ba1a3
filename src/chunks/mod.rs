//! The split points: each function here starts a wasm chunk that is fetched on first use, so a
//! signed-out visitor downloads none of the signed-in pages (issue #11).
//!
//! The build (`scripts/split_wasm.py`, a Trunk hook) cuts the wasm at these functions; everything
//! only they reach moves into their chunk. Each returns a constructor rather than a view so the
//! view is built inside the reactive owner that shows it (contexts such as the auth handle are
//! found there), and each is `fallible`: a failed load is an `Err`, shown with a retry by
//! [`lazy_view`](crate::components::lazy_view::lazy_view).
//!
//! A chunk is named by its module, not its function: the session machinery, the callback, the
//! signed-in home page and header share the module `signed_in`, because a sign-in needs all four
//! at once. As separate modules they came as 4 chunks plus 36 small shared ones (everything two
//! of them used), 40 fetches and compilations between Cognito's redirect and the claims; as one
//! module they are a handful. The other pages stay one module each: they are opened one at a
//! time.
#![allow(
    unsafe_code,
    reason = "wasm_split links each split point through an extern block; no other unsafe code"
)]
#![allow(
    clippy::unnecessary_wraps,
    reason = "`fallible` split points must return a Result: the load can fail, the body cannot"
)]

use crate::components::lazy_view::{ChunkError, ChunkView};
use cognito_auth::protocol::config::Config;
use cognito_auth::protocol::hosted_pages::HostedPage;
use cognito_auth::Explanation;
use leptos::prelude::*;
use leptos_cognito::Auth;
use std::future::Future;
use std::pin::Pin;

/// Declares a split point: with the `split` feature (the Trunk build) a `wasm_split` function the
/// build cuts into its own chunk; without it (tests, `cargo check`) a plain async function with
/// the same signature, so nothing links against the split loader there.
macro_rules! split_point {
    ($(#[$doc:meta])* $module:ident $(+ $pre:ident)? => fn $name:ident() -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        $(#[$doc])*
        #[wasm_split_helpers::wasm_split($module, fallible $(, preload($pre))?)]
        pub fn $name() -> $ret $body

        #[cfg(not(feature = "split"))]
        $(#[$doc])*
        pub async fn $name() -> $ret $body

        $(
            #[cfg(not(feature = "split"))]
            /// Nothing to fetch in a build that is not split.
            pub async fn $pre() -> Result<(), wasm_split_helpers::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}

split_point! {
    /// The header's session part: the session's live region (there signed out too), and while
    /// signed in the navigation, session badge, redaction switch and sign-out.
    signed_in => fn header() -> Result<ChunkView, ChunkError> {
        Ok(|| {
            // Focus after each navigation from here on (signed out too).
            crate::page_focus::focus_after_navigation(leptos_router::hooks::use_location().pathname);
            view! {
            <crate::components::announcer::SessionAnnouncer/>
            <leptos_cognito::SignedIn><crate::app_header::SignedInHeader/></leptos_cognito::SignedIn>
            }
            .into_any()
        })
    }
}

split_point! {
    /// `/callback`: the code exchange.
    signed_in => fn callback() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::callback::CallbackPage/> }.into_any())
    }
}

split_point! {
    /// `/tokens`: the claims inspector.
    tokens => fn tokens() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::tokens::TokensPage/> }.into_any())
    }
}

split_point! {
    /// `/profile`: userInfo next to the ID token.
    profile => fn profile() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::profile::ProfilePage/> }.into_any())
    }
}

split_point! {
    /// `/session`: the session's phase, schedule and timeline.
    session => fn session() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::session::SessionPage/> }.into_any())
    }
}

split_point! {
    /// `/analyses`: the organisation's analyses through the scoped, access-token routes (#13). In
    /// the module `api_access`, beside the other page about the API: as a module of its own it
    /// split the code the pages share into about 20 more chunks, whose entries in the split
    /// loader cost the first load 522 B gzip (128347 B, over `bench/budget.json`); together the
    /// two pages are one 30.7 KB gzip chunk (12.1 and 20.5 KB apart).
    api_access => fn analyses() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::analyses::AnalysesPage/> }.into_any())
    }
}

split_point! {
    /// `/api-access`: client id, region, URL and snippets for scripts.
    api_access => fn api_access() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::api_access::ApiAccessPage/> }.into_any())
    }
}

split_point! {
    /// `/` once the session machinery runs: the signed-in home view (profile card, API answers,
    /// ID-token claims) or the signed-out page with the reason.
    signed_in => fn home_page() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::home::HomePage/> }.into_any())
    }
}

/// A sign-in started: done when the browser is on its way to Cognito, or why not.
pub type SignInStarted = Pin<Box<dyn Future<Output = Result<(), Explanation>>>>;

/// The session machinery's entry points, as function pointers into its chunk.
#[derive(Clone, Copy)]
pub struct Engine {
    /// Creates the handle and starts the session (`Auth::start`).
    pub start: fn(Config) -> Auth,
    /// Another tab announced its sign-in (`Auth::another_tab_signed_in`): ask the tabs.
    pub signed_in_elsewhere: fn(Auth),
    /// Starts a sign-in through the hosted UI (`Auth::sign_in_at`): its sign-in page, or its
    /// sign-up or forgotten-password page with the same round trip, so the URL building stays in
    /// this chunk; a failure comes explained, so the words for every error stay here too.
    pub sign_in: fn(Auth, Option<HostedPage>) -> SignInStarted,
}

split_point! {
    /// The session machinery: the machine, the verifier, the tab protocol, refresh and sign-in.
    signed_in + preload_signed_in => fn engine() -> Result<Engine, ChunkError> {
        Ok(Engine {
            start: Auth::start,
            signed_in_elsewhere: |auth| auth.another_tab_signed_in(),
            sign_in: |auth, page| {
                Box::pin(async move { auth.sign_in_at(page).await.map_err(|e| e.explain()) })
            },
        })
    }
}

split_point! {
    /// `/account`: the user's own attributes, password, authenticator app, sessions and account
    /// (with the QR encoder, which nothing else uses).
    account => fn account() -> Result<ChunkView, ChunkError> {
        Ok(|| view! { <crate::pages::account::AccountPage/> }.into_any())
    }
}
