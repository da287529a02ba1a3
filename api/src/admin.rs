//! The admin summary, and the one place that decides who gets it.

use crate::caller::Caller;
use serde_json::{json, Value};

/// The group whose members get the admin summary.
pub const ADMIN_GROUP: &str = "admins";

/// The admin summary when `caller` is in [`ADMIN_GROUP`], `None` for anyone else.
///
/// `caller` comes from the authorizer's claims only (the ID token API Gateway verified), never
/// from the request's headers, query or body: that is what makes the group a permission. Both
/// `GET /me` (the `admin` part of its answer) and `GET /admin/summary` ask here.
pub fn summary_for(caller: &Caller, now: i64) -> Option<Value> {
    caller.is_in(ADMIN_GROUP).then(|| {
        json!({
            "generatedAt": now,
            "source": "static",
            "groups": [
                {"name": "customers", "description": "Customers of the portal"},
                {"name": "admins", "description": "Portal administrators"}
            ],
            "routes": ["GET /me", "GET /admin/summary"]
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(groups: &[&str]) -> Caller {
        Caller {
            sub: "u1".into(),
            email: None,
            given_name: None,
            family_name: None,
            name: None,
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    /// From the claim as API Gateway passes it to the summary: a group whose name merely contains
    /// `admins` after a comma is not the admins group.
    #[test]
    fn a_group_named_partners_comma_admins_gets_no_summary() {
        let claims = serde_json::json!({"sub": "u1", "cognito:groups": "[partners,admins]"});
        let caller = Caller::from_claims(Some(&claims)).unwrap();
        assert_eq!(summary_for(&caller, 7), None);
        let claims = serde_json::json!({"sub": "u1", "cognito:groups": "[partners,admins admins]"});
        assert!(summary_for(&Caller::from_claims(Some(&claims)).unwrap(), 7).is_some());
    }

    #[test]
    fn only_members_of_admins_get_the_summary() {
        let summary = summary_for(&caller(&["customers", "admins"]), 7).unwrap();
        assert_eq!(summary["generatedAt"], 7);
        assert_eq!(summary["source"], "static");
        for groups in [
            &[][..],
            &["customers"],
            &["Admins"],
            &["admins-not"],
            &["admin"],
            &["partners,admins"],
            &["admins,partners"],
        ] {
            assert_eq!(summary_for(&caller(groups), 7), None, "{groups:?}");
        }
    }
}
