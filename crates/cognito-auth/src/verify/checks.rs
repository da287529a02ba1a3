//! The one table of per-claim checks, shared by the strict path and the inspector.
//!
//! Every token that enters a session (code exchange, refresh, another tab) runs [`verify_claims`],
//! which stops at the first failure; the Tokens page runs [`run`] on every row of [`checks_for`]
//! and shows each outcome. Both read the same rules, so the page can never pass a token the
//! session would refuse, or the other way round.

use crate::inspector::timefmt::{format_relative, format_utc};
use crate::time::UnixTime;
use crate::verify::claims::{int_claim, read_id_claims, ClaimsError, IdClaims};
use serde_json::{Map, Value};

/// Which Cognito token a JWT is meant to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// The ID token (`token_use=id`, `aud` = client id).
    Id,
    /// The access token (`token_use=access`, `client_id`, `scope`).
    Access,
}

impl TokenKind {
    /// The `token_use` value Cognito puts in this kind of token.
    pub fn token_use(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Access => "access",
        }
    }

    /// The claim naming the app client: `aud` in ID tokens, `client_id` in access tokens.
    pub fn client_claim(self) -> &'static str {
        match self {
            Self::Id => "aud",
            Self::Access => "client_id",
        }
    }
}

/// What the ID token's `nonce` must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonceRule<'a> {
    /// Straight from a sign-in: present and equal to the one this tab sent.
    Equals(&'a str),
    /// A refreshed ID token: absent (Cognito's) or equal to the sign-in's (OpenID Connect Core
    /// §12.2 allows a provider to repeat it).
    AbsentOrEquals(&'a str),
    /// This tab never sent a nonce for this session (it was adopted from another tab, and a
    /// message never supplies one): nothing to compare, and the inspector says so.
    Unknown,
}

/// What a token is checked against.
#[derive(Clone, Copy, Debug)]
pub struct Expectations<'a> {
    /// The pool's issuer URL.
    pub issuer: &'a str,
    /// The app client id.
    pub client_id: &'a str,
    /// The rule for the ID token's `nonce`.
    pub nonce: NonceRule<'a>,
    /// Cognito's current time: this device's clock plus the drift this tab measured itself.
    pub now: UnixTime,
    /// Allowed disagreement between the clocks, in seconds.
    pub leeway_secs: i64,
}

/// One rule of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// `alg` is exactly `RS256`.
    Alg,
    /// `iss` is this pool.
    Issuer,
    /// `aud` (ID) or `client_id` (access) is this app client.
    Client,
    /// `token_use` matches the kind.
    TokenUse,
    /// Not expired.
    Exp,
    /// Not before its `nbf`.
    Nbf,
    /// Not issued in the future.
    Iat,
    /// The ID token's `nonce`.
    Nonce,
}

impl Check {
    /// The row's name on the Tokens page.
    pub fn name(self, kind: TokenKind) -> &'static str {
        match self {
            Self::Alg => "alg",
            Self::Issuer => "iss",
            Self::Client => kind.client_claim(),
            Self::TokenUse => "token_use",
            Self::Exp => "exp",
            Self::Nbf => "nbf",
            Self::Iat => "iat",
            Self::Nonce => "nonce",
        }
    }
}

const ID_CHECKS: [Check; 8] = [
    Check::Alg,
    Check::Issuer,
    Check::Client,
    Check::TokenUse,
    Check::Exp,
    Check::Nbf,
    Check::Iat,
    Check::Nonce,
];

/// The checks for a kind of token, in the order the strict path runs them.
pub fn checks_for(kind: TokenKind) -> &'static [Check] {
    match kind {
        TokenKind::Id => &ID_CHECKS,
        TokenKind::Access => ID_CHECKS.split_last().map_or(&[], |(_, rest)| rest),
    }
}

/// How a check came out, with the sentence the inspector shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It holds; why, in words.
    Pass(String),
    /// Nothing to compare with (the nonce of an adopted session); why, in words.
    NotChecked(String),
    /// It fails.
    Fail(ClaimsError),
}

/// Runs one check on a decoded header and payload.
pub fn run(
    check: Check,
    kind: TokenKind,
    header: &Map<String, Value>,
    payload: &Map<String, Value>,
    expect: &Expectations<'_>,
) -> Verdict {
    match check {
        Check::Alg => alg(header),
        Check::Issuer => match str_claim(payload, "iss") {
            Ok(iss) if iss == expect.issuer => Verdict::Pass("Issued by this user pool.".into()),
            Ok(iss) => Verdict::Fail(ClaimsError::IssuerMismatch {
                expected: expect.issuer.to_owned(),
                found: iss.to_owned(),
            }),
            Err(e) => Verdict::Fail(e),
        },
        Check::Client => client(kind, payload, expect.client_id),
        Check::TokenUse => match str_claim(payload, "token_use") {
            Ok(found) if found == kind.token_use() => {
                Verdict::Pass(format!("\"{found}\", as this kind of token must say."))
            }
            Ok(found) => Verdict::Fail(ClaimsError::WrongTokenUse {
                expected: kind.token_use(),
                found: found.to_owned(),
            }),
            Err(e) => Verdict::Fail(e),
        },
        Check::Exp => match int_claim(payload, "exp") {
            Ok(Some(exp)) if expect.now.0 <= exp.saturating_add(expect.leeway_secs) => {
                let exp = UnixTime(exp);
                Verdict::Pass(format!(
                    "Valid until {} ({}).",
                    format_utc(exp),
                    format_relative(exp, expect.now)
                ))
            }
            Ok(Some(exp)) => Verdict::Fail(ClaimsError::Expired {
                exp,
                now: expect.now.0,
                leeway: expect.leeway_secs,
            }),
            Ok(None) => Verdict::Fail(ClaimsError::Missing { claim: "exp" }),
            Err(e) => Verdict::Fail(e),
        },
        Check::Nbf => match int_claim(payload, "nbf") {
            Ok(None) => Verdict::Pass("No nbf claim (Cognito omits it): valid from issue.".into()),
            Ok(Some(nbf)) if nbf <= expect.now.0.saturating_add(expect.leeway_secs) => {
                Verdict::Pass(format!("Valid since {}.", format_utc(UnixTime(nbf))))
            }
            Ok(Some(nbf)) => Verdict::Fail(ClaimsError::NotYetValid {
                nbf,
                now: expect.now.0,
            }),
            Err(e) => Verdict::Fail(e),
        },
        Check::Iat => match int_claim(payload, "iat") {
            Ok(Some(iat)) if iat <= expect.now.0.saturating_add(expect.leeway_secs) => {
                let iat = UnixTime(iat);
                Verdict::Pass(format!(
                    "Issued {} ({}).",
                    format_relative(iat, expect.now),
                    format_utc(iat)
                ))
            }
            Ok(Some(iat)) => Verdict::Fail(ClaimsError::IssuedInFuture {
                iat,
                now: expect.now.0,
            }),
            Ok(None) => Verdict::Fail(ClaimsError::Missing { claim: "iat" }),
            Err(e) => Verdict::Fail(e),
        },
        Check::Nonce => nonce(payload, expect.nonce),
    }
}

/// Runs the check table on an ID token and reads the claims the session relies on.
///
/// # Errors
/// The first failed check, or a claim of the wrong type.
pub fn verify_id_token(
    header: &Map<String, Value>,
    payload: &Map<String, Value>,
    expect: &Expectations<'_>,
) -> Result<IdClaims, ClaimsError> {
    verify_claims(TokenKind::Id, header, payload, expect)?;
    read_id_claims(payload)
}

/// The strict path: every check of the table for `kind`, stopping at the first failure.
///
/// # Errors
/// The first failed check.
pub fn verify_claims(
    kind: TokenKind,
    header: &Map<String, Value>,
    payload: &Map<String, Value>,
    expect: &Expectations<'_>,
) -> Result<(), ClaimsError> {
    for check in checks_for(kind) {
        if let Verdict::Fail(error) = run(*check, kind, header, payload, expect) {
            return Err(error);
        }
    }
    Ok(())
}

fn alg(header: &Map<String, Value>) -> Verdict {
    match header.get("alg").and_then(Value::as_str) {
        Some("RS256") => {
            Verdict::Pass("RS256 (RSA with SHA-256), the only algorithm Cognito signs with.".into())
        }
        found => Verdict::Fail(ClaimsError::WrongAlgorithm {
            found: found.map(str::to_owned),
        }),
    }
}

fn client(kind: TokenKind, payload: &Map<String, Value>, client_id: &str) -> Verdict {
    let claim = kind.client_claim();
    let mismatch = |found: String| {
        Verdict::Fail(ClaimsError::AudienceMismatch {
            expected: client_id.to_owned(),
            found,
        })
    };
    match payload.get(claim) {
        None | Some(Value::Null) => Verdict::Fail(ClaimsError::Missing { claim }),
        Some(Value::String(id)) if id == client_id => {
            Verdict::Pass("Issued to this app client.".into())
        }
        Some(Value::String(id)) => mismatch(id.clone()),
        // OIDC allows an `aud` array; Cognito sends a string. A multi-audience token is not ours
        // alone.
        Some(Value::Array(items))
            if kind == TokenKind::Id
                && items.len() == 1
                && items.first().and_then(Value::as_str) == Some(client_id) =>
        {
            Verdict::Pass("Issued to this app client.".into())
        }
        Some(Value::Array(items)) => mismatch(Value::Array(items.clone()).to_string()),
        Some(_) => Verdict::Fail(ClaimsError::WrongType { claim }),
    }
}

fn nonce(payload: &Map<String, Value>, rule: NonceRule<'_>) -> Verdict {
    let found = match payload.get("nonce") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => return Verdict::Fail(ClaimsError::WrongType { claim: "nonce" }),
    };
    match (rule, found) {
        (NonceRule::Equals(sent) | NonceRule::AbsentOrEquals(sent), Some(found))
            if found == sent =>
        {
            Verdict::Pass("Matches the nonce this browser sent when signing in.".into())
        }
        (NonceRule::Equals(_) | NonceRule::AbsentOrEquals(_), Some(_)) => {
            Verdict::Fail(ClaimsError::NonceMismatch)
        }
        (NonceRule::Equals(_), None) => Verdict::Fail(ClaimsError::Missing { claim: "nonce" }),
        (NonceRule::AbsentOrEquals(_), None) => Verdict::Pass(
            "No nonce: refreshed ID tokens carry none; the sign-in's was checked when it arrived."
                .into(),
        ),
        (NonceRule::Unknown, _) => Verdict::NotChecked(
            "Not compared: this tab took the session over from another tab, and tabs never \
             share the sign-in's nonce; the tab that signed in checked it."
                .into(),
        ),
    }
}

fn str_claim<'a>(
    payload: &'a Map<String, Value>,
    claim: &'static str,
) -> Result<&'a str, ClaimsError> {
    match payload.get(claim) {
        None | Some(Value::Null) => Err(ClaimsError::Missing { claim }),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(ClaimsError::WrongType { claim }),
    }
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
