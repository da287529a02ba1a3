//! Comparing `/oauth2/userInfo` with the ID token's claims (the Profile page).

use crate::inspector::claim_info::value_text;
use serde_json::{Map, Value};

/// How one attribute compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// Same value in both.
    Same,
    /// Same value, but userInfo sent a boolean as the string "true"/"false" (a Cognito quirk).
    SameButStringBoolean,
    /// Different values.
    Differs,
    /// Only in userInfo (e.g. a scope's attribute the ID token leaves out).
    OnlyUserInfo,
    /// Only in the ID token (token-only claims such as `exp` are left out of the comparison).
    OnlyIdToken,
}

/// One attribute, side by side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileRow {
    /// Attribute name.
    pub name: String,
    /// userInfo's value as text.
    pub user_info: Option<String>,
    /// The ID token's value as text.
    pub id_token: Option<String>,
    /// How they compare.
    pub agreement: Agreement,
}

/// Claims about the token rather than the user: not expected in userInfo.
const TOKEN_CLAIMS: [&str; 16] = [
    "iss",
    "aud",
    "exp",
    "iat",
    "nbf",
    "auth_time",
    "jti",
    "origin_jti",
    "event_id",
    "token_use",
    "nonce",
    "at_hash",
    "cognito:groups",
    "cognito:roles",
    "cognito:preferred_role",
    "amr",
];

/// Parses the userInfo answer.
///
/// # Errors
/// serde's message when the body is not a JSON object.
pub fn parse_user_info(body: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("userInfo did not return a JSON object".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// userInfo must answer about the session's user: its `sub` (OpenID Connect Core §5.3.2: "MUST
/// be verified to exactly match the sub Claim in the ID Token") must equal the ID token's.
///
/// # Errors
/// [`crate::AuthError::UserInfoSubject`] when it is missing or another user's.
pub fn check_user_info_subject(
    user_info: &Map<String, Value>,
    id_token_sub: &str,
) -> Result<(), crate::AuthError> {
    match user_info.get("sub").and_then(Value::as_str) {
        Some(sub) if sub == id_token_sub => Ok(()),
        _ => Err(crate::AuthError::UserInfoSubject),
    }
}

/// Lines up userInfo against the ID token's user claims, sorted by name.
pub fn compare_user_info(
    user_info: &Map<String, Value>,
    id_claims: &Map<String, Value>,
) -> Vec<ProfileRow> {
    let mut names: Vec<&String> = user_info
        .keys()
        .chain(
            id_claims
                .keys()
                .filter(|k| !TOKEN_CLAIMS.contains(&k.as_str())),
        )
        .collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let ui = user_info.get(name);
            let id = id_claims.get(name);
            let agreement = match (ui, id) {
                (Some(a), Some(b)) if a == b => Agreement::Same,
                (Some(Value::String(s)), Some(Value::Bool(b))) if s == &b.to_string() => {
                    Agreement::SameButStringBoolean
                }
                (Some(_), Some(_)) => Agreement::Differs,
                (Some(_), None) => Agreement::OnlyUserInfo,
                (None, _) => Agreement::OnlyIdToken,
            };
            ProfileRow {
                name: name.clone(),
                user_info: ui.map(value_text),
                id_token: id.map(value_text),
                agreement,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_booleans_and_differences_are_told_apart() {
        let ui = json!({"sub": "u", "email": "a@x", "email_verified": "true", "given_name": "Dana", "phone_number": "+1"});
        let id = json!({"sub": "u", "email": "b@x", "email_verified": true, "given_name": "Dana", "exp": 5, "family_name": "Demo"});
        let rows = compare_user_info(ui.as_object().unwrap(), id.as_object().unwrap());
        let get = |n: &str| rows.iter().find(|r| r.name == n).unwrap().agreement;
        assert_eq!(get("sub"), Agreement::Same);
        assert_eq!(get("email"), Agreement::Differs);
        assert_eq!(get("email_verified"), Agreement::SameButStringBoolean);
        assert_eq!(get("phone_number"), Agreement::OnlyUserInfo);
        assert_eq!(get("family_name"), Agreement::OnlyIdToken);
        assert!(
            rows.iter().all(|r| r.name != "exp"),
            "token claims are not compared"
        );
    }

    #[test]
    fn parse_requires_an_object() {
        assert!(parse_user_info("[]").is_err());
        assert!(parse_user_info("{").is_err());
        assert_eq!(parse_user_info(r#"{"sub":"u"}"#).unwrap()["sub"], "u");
    }

    #[test]
    fn user_info_about_another_user_is_refused() {
        let info = |sub: serde_json::Value| {
            serde_json::json!({"sub": sub, "email": "x@example.com"})
                .as_object()
                .unwrap()
                .clone()
        };
        assert!(check_user_info_subject(&info("u1".into()), "u1").is_ok());
        for other in [
            serde_json::json!("u2"),
            serde_json::json!(null),
            serde_json::json!(1),
        ] {
            assert_eq!(
                check_user_info_subject(&info(other), "u1"),
                Err(crate::AuthError::UserInfoSubject)
            );
        }
    }
}
