//! The one verifier's pure half: every token set that enters a session (code exchange, refresh,
//! another tab) is decoded here, its signatures proven by WebCrypto in between, and accepted
//! here against the check table and this tab's own clock.
//!
//! The order is fixed by the types: [`decode`] gives a [`DecodedTokens`]; the glue verifies its
//! two RS256 signatures and turns the outcomes into [`SignaturesVerified`] with
//! [`signatures_verified`]; only then does [`accept`] build [`VerifiedTokens`], the only thing the
//! session machine holds.

use crate::error::AuthError;
use crate::protocol::config::Config;
use crate::protocol::pkce::Nonce;
use crate::protocol::secret::{AccessToken, IdToken, RefreshToken};
use crate::protocol::token::TokenResponse;
use crate::session::clock::Drift;
use crate::time::{refresh_due_at, UnixTime};
use crate::verify::checks::{verify_claims, Expectations, NonceRule, TokenKind};
use crate::verify::claims::{read_id_claims, ClaimsError, IdClaims, DEFAULT_LEEWAY_SECS};
use crate::verify::jwt::{decode_jwt, DecodedJwt};
use crate::verify::signature::SignatureStatus;
use serde_json::{Map, Value};

/// The longest `expires_in` believed, in seconds: Cognito's maximum token lifetime is a day.
pub const MAX_EXPIRES_IN_SECS: i64 = 86_400;

/// The times of the token set held, by Cognito's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenTimes {
    /// The ID token's `iat`.
    pub id_iat: UnixTime,
    /// The ID token's `exp`.
    pub id_exp: UnixTime,
    /// The access token's `iat`.
    pub access_iat: UnixTime,
    /// The access token's `exp`.
    pub access_exp: UnixTime,
}

impl TokenTimes {
    /// When a refresh is due, by Cognito's clock: before the earlier expiry.
    pub fn refresh_due(&self) -> UnixTime {
        refresh_due_at(self.id_iat, self.id_exp)
            .min(refresh_due_at(self.access_iat, self.access_exp))
    }

    /// The earlier expiry.
    pub fn expires(&self) -> UnixTime {
        self.id_exp.min(self.access_exp)
    }
}

/// A token set that passed the one verifier. Lives in memory only, inside the session machine;
/// its `Debug` shows no token.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedTokens {
    /// The ID token (sent to the protected API).
    pub id_token: IdToken,
    /// The access token (sent to userInfo).
    pub access_token: AccessToken,
    /// The refresh token; `None` when Cognito issued none, or another tab rotated it.
    pub refresh_token: Option<RefreshToken>,
    /// `expires_in` as Cognito stated it, bounded by [`MAX_EXPIRES_IN_SECS`] (display only: the
    /// schedule reads the tokens' own `exp`).
    pub expires_in: Option<i64>,
    /// The checked claims the portal relies on.
    pub claims: IdClaims,
    /// Every claim of the ID token, for display.
    pub id_token_claims: Map<String, Value>,
    /// When they arrived, by this device's clock.
    pub received_at: UnixTime,
    /// Their times on Cognito's clock.
    pub times: TokenTimes,
    /// The nonce this tab sent when signing in, kept across refreshes; `None` in a tab that took
    /// the session over from another one (tabs never share it).
    pub sign_in_nonce: Option<Nonce>,
}

impl VerifiedTokens {
    /// The nonce rule the inspector applies to the ID token held.
    pub fn nonce_rule(&self) -> NonceRule<'_> {
        self.sign_in_nonce.as_ref().map_or(NonceRule::Unknown, |n| {
            NonceRule::AbsentOrEquals(n.as_str())
        })
    }
}

/// Both tokens of a response, decoded but not yet verified.
#[derive(Debug)]
pub struct DecodedTokens {
    raw: TokenResponse,
    id: DecodedJwt,
    access: DecodedJwt,
}

impl DecodedTokens {
    /// The two JWTs whose RS256 signatures WebCrypto must verify: ID, then access.
    pub fn jwts(&self) -> [&DecodedJwt; 2] {
        [&self.id, &self.access]
    }
}

/// Proof that both signatures were verified against the pool's keys.
#[derive(Debug)]
pub struct SignaturesVerified(());

/// Why a token set is refused before its claims are read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// A signature is missing, invalid, not RS256 or by an unknown key.
    #[error("the {kind} token's signature is not the pool's: {reason}")]
    Invalid {
        /// Which token.
        kind: &'static str,
        /// Why, in one sentence.
        reason: String,
    },
    /// The pool's keys could not be fetched, so nothing could be verified.
    #[error("the {kind} token could not be verified: {reason}")]
    Unverifiable {
        /// Which token.
        kind: &'static str,
        /// Why, in one sentence.
        reason: String,
    },
}

/// Decodes both tokens of a response strictly.
///
/// # Errors
/// [`AuthError::Jwt`] when either is not a well-formed JWT.
pub fn decode(raw: TokenResponse) -> Result<DecodedTokens, AuthError> {
    let id = decode_jwt(raw.id_token.secret())?;
    let access = decode_jwt(raw.access_token.secret())?;
    Ok(DecodedTokens { raw, id, access })
}

/// Turns the signature outcomes of [`DecodedTokens::jwts`] (same order) into the proof
/// [`accept`] needs.
///
/// # Errors
/// [`SignatureError`] for the first outcome that is not `Verified`.
pub fn signatures_verified(
    outcomes: [SignatureStatus; 2],
) -> Result<SignaturesVerified, SignatureError> {
    for (kind, outcome) in ["ID", "access"].into_iter().zip(outcomes) {
        match outcome {
            SignatureStatus::Verified { .. } => {}
            SignatureStatus::Failed { reason } => {
                return Err(SignatureError::Invalid { kind, reason })
            }
            SignatureStatus::NotChecked { reason } => {
                return Err(SignatureError::Unverifiable { kind, reason })
            }
        }
    }
    Ok(SignaturesVerified(()))
}

/// Where a token set came from, with what it is compared to.
#[derive(Clone, Copy, Debug)]
pub enum Origin<'a> {
    /// The code exchange of this tab's sign-in, which sent `nonce`.
    SignIn {
        /// The nonce the sign-in sent.
        nonce: &'a Nonce,
    },
    /// This tab's refresh of `previous`.
    Refresh {
        /// The tokens held when the refresh started.
        previous: &'a VerifiedTokens,
    },
    /// Another tab, answering this tab's request or announcing its refresh.
    OtherTab {
        /// The tokens this tab holds, if any: the new ones must be the same user's.
        previous: Option<&'a VerifiedTokens>,
        /// The other tab's refresh rotated the refresh token, which it does not share: the one
        /// held here is stale and is dropped (the next refresh asks the tabs first).
        rotated: bool,
    },
}

/// The accepted tokens, and the drift measured from them when this tab requested them itself.
#[derive(Debug, PartialEq)]
pub struct Accepted {
    /// The tokens.
    pub tokens: VerifiedTokens,
    /// A new drift measure (code exchange and refresh only).
    pub measured: Option<Drift>,
    /// Whether a refresh brought a new refresh token (not the same one again), or another tab
    /// said its refresh did.
    pub rotated: bool,
}

/// Checks a decoded, signature-verified token set and builds what the session holds.
///
/// Tokens this tab requested itself measure the drift (bounded, see
/// [`crate::session::clock`]); tokens from another tab are judged on `drift`, this tab's own.
/// Both tokens pass the check table (`alg`, `iss`, `aud`/`client_id`, `token_use`, `exp`, `nbf`,
/// `iat`, the ID token's `nonce` by origin) and name the same `sub`; a refresh or another tab's
/// tokens must be the same user's as `previous`. A refreshed ID token may repeat the sign-in's
/// nonce (OpenID Connect Core §12.2) but no other; `auth_time` and `cognito:groups` are not
/// compared (the local emulator changes the one and drops the other on refresh).
///
/// # Errors
/// [`AuthError::Clock`], [`AuthError::Claims`] for the first failed rule.
pub fn accept(
    config: &Config,
    decoded: DecodedTokens,
    _proof: SignaturesVerified,
    origin: Origin<'_>,
    drift: Drift,
    now: UnixTime,
) -> Result<Accepted, AuthError> {
    let DecodedTokens { raw, id, access } = decoded;
    let iat = crate::verify::claims::int_claim(&id.payload, "iat")?
        .ok_or(ClaimsError::Missing { claim: "iat" })?;
    let measured = match origin {
        Origin::SignIn { .. } | Origin::Refresh { .. } => Some(Drift::measure(UnixTime(iat), now)?),
        Origin::OtherTab { .. } => None,
    };
    let clock = measured.unwrap_or(drift);
    let previous = match origin {
        Origin::SignIn { .. } => None,
        Origin::Refresh { previous } => Some(previous),
        Origin::OtherTab { previous, .. } => previous,
    };
    let nonce = match origin {
        Origin::SignIn { nonce } => NonceRule::Equals(nonce.as_str()),
        _ => previous.map_or(NonceRule::Unknown, VerifiedTokens::nonce_rule),
    };
    let expect = Expectations {
        issuer: &config.issuer,
        client_id: &config.client_id,
        nonce,
        now: clock.server_now(now),
        leeway_secs: DEFAULT_LEEWAY_SECS,
    };
    verify_claims(TokenKind::Id, &id.header, &id.payload, &expect)?;
    verify_claims(TokenKind::Access, &access.header, &access.payload, &expect)?;
    let claims = read_id_claims(&id.payload)?;
    let access_sub = access.payload.get("sub").and_then(Value::as_str);
    let same_user = previous.is_none_or(|p| p.claims.sub == claims.sub);
    if access_sub != Some(claims.sub.as_str()) || !same_user {
        return Err(ClaimsError::SubjectChanged.into());
    }
    let access_times = |name| crate::verify::claims::int_claim(&access.payload, name);
    let times = TokenTimes {
        id_iat: UnixTime(iat),
        id_exp: claims.exp,
        access_iat: UnixTime(access_times("iat")?.unwrap_or(iat)),
        access_exp: UnixTime(access_times("exp")?.unwrap_or(claims.exp.0)),
    };
    let rotated = match origin {
        Origin::SignIn { .. } => false,
        Origin::Refresh { previous } => raw
            .refresh_token
            .as_ref()
            .is_some_and(|new| previous.refresh_token.as_ref() != Some(new)),
        Origin::OtherTab { rotated, .. } => rotated,
    };
    let refresh_token = match origin {
        Origin::SignIn { .. } => raw.refresh_token,
        // Cognito returns no refresh token unless rotation is on: the one held stays valid and
        // must be kept (dropping it is the bug that ends sessions in several Rust clients).
        Origin::Refresh { previous } => raw.refresh_token.or(previous.refresh_token.clone()),
        Origin::OtherTab { previous, rotated } => raw.refresh_token.or(if rotated {
            None
        } else {
            previous.and_then(|p| p.refresh_token.clone())
        }),
    };
    let sign_in_nonce = match origin {
        Origin::SignIn { nonce } => Some(nonce.clone()),
        _ => previous.and_then(|p| p.sign_in_nonce.clone()),
    };
    Ok(Accepted {
        tokens: VerifiedTokens {
            id_token: raw.id_token,
            access_token: raw.access_token,
            refresh_token,
            expires_in: raw.expires_in.map(|s| s.clamp(0, MAX_EXPIRES_IN_SECS)),
            claims,
            id_token_claims: id.payload,
            received_at: now,
            times,
            sign_in_nonce,
        },
        measured,
        rotated,
    })
}

/// The claims as `(name, text)` rows, sorted by name, each value as display text: strings
/// as they are, everything else as compact JSON. The view renders both as text nodes.
pub fn claim_rows(claims: &Map<String, Value>) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = claims
        .iter()
        .map(|(name, value)| {
            (
                name.clone(),
                crate::inspector::claim_info::value_text(value),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[cfg(test)]
#[path = "tokens_tests.rs"]
pub(crate) mod tests;
