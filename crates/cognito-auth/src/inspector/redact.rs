//! The "redact for screenshots" switch: what counts as personal, and how it is masked.

/// Shown instead of a redacted value.
pub const MASK: &str = "••••••••";

/// Claims that identify a person. Token values are redacted separately.
const PERSONAL: [&str; 19] = [
    "sub",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "picture",
    "profile",
    "website",
    "birthdate",
    "address",
    "cognito:username",
    "username",
    "identities",
    "gender",
    "zoneinfo",
];

/// Whether a claim's value is personal data to hide when redaction is on. Custom attributes are
/// the pool owner's and may hold anything, so they are hidden too.
pub fn is_personal(claim: &str) -> bool {
    PERSONAL.contains(&claim) || claim.starts_with("custom:")
}

/// `value`, or the mask when `redacted`.
pub fn shown(value: &str, redacted: bool) -> String {
    if redacted {
        MASK.to_owned()
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_claims() {
        for claim in [
            "email",
            "sub",
            "given_name",
            "cognito:username",
            "custom:tier",
        ] {
            assert!(is_personal(claim), "{claim}");
        }
        for claim in ["exp", "iss", "token_use", "cognito:groups"] {
            assert!(!is_personal(claim), "{claim}");
        }
        assert_eq!(shown("demo@example.com", true), MASK);
        assert_eq!(shown("x", false), "x");
    }
}
