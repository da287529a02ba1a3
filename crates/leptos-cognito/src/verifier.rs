//! The one verifier's browser half: the pool's JWKS (fetched once per tab, again only for an
//! unknown `kid`, rate-limited) and RS256 signature checks with WebCrypto. Every token set that
//! enters the session goes through [`Auth::verify_tokens`], whatever its path; the inspector's
//! signature row uses [`Auth::verify_signature`], the same check.

use crate::http::Endpoint;
use crate::{browser, http, webcrypto, Auth};
use cognito_auth::inspector::inspect::InspectedJwt;
use cognito_auth::protocol::token::TokenResponse;
use cognito_auth::session::tokens::{accept, decode, signatures_verified, Accepted, Origin};
use cognito_auth::verify::jwks::{parse_jwks, Jwk, Jwks};
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
        // The keys one token after the other (a fetch for the first serves the second), then
        // both signatures checked by WebCrypto side by side: one round trip to its thread when
        // the keys were imported as they arrived (`warm_keys`), two when they must be
        // imported now, on the way from the token answer to the signed-in page (issue #11).
        let (id_keys, id_fetched) = self.keys(kid(id)).await;
        let (access_keys, access_fetched) = self.keys(kid(access)).await;
        let (id_status, access_status) = futures_util::future::join(
            self.check(plan_decoded(id, id_keys.as_ref(), id_fetched)),
            self.check(plan_decoded(access, access_keys.as_ref(), access_fetched)),
        )
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

    /// Fetches the pool's key set beside the callback's code exchange, if none is cached:
    /// verification then finds it, where the tokens would otherwise wait one more round trip for
    /// the keys. Recorded as [`Self::keys`] records its fetch (a failed one is retried only after
    /// the rate limit).
    pub(crate) async fn warm_keys(&self) {
        let now = browser::now();
        if self.jwks.with_value(|cache| cache.should_fetch(None, now)) {
            let fetched = self.fetch_jwks().await;
            // Recorded when it ended: a fetch that just timed out is not tried again at once
            // for each of the two tokens (the rate limit counts from now).
            self.jwks
                .update_value(|cache| cache.record_fetch(fetched, browser::now()));
            // While the token answer is still on its way: the keys imported into WebCrypto now
            // leave one step fewer between that answer and the signed-in page (issue #11).
            if let Some(jwks) = self.jwks.with_value(|cache| cache.jwks.clone()) {
                for jwk in jwks.keys.iter().take(webcrypto::MAX_IMPORTED) {
                    let _ = self.imported_key(jwk).await;
                }
            }
        }
    }

    /// `jwk` as a WebCrypto key: imported the first time, then kept (see
    /// [`webcrypto::ImportedKeys`]).
    async fn imported_key(&self, jwk: &Jwk) -> Result<web_sys::CryptoKey, AuthError> {
        if let Some(key) = self.imported.with_value(|keys| keys.get(jwk)) {
            return Ok(key);
        }
        let key = webcrypto::import_rs256(jwk).await?;
        self.imported
            .update_value(|keys| keys.insert(jwk, key.clone()));
        Ok(key)
    }

    /// The pool's key set, fetched when nothing is cached or `kid` is unknown (rate-limited),
    /// and whether it was fetched just now.
    async fn keys(&self, kid: Option<&str>) -> (Option<Jwks>, bool) {
        let now = browser::now();
        let fetch = self.jwks.with_value(|cache| cache.should_fetch(kid, now));
        if fetch {
            let fetched = self.fetch_jwks().await;
            self.jwks
                .update_value(|cache| cache.record_fetch(fetched, now));
        }
        (self.jwks.with_value(|cache| cache.jwks.clone()), fetch)
    }

    /// The pool's key set from this `Auth`'s own JWKS URL, or `None` (no answer within
    /// [`JWKS_TIMEOUT`], not a 200, or not a JWKS).
    async fn fetch_jwks(&self) -> Option<Jwks> {
        let url = self.config().endpoints.jwks.clone();
        jwks_from(http::get_text_with_timeout(&url, Endpoint::Jwks, JWKS_TIMEOUT).await)
    }

    /// Runs WebCrypto when the plan says so.
    async fn check(&self, plan: VerificationPlan) -> SignatureStatus {
        match plan {
            VerificationPlan::Concluded(status) => status,
            VerificationPlan::Verify {
                key,
                signing_input,
                signature,
            } => {
                let checked = async {
                    let imported = self.imported_key(&key).await?;
                    webcrypto::verify_rs256(&imported, &signing_input, &signature).await
                };
                match checked.await {
                    Ok(valid) => conclude(&key.kid, valid),
                    Err(e) => SignatureStatus::NotChecked {
                        reason: e.to_string(),
                    },
                }
            }
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

/// The key set a JWKS answer holds: only a 200 whose body is a valid JWKS.
fn jwks_from(answer: Result<http::HttpAnswer, http::NoAnswerError>) -> Option<Jwks> {
    answer
        .ok()
        .filter(|answer| answer.status == 200)
        .and_then(|answer| parse_jwks(&answer.body).ok())
}
