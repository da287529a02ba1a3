//! Calls made with the session's tokens: the protected API (ID token) and userInfo (access token).

use crate::{http, Auth, AuthState};
use cognito_auth::error::parse_oauth_error;
use cognito_auth::protocol::api::{
    api_url, authorization_value, classify_api_answer, ApiError, ApiOutcome, MAX_RETRIES_AFTER_401,
};
use cognito_auth::protocol::userinfo::parse_user_info;
use cognito_auth::session::lifecycle::Event;
use cognito_auth::AuthError;
use leptos::prelude::*;
use serde_json::{Map, Value};

impl Auth {
    /// Calls the protected API at `path` (`/me`) with the ID token (never the access token:
    /// AWS's Cognito authorizer refuses it on methods without scopes). A 401 refreshes the
    /// tokens once and retries once.
    ///
    /// # Errors
    /// [`ApiError`] in words: not configured, refused, forbidden, unreachable (often CORS).
    pub async fn call_api(&self, path: &str) -> Result<Value, ApiError> {
        let base = self
            .config()
            .api_base_url
            .clone()
            .ok_or(ApiError::NotConfigured)?;
        let url = api_url(&base, path);
        let mut retries = MAX_RETRIES_AFTER_401;
        loop {
            let session = self
                .fresh_session()
                .await
                .map_err(|_| ApiError::Unauthorized)?;
            let id_token = session.tokens.id_token.secret();
            let answer =
                http::get_with_authorization(&url, &authorization_value(id_token), "the API")
                    .await
                    .map_err(|e| ApiError::Unreachable {
                        detail: match e {
                            AuthError::Network { detail, .. } => detail,
                            other => other.to_string(),
                        },
                    })?;
            match classify_api_answer(answer.status, &answer.body, retries > 0) {
                ApiOutcome::Data(value) => return Ok(value),
                ApiOutcome::Failed(e) => return Err(e),
                ApiOutcome::RefreshAndRetry => {
                    retries -= 1;
                    self.dispatch(Event::ForceRefresh);
                    self.refresh_finished().await;
                    let renewed = matches!(
                        self.state.get_untracked(),
                        AuthState::SignedIn(s) if s.tokens.id_token.secret() != id_token
                    );
                    if !renewed {
                        return Err(ApiError::Unauthorized);
                    }
                }
            }
        }
    }

    /// Calls `/oauth2/userInfo` with the access token.
    ///
    /// # Errors
    /// [`AuthError::Network`] when unreachable, [`AuthError::UserInfo`] for an error answer.
    pub async fn user_info(&self) -> Result<Map<String, Value>, AuthError> {
        let session = self.fresh_session().await?;
        let url = self.config().endpoints.user_info.clone();
        let answer = http::get_with_bearer(
            &url,
            session.tokens.access_token.secret(),
            "the userInfo endpoint",
        )
        .await?;
        if answer.status == 200 {
            return parse_user_info(&answer.body).map_err(|_| AuthError::UserInfo {
                status: answer.status,
                error: None,
            });
        }
        Err(AuthError::UserInfo {
            status: answer.status,
            error: parse_oauth_error(&answer.body),
        })
    }
}
