//! Runs the core's requests through `fetch` (gloo-net).
//!
//! Every request carries no `Referer`: the page's URL is nobody's business, and on `/callback`
//! it once held the authorization code. The answer comes back as the core's [`HttpAnswer`],
//! whose `Debug` never shows the body; a request that gets no answer is a
//! [`NoAnswerError`] naming the [`Endpoint`] and why.

pub use cognito_auth::protocol::endpoint::Endpoint;
pub use cognito_auth::protocol::http::{HttpAnswer, HttpStatus, NoAnswer, NoAnswerError};
use gloo_net::http::{Request, RequestBuilder};
use std::time::Duration;
use web_sys::{AbortController, RequestCache, RequestCredentials};

/// Sends a request and reads the whole answer; any failure to get one is a [`NoAnswerError`]
/// on `endpoint`.
async fn send(
    request: Result<Request, gloo_net::Error>,
    endpoint: Endpoint,
) -> Result<HttpAnswer, NoAnswerError> {
    let unreachable = |e: gloo_net::Error| NoAnswerError {
        endpoint,
        reason: NoAnswer::Unreachable,
        detail: e.to_string(),
    };
    let response = request
        .map_err(unreachable)?
        .send()
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Ok(HttpAnswer { status, body })
}

/// Every request: no `Referer` (the empty referrer is the Fetch standard's "no referrer").
fn without_referrer(builder: RequestBuilder) -> RequestBuilder {
    builder.referrer("")
}

/// Cognito calls carry no cookies and bypass the HTTP cache (`cache: no-store`).
///
/// Their answers are tokens and a user's attributes, and their caching headers are Cognito's,
/// not ours, so the request itself keeps them out of the cache. That costs no round trip on the
/// token endpoint (a form `POST` is a CORS simple request, never preflighted); only userInfo,
/// whose `Authorization` header needs a preflight, pays one per call, and it is called once
/// per visit of the profile page.
fn to_cognito(builder: RequestBuilder) -> RequestBuilder {
    without_referrer(builder)
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
}

/// The protected API's calls carry no cookies and leave the cache mode at its default.
///
/// Not `no-store`, unlike [`to_cognito`]: Chromium skips its CORS preflight cache for any
/// request whose cache mode is `no-store`, `no-cache` or `reload`, so every API call (all carry
/// `Authorization`, so all are preflighted) would cost two round trips. The API keeps its
/// answers out of the HTTP cache itself (`Cache-Control: no-store` on every answer, from the
/// Lambda and from API Gateway's gateway responses alike) and lets the browser keep its
/// preflight for `Access-Control-Max-Age` (`api/src/cors.rs`).
fn to_api(builder: RequestBuilder) -> RequestBuilder {
    without_referrer(builder).credentials(RequestCredentials::Omit)
}

/// `POST` an `application/x-www-form-urlencoded` body to a Cognito endpoint.
///
/// No credentials and no `Authorization` header: that keeps it a CORS "simple request" (no
/// preflight), and public clients send `client_id` in the body.
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer arrives (offline, DNS, CORS, CSP `connect-src`).
pub async fn post_form(
    url: &str,
    body: String,
    endpoint: Endpoint,
) -> Result<HttpAnswer, NoAnswerError> {
    send(form_post(url).body(body), endpoint).await
}

fn form_post(url: &str) -> RequestBuilder {
    to_cognito(Request::post(url)).header("Content-Type", "application/x-www-form-urlencoded")
}

/// [`post_form`], aborted after `timeout`: a request that hangs (a black-holed connection, a
/// stuck proxy) fails like any network error instead of blocking the refresh forever.
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer arrives, with [`NoAnswer::TimedOut`] when it was
/// abandoned after `timeout`.
pub async fn post_form_with_timeout(
    url: &str,
    body: String,
    endpoint: Endpoint,
    timeout: Duration,
) -> Result<HttpAnswer, NoAnswerError> {
    with_timeout(endpoint, timeout, |signal| {
        form_post(url).abort_signal(Some(signal)).body(body)
    })
    .await
}

/// Sends the request `build` makes with an abort signal, abandoned after `timeout`.
async fn with_timeout(
    endpoint: Endpoint,
    timeout: Duration,
    build: impl FnOnce(&web_sys::AbortSignal) -> Result<Request, gloo_net::Error>,
) -> Result<HttpAnswer, NoAnswerError> {
    let controller = AbortController::new().map_err(|_| NoAnswerError {
        endpoint,
        reason: NoAnswer::Unreachable,
        detail: "this browser cannot create an AbortController".into(),
    })?;
    let signal = controller.signal();
    let timer = leptos::prelude::set_timeout_with_handle(move || controller.abort(), timeout).ok();
    let answer = send(build(&signal), endpoint).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    answer.map_err(|e| {
        if signal.aborted() {
            let reason = NoAnswer::TimedOut {
                after_secs: timeout.as_secs(),
            };
            NoAnswerError {
                detail: reason.to_string(),
                reason,
                ..e
            }
        } else {
            e
        }
    })
}

/// `POST` a user-pools API request (`Content-Type: application/x-amz-json-1.1`, `X-Amz-Target`),
/// abandoned after `timeout`. The body carries the access token (the API takes it there, not
/// in a header); no cookies.
///
/// The cache mode stays at its default, unlike the other Cognito calls: a `POST` answer is never
/// served from the HTTP cache, and `no-store` would only make Chromium skip its preflight cache,
/// so every call (all are preflighted: the content type and `X-Amz-Target` are not "simple")
/// would cost two round trips.
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer arrives in time (offline, CORS, the CSP's
/// `connect-src`).
pub async fn post_amz_json_with_timeout(
    url: &str,
    target: &str,
    body: &str,
    endpoint: Endpoint,
    timeout: Duration,
) -> Result<HttpAnswer, NoAnswerError> {
    let body = body.to_owned();
    with_timeout(endpoint, timeout, |signal| {
        without_referrer(Request::post(url))
            .credentials(RequestCredentials::Omit)
            .header(
                "Content-Type",
                cognito_auth::account::operation::CONTENT_TYPE,
            )
            .header(cognito_auth::account::operation::TARGET_HEADER, target)
            .abort_signal(Some(signal))
            .body(body)
    })
    .await
}

/// `GET` a resource, bypassing the HTTP cache, abandoned after `timeout` (the JWKS: a refresh
/// waits on it while holding the cross-tab lock, so it must not hang).
///
/// The JWKS is fetched again only for a `kid` the cached set lacks, so an HTTP-cached copy
/// would be exactly the stale one; and a plain `GET` is never preflighted, so bypassing the
/// cache costs no round trip.
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer arrives in time.
pub async fn get_text_with_timeout(
    url: &str,
    endpoint: Endpoint,
    timeout: Duration,
) -> Result<HttpAnswer, NoAnswerError> {
    with_timeout(endpoint, timeout, |signal| {
        without_referrer(Request::get(url))
            .cache(RequestCache::NoStore)
            .abort_signal(Some(signal))
            .build()
    })
    .await
}

/// `GET` a resource, bypassing the HTTP cache.
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer arrives.
pub async fn get_text(url: &str, endpoint: Endpoint) -> Result<HttpAnswer, NoAnswerError> {
    send(
        without_referrer(Request::get(url))
            .cache(RequestCache::NoStore)
            .build(),
        endpoint,
    )
    .await
}

/// `GET` the protected API with `Authorization: <value>` (the ID token). No cookies, and the
/// default cache mode: with `cache: no-store` Chromium would skip its preflight cache and send
/// a preflight before every call. The API's answers say `Cache-Control: no-store` themselves.
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer reaches the page (offline, or an answer without
/// CORS headers, which the browser hides).
pub async fn get_with_authorization(
    url: &str,
    authorization: &str,
    endpoint: Endpoint,
) -> Result<HttpAnswer, NoAnswerError> {
    let builder = to_api(Request::get(url))
        .header("Authorization", authorization)
        .header("Accept", "application/json");
    send(builder.build(), endpoint).await
}

/// `POST`s JSON to the protected API with `Authorization: <value>`, like
/// [`get_with_authorization`] (no cookies, the default cache mode so the preflight is reused).
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer reaches the page.
pub async fn post_json_with_authorization(
    url: &str,
    authorization: &str,
    body: String,
    endpoint: Endpoint,
) -> Result<HttpAnswer, NoAnswerError> {
    let builder = to_api(Request::post(url))
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    send(builder.body(body), endpoint).await
}

/// `GET` a Cognito endpoint with `Authorization: Bearer <token>` (userInfo takes the access token).
///
/// # Errors
/// [`NoAnswerError`] when no HTTP answer arrives.
pub async fn get_with_bearer(
    url: &str,
    token: &str,
    endpoint: Endpoint,
) -> Result<HttpAnswer, NoAnswerError> {
    let builder = to_cognito(Request::get(url)).header("Authorization", &format!("Bearer {token}"));
    send(builder.build(), endpoint).await
}
