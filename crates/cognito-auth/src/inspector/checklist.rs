//! The Tokens page's validation checklist: one row per rule of the check table
//! ([`crate::verify::checks`]), the same rules the session enforces, each with its outcome.

use crate::inspector::inspect::{InspectedJwt, TokenKind};
use crate::verify::checks::{checks_for, run, Check, Expectations, Verdict};
use crate::verify::claims::ClaimsError;

/// Pass, fail, or nothing to compare with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The check holds.
    Pass,
    /// The check fails.
    Fail,
    /// Nothing to compare with (the nonce of a session adopted from another tab).
    NotChecked,
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

/// What the tokens are checked against: the session's own expectations.
pub type CheckContext<'a> = Expectations<'a>;

/// Runs every check of the table for a token of `kind`. A token whose header or payload cannot
/// be decoded fails every row that needs it, with that reason.
pub fn checklist(kind: TokenKind, jwt: &InspectedJwt, ctx: &CheckContext<'_>) -> Vec<CheckRow> {
    let empty = serde_json::Map::new();
    checks_for(kind)
        .iter()
        .map(|&check| {
            let name = check.name(kind);
            let part = if check == Check::Alg {
                jwt.header()
            } else {
                jwt.payload()
            };
            let Some(part_decoded) = part else {
                let which = if check == Check::Alg {
                    "header"
                } else {
                    "payload"
                };
                return CheckRow {
                    name,
                    outcome: CheckOutcome::Fail,
                    sentence: format!("The {which} cannot be decoded."),
                };
            };
            let (header, payload) = if check == Check::Alg {
                (part_decoded, &empty)
            } else {
                (&empty, part_decoded)
            };
            match run(check, kind, header, payload, ctx) {
                Verdict::Pass(sentence) => CheckRow {
                    name,
                    outcome: CheckOutcome::Pass,
                    sentence,
                },
                Verdict::NotChecked(sentence) => CheckRow {
                    name,
                    outcome: CheckOutcome::NotChecked,
                    sentence,
                },
                Verdict::Fail(error) => CheckRow {
                    name,
                    outcome: CheckOutcome::Fail,
                    sentence: sentence_for(&error),
                },
            }
        })
        .collect()
}

/// A refusal as a sentence: the error's words, capitalised, with a full stop.
fn sentence_for(error: &ClaimsError) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspector::inspect::inspect_jwt;
    use crate::time::UnixTime;
    use crate::verify::checks::NonceRule;
    use crate::verify::jwt::encode_unsigned;
    use serde_json::json;
    use serde_json::Value;

    const ISS: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X";
    const CTX: CheckContext<'static> = CheckContext {
        issuer: ISS,
        client_id: "c1",
        nonce: NonceRule::Equals("n1"),
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
                "alg",
                "iss",
                "aud",
                "token_use",
                "exp",
                "nbf",
                "iat",
                "nonce"
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
        let ctx = CheckContext {
            nonce: NonceRule::AbsentOrEquals("n1"),
            ..CTX
        };
        let nonce_row = |jwt: &InspectedJwt| {
            checklist(TokenKind::Id, jwt, &ctx)
                .into_iter()
                .find(|r| r.name == "nonce")
                .unwrap()
        };
        assert_eq!(nonce_row(&jwt).outcome, CheckOutcome::Pass);
        // A strict provider repeats the sign-in's nonce (OIDC Core §12.2): still a pass.
        p["nonce"] = json!("n1");
        let jwt = inspect_jwt(&encode_unsigned(&json!({"alg": "RS256"}), &p));
        assert_eq!(nonce_row(&jwt).outcome, CheckOutcome::Pass);
        p["nonce"] = json!("n2");
        let jwt = inspect_jwt(&encode_unsigned(&json!({"alg": "RS256"}), &p));
        assert_eq!(nonce_row(&jwt).outcome, CheckOutcome::Fail);
        // Adopted from another tab: not compared, and not shown as passed.
        let adopted = CheckContext {
            nonce: NonceRule::Unknown,
            ..CTX
        };
        let row = checklist(TokenKind::Id, &jwt, &adopted)
            .into_iter()
            .find(|r| r.name == "nonce")
            .unwrap();
        assert_eq!(row.outcome, CheckOutcome::NotChecked);
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
