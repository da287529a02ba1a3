//! The pool's JWKS, fetched once per tab and again only for an unknown `kid`, and RS256
//! signature checks with WebCrypto against it.

use crate::{browser, http, webcrypto, Auth};
use cognito_auth::inspector::inspect::InspectedJwt;
use cognito_auth::verify::jwks::parse_jwks;
use cognito_auth::verify::signature::{
    conclude, plan_verification, SignatureStatus, VerificationPlan,
};
use leptos::prelude::*;

impl Auth {
    /// Checks a token's RS256 signature against the pool's JWKS with WebCrypto. The JWKS is
    /// fetched once and again only for an unknown `kid`, rate-limited (`JwksCache`).
    pub async fn verify_signature(&self, jwt: &InspectedJwt) -> SignatureStatus {
        let now = browser::now();
        let kid = jwt.header_str("kid");
        if self.jwks.with_value(|cache| cache.should_fetch(kid, now)) {
            let url = self.config().endpoints.jwks.clone();
            let fetched = match http::get_text(&url, "the JWKS endpoint").await {
                Ok(answer) if answer.status == 200 => parse_jwks(&answer.body).ok(),
                _ => None,
            };
            self.jwks
                .update_value(|cache| cache.record_fetch(fetched, now));
        }
        let jwks = self.jwks.with_value(|cache| cache.jwks.clone());
        match plan_verification(jwt, jwks.as_ref()) {
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
