//! Runs the core's requests through `fetch` (gloo-net).

use cognito_auth::AuthError;
use gloo_net::http::{Request, RequestBuilder};
use std::time::Duration;
use web_sys::{AbortController, RequestCache, RequestCredentials};

/// An HTTP answer: status and body text.
#[derive(Debug)]
pub struct HttpAnswer {
    /// HTTP status code.
    pub status: u16,
    /// Body as text (empty if unreadable).
    pub body: String,
}

/// Sends a request and reads the whole answer; any failure to get one is a network error on
/// `endpoint`.
async fn send(
    request: Result<Request, gloo_net::Error>,
    endpoint: &'static str,
) -> Result<HttpAnswer, AuthError> {
    let network = |e: gloo_net::Error| AuthError::Network {
        endpoint,
        detail: e.to_string(),
    };
    let response = request.map_err(network)?.send().await.map_err(network)?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Ok(HttpAnswer { status, body })
}

/// Cognito calls carry no cookies and are never cached.
fn to_cognito(builder: RequestBuilder) -> RequestBuilder {
    builder
        .credentials(RequestCredentials::Omit)
        .cache(RequestCache::NoStore)
}

/// `POST` an `application/x-www-form-urlencoded` body to a Cognito endpoint.
///
/// No credentials and no `Authorization` header: that keeps it a CORS "simple request" (no
/// preflight), and public clients send `client_id` in the body.
///
/// # Errors
/// [`AuthError::Network`] when no HTTP answer arrives (offline, DNS, CORS, CSP `connect-src`).
pub async fn post_form(
    url: &str,
    body: String,
    endpoint: &'static str,
) -> Result<HttpAnswer, AuthError> {
    send(form_post(url).body(body), endpoint).await
}

fn form_post(url: &str) -> RequestBuilder {
    to_cognito(Request::post(url)).header("Content-Type", "application/x-www-form-urlencoded")
}

/// [`post_form`], aborted after `timeout`: a request that hangs (a black-holed connection, a
/// stuck proxy) fails like any network error instead of blocking the refresh forever.
///
/// # Errors
/// [`AuthError::Network`] when no HTTP answer arrives in time.
pub async fn post_form_with_timeout(
    url: &str,
    body: String,
    endpoint: &'static str,
    timeout: Duration,
) -> Result<HttpAnswer, AuthError> {
    let controller = AbortController::new().map_err(|_| AuthError::Browser {
        what: "create an AbortController",
        detail: "unsupported".into(),
    })?;
    let signal = controller.signal();
    let timer = leptos::prelude::set_timeout_with_handle(move || controller.abort(), timeout).ok();
    let answer = send(
        form_post(url).abort_signal(Some(&signal)).body(body),
        endpoint,
    )
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    answer.map_err(|e| match e {
        AuthError::Network { endpoint, .. } if signal.aborted() => AuthError::Network {
            endpoint,
            detail: format!("no answer within {} s", timeout.as_secs()),
        },
        other => other,
    })
}

/// `GET` a resource, bypassing the HTTP cache.
///
/// # Errors
/// [`AuthError::Network`] when no HTTP answer arrives.
pub async fn get_text(url: &str, endpoint: &'static str) -> Result<HttpAnswer, AuthError> {
    send(
        Request::get(url).cache(RequestCache::NoStore).build(),
        endpoint,
    )
    .await
}

/// `GET` the protected API with `Authorization: <value>` (the ID token). No cookies, no cache.
///
/// # Errors
/// [`AuthError::Network`] when no HTTP answer reaches the page (offline, or an answer without
/// CORS headers, which the browser hides).
pub async fn get_with_authorization(
    url: &str,
    authorization: &str,
    endpoint: &'static str,
) -> Result<HttpAnswer, AuthError> {
    let builder = to_cognito(Request::get(url))
        .header("Authorization", authorization)
        .header("Accept", "application/json");
    send(builder.build(), endpoint).await
}

/// `GET` a Cognito endpoint with `Authorization: Bearer <token>` (userInfo takes the access token).
///
/// # Errors
/// [`AuthError::Network`] when no HTTP answer arrives.
pub async fn get_with_bearer(
    url: &str,
    token: &str,
    endpoint: &'static str,
) -> Result<HttpAnswer, AuthError> {
    let builder = to_cognito(Request::get(url)).header("Authorization", &format!("Bearer {token}"));
    send(builder.build(), endpoint).await
}
