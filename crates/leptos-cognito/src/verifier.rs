//! The one verifier's browser half: the pool's JWKS (fetched once per tab, again only for an
//! unknown `kid`, rate-limited) and RS256 signature checks with WebCrypto. Every token set that
//! enters the session goes through [`Auth::verify_tokens`], whatever its path; the inspector's
//! signature row uses [`Auth::verify_signature`], the same check.

use crate::http::Endpoint;
use crate::{browser, http, webcrypto, Auth};
use cognito_auth::inspector::inspect::InspectedJwt;
use cognito_auth::protocol::token::TokenResponse;
use cognito_auth::session::tokens::{accept, decode, signatures_verified, Accepted, Origin};
use cognito_auth::verify::jwks::{parse_jwks, Jwks};
use cognito_auth::verify::jwt::DecodedJwt;
use cognito_auth::verify::signature::{
    conclude, plan_decoded, plan_verification, SignatureStatus, VerificationPlan,
};
use cognito_auth::AuthError;
use leptos::prelude::*;
use std::time::Duration;

/// The pool's keys that do not come in this time count as unreachable: every token waits on
/// them, and a refresh holds the cross-tab lock meanwhile.
const JWKS_TIMEOUT: Duration = Duration::from_secs(10);

impl Auth {
    /// Verifies a token set from any path: both RS256 signatures against the pool's keys, then
    /// the claim table on this tab's clock ([`cognito_auth::session::tokens::accept`]).
    ///
    /// # Errors
    /// [`AuthError::Jwt`], [`AuthError::Signature`], [`AuthError::Clock`] or
    /// [`AuthError::Claims`]: the first check that failed.
    pub(crate) async fn verify_tokens(
        &self,
        raw: TokenResponse,
        origin: Origin<'_>,
    ) -> Result<Accepted, AuthError> {
        let decoded = decode(raw)?;
        let [id, access] = decoded.jwts();
        let id_status = self
            .status(kid(id), |keys, fresh| plan_decoded(id, keys, fresh))
            .await;
        let access_status = self
            .status(kid(access), |keys, fresh| plan_decoded(access, keys, fresh))
            .await;
        let proof = signatures_verified([id_status, access_status])?;
        let drift = self.life.with_untracked(|s| s.drift);
        accept(
            &self.config(),
            decoded,
            proof,
            origin,
            drift,
            browser::now(),
        )
    }

    /// Checks a token's RS256 signature against the pool's JWKS with WebCrypto (the inspector's
    /// row: the same check as the session's).
    pub async fn verify_signature(&self, jwt: &InspectedJwt) -> SignatureStatus {
        self.status(jwt.header_str("kid"), |keys, fresh| {
            plan_verification(jwt, keys, fresh)
        })
        .await
    }

    /// The signature status of a token naming `kid`, planned by `plan` against the pool's keys
    /// (and whether they were fetched for it just now).
    async fn status(
        &self,
        kid: Option<&str>,
        plan: impl FnOnce(Option<&Jwks>, bool) -> VerificationPlan,
    ) -> SignatureStatus {
        let (keys, fetched) = self.keys(kid).await;
        self.check(plan(keys.as_ref(), fetched)).await
    }

    /// Fetches the pool's key set if none is cached, so that verification finds it: the
    /// callback runs this beside the code exchange, whose tokens would otherwise wait one more
    /// round trip for the keys.
    pub(crate) async fn warm_keys(&self) {
        let _ = self.keys(None).await;
    }

    /// The pool's key set, fetched when nothing is cached or `kid` is unknown (rate-limited),
    /// and whether it was fetched just now.
    async fn keys(&self, kid: Option<&str>) -> (Option<Jwks>, bool) {
        let now = browser::now();
        let fetch = self.jwks.with_value(|cache| cache.should_fetch(kid, now));
        if fetch {
            let url = self.config().endpoints.jwks.clone();
            let fetched =
                match http::get_text_with_timeout(&url, Endpoint::Jwks, JWKS_TIMEOUT).await {
                    Ok(answer) if answer.status == 200 => parse_jwks(&answer.body).ok(),
                    _ => None,
                };
            self.jwks
                .update_value(|cache| cache.record_fetch(fetched, now));
        }
        (self.jwks.with_value(|cache| cache.jwks.clone()), fetch)
    }

    /// Runs WebCrypto when the plan says so.
    async fn check(&self, plan: VerificationPlan) -> SignatureStatus {
        match plan {
            VerificationPlan::Concluded(status) => status,
            VerificationPlan::Verify {
                key,
                signing_input,
                signature,
            } => match webcrypto::verify_rs256(&key, &signing_input, &signature).await {
                Ok(valid) => conclude(&key.kid, valid),
                Err(e) => SignatureStatus::NotChecked {
                    reason: e.to_string(),
                },
            },
        }
    }

    /// Whether the cached JWKS holds `kid`; `None` until the JWKS has been fetched.
    pub fn jwks_has_kid(&self, kid: &str) -> Option<bool> {
        self.jwks
            .with_value(|cache| cache.jwks.as_ref().map(|jwks| jwks.find(kid).is_some()))
    }
}

/// The `kid` a decoded token's header names.
fn kid(jwt: &DecodedJwt) -> Option<&str> {
    jwt.header.get("kid").and_then(serde_json::Value::as_str)
}
