//! Calls made with the session's tokens: the protected API (a route of the typed table, with
//! the token it takes) and userInfo (access token). An [`ApiClient`] exists only while signed in.

use crate::http::Endpoint;
use crate::{http, Auth};
use cognito_auth::error::parse_oauth_error;
use cognito_auth::protocol::api::{
    authorization_value, ApiError, ApiOutcome, MAX_RETRIES_AFTER_401,
};
use cognito_auth::protocol::api_routes::{ApiCall, Method, RouteError, TokenUse};
use cognito_auth::protocol::userinfo::{check_user_info_subject, parse_user_info};
use cognito_auth::AuthError;
use serde_json::{Map, Value};

/// The customer's API, reachable with the session's ID token. Obtained from [`Auth::api`] only
/// while signed in and with an API configured.
#[derive(Clone, Copy)]
pub struct ApiClient {
    auth: Auth,
}

impl Auth {
    /// The API client, when an API is configured and tokens are held.
    ///
    /// # Errors
    /// [`ApiError::NotConfigured`] without `apiBaseUrl`, [`ApiError::Unauthorized`] when not
    /// signed in.
    pub fn api(&self) -> Result<ApiClient, ApiError> {
        if self.config().api_base_url.is_none() {
            return Err(ApiError::NotConfigured);
        }
        if self.state_untracked().tokens().is_none() {
            return Err(ApiError::Unauthorized);
        }
        Ok(ApiClient { auth: *self })
    }

    /// Calls a route of the API's typed table (`cognito_auth::protocol::api_routes`): the route
    /// decides the token (ID or access) and, for an access-token route, its scope is checked in
    /// the held token before anything is sent. See [`ApiClient::call`].
    ///
    /// # Errors
    /// [`RouteError`] in words: the missing scope, the gateway's 401 explained from the route,
    /// not found, and every [`ApiError`].
    pub async fn call_route(&self, call: &ApiCall) -> Result<Value, RouteError> {
        self.api()?.call(call).await
    }

    /// Calls `/oauth2/userInfo` with the access token. The answer must be about the session's
    /// user: a `sub` other than the ID token's is refused.
    ///
    /// # Errors
    /// [`AuthError::Network`] when unreachable, [`AuthError::UserInfo`] for an error answer,
    /// [`AuthError::UserInfoSubject`] for another user's answer.
    pub async fn user_info(&self) -> Result<Map<String, Value>, AuthError> {
        let tokens = self.fresh_session().await?;
        let url = self.config().endpoints.user_info.clone();
        let answer =
            http::get_with_bearer(&url, tokens.access_token.secret(), Endpoint::UserInfo).await?;
        if answer.status != 200 {
            return Err(AuthError::UserInfo {
                status: answer.status,
                error: parse_oauth_error(&answer.body),
            });
        }
        let info = parse_user_info(&answer.body).map_err(|_| AuthError::UserInfo {
            status: answer.status,
            error: None,
        })?;
        check_user_info_subject(&info, &tokens.claims.sub)?;
        Ok(info)
    }
}

impl ApiClient {
    /// Sends `call` with the token its route takes: the ID token, bare, for a route without
    /// scopes (`/me`: AWS's Cognito authorizer refuses the access token there), the access token
    /// for a scoped one, whose scope is checked first. Waits for a refresh that is due; a 401
    /// refreshes once and retries once (the API judges `exp` on AWS's clock). The one way the
    /// portal calls its API: every call names a route of the typed table.
    ///
    /// # Errors
    /// [`RouteError`].
    pub async fn call(&self, call: &ApiCall) -> Result<Value, RouteError> {
        let base = self
            .auth
            .config()
            .api_base_url
            .clone()
            .ok_or(ApiError::NotConfigured)?;
        let url = call.url(&base);
        let mut retries = MAX_RETRIES_AFTER_401;
        loop {
            let tokens = self
                .auth
                .fresh_session()
                .await
                .map_err(|_| ApiError::Unauthorized)?;
            call.check_scope(&tokens.access_token)?;
            let sent = match call.route.token {
                TokenUse::Id => authorization_value(&tokens.id_token),
                TokenUse::Access => tokens.access_token.secret().to_owned(),
            };
            let answer = match (call.route.method, &call.body) {
                (Method::Post, Some(body)) => {
                    http::post_json_with_authorization(&url, &sent, body.clone(), Endpoint::Api)
                        .await
                }
                _ => http::get_with_authorization(&url, &sent, Endpoint::Api).await,
            }
            .map_err(|e| ApiError::Unreachable { detail: e.detail })?;
            match call.classify(answer.status, &answer.body, retries > 0)? {
                ApiOutcome::Data(value) => return Ok(value),
                ApiOutcome::Failed(e) => return Err(e.into()),
                ApiOutcome::RefreshAndRetry => {
                    retries -= 1;
                    let renewed =
                        self.auth.force_refresh().await.is_some_and(|t| {
                            t.access_token.secret() != tokens.access_token.secret()
                        });
                    if !renewed {
                        return Err(call
                            .classify(401, &answer.body, false)
                            .err()
                            .unwrap_or(RouteError::Api(ApiError::Unauthorized)));
                    }
                }
            }
        }
    }
}
