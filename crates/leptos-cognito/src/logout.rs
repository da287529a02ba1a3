//! Carrying out the machine's `Logout` command: revoke the refresh token, then leave for
//! Cognito's `/logout`, which clears the hosted-UI session and comes back to `logoutUri`. The
//! tokens were dropped by the machine before this runs.

use crate::http::Endpoint;
use crate::{browser, http, Auth};
use cognito_auth::protocol::logout::{classify_revoke_response, logout_url, revoke_body};
use cognito_auth::protocol::secret::RefreshToken;

impl Auth {
    pub(crate) async fn logout(&self, refresh_token: Option<RefreshToken>) {
        let config = self.config();
        if let Some(refresh_token) = refresh_token {
            let body = revoke_body(&config, &refresh_token);
            let outcome =
                match http::post_form(&config.endpoints.revoke, body, Endpoint::Revoke).await {
                    Ok(answer) => classify_revoke_response(answer.status, &answer.body).describe(),
                    Err(e) => format!("revocation unavailable: {e}"),
                };
            browser::log(&format!("sign-out: {outcome}"));
        }
        if let Err(e) = browser::navigate_away(&logout_url(&config)) {
            browser::log(&format!("sign-out: {e}"));
        }
    }
}
