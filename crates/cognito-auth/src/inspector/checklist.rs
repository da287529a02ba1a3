//! The Tokens page's validation checklist: Cognito's own verification recipe, one row per check.

use crate::inspector::inspect::{InspectedJwt, TokenKind};
use crate::inspector::timefmt::{format_relative, format_utc};
use crate::time::UnixTime;
use serde_json::{Map, Value};

/// Pass or fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The check holds.
    Pass,
    /// The check fails.
    Fail,
}

/// One row: the claim or parameter checked, the outcome, and a sentence saying why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRow {
    /// What was checked (`iss`, `aud`, `alg`, …).
    pub name: &'static str,
    /// Pass or fail.
    pub outcome: CheckOutcome,
    /// Why, in words.
    pub sentence: String,
}

/// What the tokens are checked against.
#[derive(Clone, Copy, Debug)]
pub struct CheckContext<'a> {
    /// The pool's issuer.
    pub issuer: &'a str,
    /// The portal's app client id.
    pub client_id: &'a str,
    /// The `nonce` this session's sign-in sent.
    pub nonce: Option<&'a str>,
    /// The server-anchored current time (local clock plus measured drift).
    pub now: UnixTime,
    /// Allowed clock disagreement in seconds.
    pub leeway_secs: i64,
}

fn row(name: &'static str, pass: bool, sentence: String) -> CheckRow {
    let outcome = if pass {
        CheckOutcome::Pass
    } else {
        CheckOutcome::Fail
    };
    CheckRow {
        name,
        outcome,
        sentence,
    }
}

fn str_claim<'a>(payload: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    payload.get(name).and_then(Value::as_str)
}

/// Runs every check for a token of `kind`. A token whose payload cannot be decoded fails every
/// claim check with that reason.
pub fn checklist(kind: TokenKind, jwt: &InspectedJwt, ctx: &CheckContext<'_>) -> Vec<CheckRow> {
    let alg = jwt.header_str("alg");
    let alg_row = row(
        "alg",
        alg == Some("RS256"),
        match alg {
            Some("RS256") => {
                "RS256 (RSA with SHA-256), the only algorithm Cognito signs with.".into()
            }
            Some(other) => format!("\"{other}\", but Cognito signs only with RS256."),
            None => "The header names no algorithm.".into(),
        },
    );
    let Some(payload) = jwt.payload() else {
        let mut rows: Vec<CheckRow> = claim_names(kind)
            .iter()
            .map(|name| row(name, false, "The payload cannot be decoded.".into()))
            .collect();
        rows.push(alg_row);
        return rows;
    };
    let mut rows = vec![
        check_issuer(payload, ctx),
        check_client(kind, payload, ctx),
        check_token_use(kind, payload),
        check_exp(payload, ctx),
        check_nbf(payload, ctx),
        check_iat(payload, ctx),
    ];
    if kind == TokenKind::Id {
        rows.push(check_nonce(payload, ctx));
    }
    rows.push(alg_row);
    rows
}

fn claim_names(kind: TokenKind) -> &'static [&'static str] {
    match kind {
        TokenKind::Id => &["iss", "aud", "token_use", "exp", "nbf", "iat", "nonce"],
        TokenKind::Access => &["iss", "client_id", "token_use", "exp", "nbf", "iat"],
    }
}

fn check_issuer(payload: &Map<String, Value>, ctx: &CheckContext<'_>) -> CheckRow {
    match str_claim(payload, "iss") {
        Some(iss) if iss == ctx.issuer => row("iss", true, "Issued by this user pool.".into()),
        Some(iss) => row(
            "iss",
            false,
            format!("Issued by {iss}, not by this pool ({}).", ctx.issuer),
        ),
        None => row("iss", false, "No issuer claim.".into()),
    }
}

fn check_client(kind: TokenKind, payload: &Map<String, Value>, ctx: &CheckContext<'_>) -> CheckRow {
    // ID tokens name the client in `aud`; access tokens have no `aud` but a `client_id`.
    let name = match kind {
        TokenKind::Id => "aud",
        TokenKind::Access => "client_id",
    };
    match str_claim(payload, name) {
        Some(id) if id == ctx.client_id => {
            row(name, true, "Issued to this portal's app client.".into())
        }
        Some(id) => row(
            name,
            false,
            format!(
                "Issued to app client {id}, not to this portal ({}).",
                ctx.client_id
            ),
        ),
        None if kind == TokenKind::Access => row(
            name,
            false,
            "No client_id claim. (Access tokens carry client_id instead of aud.)".into(),
        ),
        None => row(name, false, "No aud claim.".into()),
    }
}

fn check_token_use(kind: TokenKind, payload: &Map<String, Value>) -> CheckRow {
    let expected = kind.token_use();
    match str_claim(payload, "token_use") {
        Some(found) if found == expected => row(
            "token_use",
            true,
            format!(
                "\"{found}\", as an {} token must say.",
                if kind == TokenKind::Id {
                    "ID"
                } else {
                    "access"
                }
            ),
        ),
        Some(found) => row(
            "token_use",
            false,
            format!("\"{found}\", but this tab expects \"{expected}\"."),
        ),
        None => row(
            "token_use",
            false,
            "No token_use claim: not a Cognito token.".into(),
        ),
    }
}

fn time_claim(payload: &Map<String, Value>, name: &str) -> Option<Result<UnixTime, ()>> {
    payload
        .get(name)
        .map(|v| v.as_i64().map(UnixTime).ok_or(()))
}

fn check_exp(payload: &Map<String, Value>, ctx: &CheckContext<'_>) -> CheckRow {
    match time_claim(payload, "exp") {
        Some(Ok(exp)) if ctx.now.0 <= exp.0.saturating_add(ctx.leeway_secs) => row(
            "exp",
            true,
            format!(
                "Valid until {} ({}).",
                format_utc(exp),
                format_relative(exp, ctx.now)
            ),
        ),
        Some(Ok(exp)) => row(
            "exp",
            false,
            format!(
                "Expired at {} ({}).",
                format_utc(exp),
                format_relative(exp, ctx.now)
            ),
        ),
        Some(Err(())) => row("exp", false, "exp is not a number of seconds.".into()),
        None => row(
            "exp",
            false,
            "No exp claim: the token never expires, which Cognito never issues.".into(),
        ),
    }
}

fn check_nbf(payload: &Map<String, Value>, ctx: &CheckContext<'_>) -> CheckRow {
    match time_claim(payload, "nbf") {
        None => row(
            "nbf",
            true,
            "No nbf claim (Cognito omits it): valid from issue.".into(),
        ),
        Some(Ok(nbf)) if nbf.0 <= ctx.now.0.saturating_add(ctx.leeway_secs) => {
            row("nbf", true, format!("Valid since {}.", format_utc(nbf)))
        }
        Some(Ok(nbf)) => row(
            "nbf",
            false,
            format!(
                "Not valid before {} ({}).",
                format_utc(nbf),
                format_relative(nbf, ctx.now)
            ),
        ),
        Some(Err(())) => row("nbf", false, "nbf is not a number of seconds.".into()),
    }
}

fn check_iat(payload: &Map<String, Value>, ctx: &CheckContext<'_>) -> CheckRow {
    match time_claim(payload, "iat") {
        Some(Ok(iat)) if iat.0 <= ctx.now.0.saturating_add(ctx.leeway_secs) => row(
            "iat",
            true,
            format!(
                "Issued {} ({}).",
                format_relative(iat, ctx.now),
                format_utc(iat)
            ),
        ),
        Some(Ok(iat)) => row(
            "iat",
            false,
            format!("Issued in the future: {}.", format_utc(iat)),
        ),
        Some(Err(())) => row("iat", false, "iat is not a number of seconds.".into()),
        None => row("iat", false, "No iat claim.".into()),
    }
}

fn check_nonce(payload: &Map<String, Value>, ctx: &CheckContext<'_>) -> CheckRow {
    match (str_claim(payload, "nonce"), ctx.nonce) {
        (Some(found), Some(expected)) if found == expected => row(
            "nonce",
            true,
            "Matches the nonce this browser sent when signing in.".into(),
        ),
        (Some(_), Some(_)) => row(
            "nonce",
            false,
            "Differs from the nonce this browser sent: a replayed or injected token.".into(),
        ),
        (None, None) => row(
            "nonce",
            true,
            "No nonce: refreshed ID tokens carry none; the sign-in's was checked when it arrived."
                .into(),
        ),
        (Some(_), None) => row(
            "nonce",
            false,
            "This session has no sign-in nonce to compare with.".into(),
        ),
        (None, Some(_)) => row(
            "nonce",
            false,
            "No nonce claim, but this sign-in sent one.".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector::inspect::inspect_jwt;
    use crate::verify::jwt::encode_unsigned;
    use serde_json::json;

    const ISS: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X";
    const CTX: CheckContext<'static> = CheckContext {
        issuer: ISS,
        client_id: "c1",
        nonce: Some("n1"),
        now: UnixTime(10_000),
        leeway_secs: 120,
    };

    fn id_token(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> InspectedJwt {
        let mut p = json!({"iss": ISS, "aud": "c1", "token_use": "id", "exp": 13_600, "iat": 10_000, "nonce": "n1"})
            .as_object().unwrap().clone();
        edit(&mut p);
        inspect_jwt(&encode_unsigned(
            &json!({"alg": "RS256", "kid": "k"}),
            &Value::Object(p),
        ))
    }

    fn outcome(rows: &[CheckRow], name: &str) -> CheckOutcome {
        rows.iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no row {name}"))
            .outcome
    }

    #[test]
    fn a_good_id_token_passes_every_row() {
        let rows = checklist(TokenKind::Id, &id_token(|_| {}), &CTX);
        let names: Vec<_> = rows.iter().map(|r| r.name).collect();
        assert_eq!(
            names,
            [
                "iss",
                "aud",
                "token_use",
                "exp",
                "nbf",
                "iat",
                "nonce",
                "alg"
            ]
        );
        assert!(
            rows.iter().all(|r| r.outcome == CheckOutcome::Pass),
            "{rows:#?}"
        );
        assert!(rows
            .iter()
            .find(|r| r.name == "exp")
            .unwrap()
            .sentence
            .contains("in 1 h 00 min"));
    }

    #[test]
    fn a_refreshed_id_token_needs_no_nonce() {
        let mut p =
            json!({"iss": ISS, "aud": "c1", "token_use": "id", "exp": 13_600, "iat": 10_000});
        let jwt = inspect_jwt(&encode_unsigned(&json!({"alg": "RS256"}), &p));
        let ctx = CheckContext { nonce: None, ..CTX };
        let nonce_row = |jwt: &InspectedJwt| {
            checklist(TokenKind::Id, jwt, &ctx)
                .into_iter()
                .find(|r| r.name == "nonce")
                .unwrap()
        };
        assert_eq!(nonce_row(&jwt).outcome, CheckOutcome::Pass);
        p["nonce"] = json!("n1");
        let jwt = inspect_jwt(&encode_unsigned(&json!({"alg": "RS256"}), &p));
        assert_eq!(nonce_row(&jwt).outcome, CheckOutcome::Fail);
    }

    #[test]
    fn an_access_token_is_checked_by_client_id_and_has_no_nonce_row() {
        let jwt = inspect_jwt(&encode_unsigned(
            &json!({"alg": "RS256"}),
            &json!({"iss": ISS, "client_id": "c1", "token_use": "access", "exp": 13_600, "iat": 10_000}),
        ));
        let rows = checklist(TokenKind::Access, &jwt, &CTX);
        assert!(
            rows.iter().all(|r| r.outcome == CheckOutcome::Pass),
            "{rows:#?}"
        );
        assert!(rows.iter().all(|r| r.name != "nonce" && r.name != "aud"));
    }

    #[test]
    fn each_failure_is_reported_on_its_row() {
        let fail = |edit: fn(&mut serde_json::Map<String, Value>), name: &str| {
            let rows = checklist(TokenKind::Id, &id_token(edit), &CTX);
            assert_eq!(
                outcome(&rows, name),
                CheckOutcome::Fail,
                "{name}: {rows:#?}"
            );
        };
        fail(
            |p| {
                p.insert("iss".into(), "https://evil".into());
            },
            "iss",
        );
        fail(
            |p| {
                p.insert("aud".into(), "c2".into());
            },
            "aud",
        );
        fail(
            |p| {
                p.insert("token_use".into(), "access".into());
            },
            "token_use",
        );
        fail(
            |p| {
                p.insert("exp".into(), json!(9_000));
            },
            "exp",
        );
        fail(
            |p| {
                p.insert("nbf".into(), json!(20_000));
            },
            "nbf",
        );
        fail(
            |p| {
                p.insert("iat".into(), json!(20_000));
            },
            "iat",
        );
        fail(
            |p| {
                p.insert("nonce".into(), "other".into());
            },
            "nonce",
        );
    }

    #[test]
    fn leeway_applies_to_exp() {
        let rows = checklist(
            TokenKind::Id,
            &id_token(|p| {
                p.insert("exp".into(), json!(9_900));
            }),
            &CTX,
        );
        assert_eq!(outcome(&rows, "exp"), CheckOutcome::Pass);
    }

    #[test]
    fn alg_none_fails_the_alg_row() {
        let jwt = inspect_jwt(&encode_unsigned(&json!({"alg": "none"}), &json!({})));
        let rows = checklist(TokenKind::Id, &jwt, &CTX);
        assert_eq!(outcome(&rows, "alg"), CheckOutcome::Fail);
    }

    #[test]
    fn an_undecodable_payload_fails_every_claim_row() {
        let jwt = inspect_jwt("eyJhbGciOiJSUzI1NiJ9.%%%.c2ln");
        let rows = checklist(TokenKind::Id, &jwt, &CTX);
        assert_eq!(rows.len(), 8);
        assert!(rows
            .iter()
            .filter(|r| r.name != "alg")
            .all(|r| r.outcome == CheckOutcome::Fail));
        assert_eq!(outcome(&rows, "alg"), CheckOutcome::Pass);
    }
}
