//! Who is calling: read from the claims API Gateway's Cognito authorizer passes on.

use serde::Serialize;
use serde_json::{Map, Value};

/// The caller, as the authorizer vouched for them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Caller {
    /// The user's stable id.
    pub sub: String,
    /// `email`, when the token has it.
    pub email: Option<String>,
    /// `given_name`.
    pub given_name: Option<String>,
    /// `family_name`.
    pub family_name: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `cognito:groups`, parsed.
    pub groups: Vec<String>,
}

/// Why the claims could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallerError {
    /// No claims at all: the method is not behind the Cognito authorizer.
    NoClaims,
    /// A claim is missing or has the wrong type.
    BadClaim(&'static str),
}

impl Caller {
    /// Reads the caller from the authorizer's `claims` object.
    ///
    /// # Errors
    /// [`CallerError`] when there are no claims or `sub` is missing or not a string.
    pub fn from_claims(claims: Option<&Value>) -> Result<Self, CallerError> {
        let claims = claims
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty())
            .ok_or(CallerError::NoClaims)?;
        let text = |name: &'static str| -> Result<Option<String>, CallerError> {
            match claims.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(CallerError::BadClaim(name)),
            }
        };
        let sub = text("sub")?
            .filter(|s| !s.is_empty())
            .ok_or(CallerError::BadClaim("sub"))?;
        Ok(Self {
            sub,
            email: text("email")?,
            given_name: text("given_name")?,
            family_name: text("family_name")?,
            name: text("name")?,
            groups: parse_groups(claims)?,
        })
    }

    /// Whether the caller is in `group`.
    pub fn is_in(&self, group: &str) -> bool {
        self.groups.iter().any(|g| g == group)
    }
}

/// `cognito:groups` as API Gateway passes it: a string `"[admins customers]"` (space-separated,
/// in brackets), or, from other sources, a JSON array. Absent means no groups.
///
/// Split on whitespace only: a Cognito group name cannot hold whitespace but may hold a comma,
/// so a group named `partners,admins` is that one group, never `admins` (issue #13's review).
fn parse_groups(claims: &Map<String, Value>) -> Result<Vec<String>, CallerError> {
    const CLAIM: &str = "cognito:groups";
    match claims.get(CLAIM) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => {
            let inner = s.trim();
            let inner = inner
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .unwrap_or(inner);
            Ok(inner.split_whitespace().map(str::to_owned).collect())
        }
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or(CallerError::BadClaim(CLAIM))
            })
            .collect(),
        Some(_) => Err(CallerError::BadClaim(CLAIM)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn api_gateway_stringifies_groups_in_brackets() {
        let claims = json!({"sub": "u1", "cognito:groups": "[admins customers]", "email": "a@b.c"});
        let caller = Caller::from_claims(Some(&claims)).unwrap();
        assert_eq!(caller.groups, ["admins", "customers"]);
        assert!(caller.is_in("admins"));
        assert_eq!(caller.email.as_deref(), Some("a@b.c"));
    }

    #[test]
    fn one_group_no_group_and_arrays_all_parse() {
        for (groups, expected) in [
            (json!("[customers]"), vec!["customers"]),
            (json!("[]"), vec![]),
            (json!(["a", "b"]), vec!["a", "b"]),
            (json!(null), vec![]),
        ] {
            let claims = json!({"sub": "u1", "cognito:groups": groups});
            assert_eq!(Caller::from_claims(Some(&claims)).unwrap().groups, expected);
        }
        let claims = json!({"sub": "u1"});
        assert!(Caller::from_claims(Some(&claims))
            .unwrap()
            .groups
            .is_empty());
    }

    #[test]
    fn a_group_name_with_a_comma_is_one_group_and_grants_nothing_else() {
        for groups in [
            json!("[partners,admins]"),
            json!("[customers partners,admins]"),
            json!("[admins,partners]"),
            json!(",admins,"),
            json!(["partners,admins"]),
        ] {
            let claims = json!({"sub": "u1", "cognito:groups": groups});
            let caller = Caller::from_claims(Some(&claims)).unwrap();
            assert!(!caller.is_in("admins"), "{groups} made an admin");
            assert!(!caller.is_in("partners"), "{groups}");
        }
        let claims = json!({"sub": "u1", "cognito:groups": "[customers\tpartners,admins\nadmins]"});
        let caller = Caller::from_claims(Some(&claims)).unwrap();
        assert_eq!(caller.groups, ["customers", "partners,admins", "admins"]);
    }

    #[test]
    fn missing_and_malformed_claims_are_refused() {
        assert_eq!(Caller::from_claims(None), Err(CallerError::NoClaims));
        assert_eq!(
            Caller::from_claims(Some(&json!({}))),
            Err(CallerError::NoClaims)
        );
        assert_eq!(
            Caller::from_claims(Some(&json!("claims"))),
            Err(CallerError::NoClaims)
        );
        assert_eq!(
            Caller::from_claims(Some(&json!({"email": "a@b.c"}))),
            Err(CallerError::BadClaim("sub"))
        );
        assert_eq!(
            Caller::from_claims(Some(&json!({"sub": 5}))),
            Err(CallerError::BadClaim("sub"))
        );
        assert_eq!(
            Caller::from_claims(Some(&json!({"sub": "u", "cognito:groups": 3}))),
            Err(CallerError::BadClaim("cognito:groups"))
        );
    }
}
