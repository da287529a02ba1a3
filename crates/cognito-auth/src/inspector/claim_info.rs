//! What each claim means, and how to show its value.

use crate::inspector::inspect::TokenKind;
use crate::time::UnixTime;
use serde_json::Value;

/// A plain-language description of a claim, for Cognito tokens. `None` for unknown claims, which
/// the inspector shows raw.
pub fn describe_claim(name: &str, kind: TokenKind) -> Option<String> {
    if name == "custom:tenant_id" {
        return Some(TENANT_ATTRIBUTE.to_owned());
    }
    if let Some(attribute) = name.strip_prefix("custom:") {
        return Some(format!(
            "Custom attribute \"{attribute}\" of the user. Cognito always sends custom attributes as strings, whatever type the pool declares, so parse numbers and booleans yourself."
        ));
    }
    let text = match (name, kind) {
        ("iss", _) => "Issuer: the user pool that signed the token (https://cognito-idp.<region>.amazonaws.com/<pool id>).",
        ("sub", _) => "Subject: the user's permanent, unique id (a UUID). Use it, not the username or email, as the key for the user.",
        ("aud", TokenKind::Id) => "Audience: the app client the ID token was issued to. APIs must check it, or tokens from another client of the same pool would pass.",
        ("aud", TokenKind::Access) => "Audience: present on access tokens only when a resource binding was requested; the resource URL.",
        ("client_id", _) => "The app client the access token was issued to. Access tokens carry client_id instead of aud.",
        ("token_use", _) => "Cognito's token type: \"id\" or \"access\". Verifiers must check it so one kind cannot pass for the other.",
        ("exp", _) => "Expiry time (seconds since 1970). After it, APIs reject the token and the portal must refresh it.",
        ("iat", _) => "Issue time (seconds since 1970), by Cognito's clock. The portal measures clock drift from it.",
        ("nbf", _) => "Not-before time: the token is invalid before it.",
        ("auth_time", _) => "When the user last signed in interactively (seconds since 1970). It does not change when tokens are refreshed.",
        ("jti", _) => "Unique id of this token.",
        ("origin_jti", _) => "Id of the sign-in the token descends from; shared by every token minted from the same refresh token. Revoking the refresh token revokes them all.",
        ("event_id", _) => "Id of the authentication event in Cognito's logs.",
        ("nonce", _) => "The random value the portal sent when signing in; it must match, which proves the token belongs to this sign-in.",
        ("at_hash", _) => "Hash of the access token issued with this ID token.",
        ("cognito:username", _) => "The username in the pool. With email as the username attribute it is the sub. A user who signed in through a company's identity provider gets <provider name>_<their id at that provider> (e.g. Globex_4f1c…): Cognito made the account on their first sign-in; key on sub, not on this.",
        ("username", _) => "The username in the pool (the access token's name for cognito:username).",
        ("cognito:groups", _) => "The user pool groups the user belongs to. Always a list; absent when the user is in no group.",
        ("cognito:roles", _) => "IAM role ARNs of the user's groups.",
        ("cognito:preferred_role", _) => "The IAM role of the user's highest-priority group.",
        ("identities", _) => "How this user signs in from outside the pool: each entry is an identity provider (a company's OIDC or SAML sign-in, Google, …) with the user's id there. Present only for federated or linked users. Cognito sends \"primary\" as the string \"true\"/\"false\" and \"dateCreated\" as a string of milliseconds, and the user attribute (and some tokens) hold the whole list as a JSON string; decoded here.",
        ("tenant_id", _) => "The organisation (tenant) the user belongs to, added by the pool's pre-token-generation trigger from custom:tenant_id. The API reads the tenant only from this verified claim, never from the request.",
        ("scope", _) => "OAuth scopes granted, space-separated. Tokens from API sign-in carry only aws.cognito.signin.user.admin.",
        ("version", _) => "Token format version (2 in Cognito's samples; undocumented).",
        ("device_key", _) => "The remembered device the sign-in came from (device tracking only).",
        ("amr", _) => "Authentication methods used, e.g. pwd, otp, mfa.",
        ("acr", _) => "Authentication context class: the assurance level of the sign-in.",
        ("email", _) => "The user's email address.",
        ("email_verified", _) => "Whether the email address was verified. A boolean in tokens; userInfo sends it as the string \"true\"/\"false\".",
        ("phone_number", _) => "The user's phone number, E.164.",
        ("phone_number_verified", _) => "Whether the phone number was verified.",
        ("name", _) => "The user's full name.",
        ("given_name", _) => "The user's given (first) name.",
        ("family_name", _) => "The user's family (last) name.",
        ("middle_name", _) => "The user's middle name.",
        ("nickname", _) => "The user's casual name.",
        ("preferred_username", _) => "The name the user prefers to be shown (not necessarily unique).",
        ("picture", _) => "URL of the user's profile picture.",
        ("profile", _) => "URL of the user's profile page.",
        ("website", _) => "URL of the user's web site.",
        ("gender", _) => "The user's gender.",
        ("birthdate", _) => "The user's birthday, YYYY-MM-DD.",
        ("zoneinfo", _) => "The user's time zone.",
        ("locale", _) => "The user's locale.",
        ("address", _) => "The user's postal address.",
        ("updated_at", _) => "When the user's profile was last changed (seconds since 1970).",
        _ => return None,
    };
    Some(text.to_owned())
}

/// `custom:tenant_id`'s description: the organisation, which the user cannot change.
const TENANT_ATTRIBUTE: &str = "The user's organisation (tenant): set by an administrator, or mapped from the company's identity provider (its tenant claim) at each federated sign-in. No app client may write it, so the user cannot move themselves to another organisation.";

/// The most linked identities decoded; Cognito links a handful at most.
pub const MAX_IDENTITIES: usize = 20;
/// The longest `identities` claim sent as a JSON string that is decoded.
pub const MAX_IDENTITIES_TEXT: usize = 16 * 1024;

/// A claim value as display text: strings as they are, anything else as compact JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Claims holding times, shown as local, UTC and relative time.
pub const TIME_CLAIMS: [&str; 5] = ["iat", "exp", "nbf", "auth_time", "updated_at"];

/// One linked identity, with Cognito's string-typed fields decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// `providerName`, e.g. `Google`.
    pub provider_name: String,
    /// `providerType`, e.g. `Google`, `SAML`, `OIDC`.
    pub provider_type: String,
    /// `userId` at the provider.
    pub user_id: String,
    /// `primary`, sent as `"true"`/`"false"`.
    pub primary: Option<bool>,
    /// `dateCreated`, sent as a string of Unix milliseconds.
    pub date_created: Option<UnixTime>,
}

/// How the inspector shows a claim's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClaimDisplay {
    /// Plain text.
    Text(String),
    /// A list shown as chips (groups, scopes, roles).
    Chips(Vec<String>),
    /// A time.
    Time(UnixTime),
    /// Federated identities, decoded.
    Identities(Vec<Identity>),
}

/// Chooses the display for a claim; anything unexpected falls back to its JSON text.
pub fn claim_display(name: &str, value: &Value) -> ClaimDisplay {
    if TIME_CLAIMS.contains(&name) {
        if let Some(t) = value.as_i64() {
            return ClaimDisplay::Time(UnixTime(t));
        }
    }
    match (name, value) {
        ("cognito:username" | "username" | "cognito:preferred_role", Value::String(s)) => {
            ClaimDisplay::Chips(vec![s.clone()])
        }
        ("scope", Value::String(s)) => {
            ClaimDisplay::Chips(s.split_whitespace().map(str::to_owned).collect())
        }
        ("cognito:groups" | "cognito:roles" | "amr", Value::Array(items)) => ClaimDisplay::Chips(
            items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
        ),
        ("identities", Value::Array(items)) => identities(items).map_or_else(
            || ClaimDisplay::Text(value_text(value)),
            ClaimDisplay::Identities,
        ),
        // The user attribute's form: the whole list as a JSON string inside the token.
        // `Value`, not `Vec<Value>`: the parser the other answers use, no second copy of it.
        ("identities", Value::String(text)) => match (text.len() <= MAX_IDENTITIES_TEXT)
            .then(|| serde_json::from_str::<Value>(text).ok())
            .flatten()
        {
            Some(Value::Array(items)) => identities(&items),
            _ => None,
        }
        .map_or_else(
            || ClaimDisplay::Text(text.clone()),
            ClaimDisplay::Identities,
        ),
        _ => ClaimDisplay::Text(value_text(value)),
    }
}

/// Every entry decoded, or `None` (shown raw) for anything else or too many.
fn identities(items: &[Value]) -> Option<Vec<Identity>> {
    if items.is_empty() || items.len() > MAX_IDENTITIES {
        return None;
    }
    items.iter().map(decode_identity).collect()
}

fn decode_identity(value: &Value) -> Option<Identity> {
    let object = value.as_object()?;
    let text = |key: &str| {
        object.get(key).map(|v| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        })
    };
    let primary = match object.get("primary") {
        Some(Value::String(s)) if s == "true" => Some(true),
        Some(Value::String(s)) if s == "false" => Some(false),
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    };
    let date_created = match object.get("dateCreated") {
        Some(Value::String(s)) => s.parse::<i64>().ok(),
        Some(Value::Number(n)) => n.as_i64(),
        _ => None,
    }
    .map(|millis| UnixTime(millis.div_euclid(1000)));
    Some(Identity {
        provider_name: text("providerName").unwrap_or_default(),
        provider_type: text("providerType").unwrap_or_default(),
        user_id: text("userId").unwrap_or_default(),
        primary,
        date_created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cognito_and_standard_claims_are_described() {
        for claim in [
            "cognito:username",
            "cognito:groups",
            "cognito:roles",
            "cognito:preferred_role",
            "identities",
            "origin_jti",
            "jti",
            "event_id",
            "auth_time",
            "amr",
            "acr",
            "scope",
            "email_verified",
        ] {
            assert!(describe_claim(claim, TokenKind::Id).is_some(), "{claim}");
        }
        assert!(describe_claim("custom:tier", TokenKind::Id)
            .unwrap()
            .contains("always sends custom attributes as strings"));
        assert!(describe_claim("aud", TokenKind::Access)
            .unwrap()
            .contains("resource"));
        assert_eq!(describe_claim("x-unknown", TokenKind::Id), None);
    }

    #[test]
    fn lists_become_chips() {
        assert_eq!(
            claim_display("scope", &json!("openid email profile")),
            ClaimDisplay::Chips(vec!["openid".into(), "email".into(), "profile".into()])
        );
        assert_eq!(
            claim_display("cognito:groups", &json!(["admins", "customers"])),
            ClaimDisplay::Chips(vec!["admins".into(), "customers".into()])
        );
    }

    #[test]
    fn times_are_recognised() {
        assert_eq!(
            claim_display("exp", &json!(1_700_000_000)),
            ClaimDisplay::Time(UnixTime(1_700_000_000))
        );
        assert_eq!(
            claim_display("exp", &json!("soon")),
            ClaimDisplay::Text("soon".into())
        );
    }

    #[test]
    fn identities_string_quirks_are_decoded() {
        let value = json!([{"userId": "1234", "providerName": "Google", "providerType": "Google", "issuer": null,
                             "primary": "true", "dateCreated": "1700000000123"}]);
        let ClaimDisplay::Identities(ids) = claim_display("identities", &value) else {
            panic!()
        };
        assert_eq!(ids[0].primary, Some(true));
        assert_eq!(ids[0].date_created, Some(UnixTime(1_700_000_000)));
        assert_eq!(ids[0].provider_name, "Google");
        assert_eq!(
            claim_display("identities", &json!(["odd"])),
            ClaimDisplay::Text("[\"odd\"]".into())
        );
    }

    #[test]
    fn identities_sent_as_a_json_string_are_decoded_defensively() {
        let text = r#"[{"userId":"globex-employee-0001","providerName":"Globex","providerType":"OIDC","issuer":null,"primary":"true","dateCreated":"1795730427253"}]"#;
        let ClaimDisplay::Identities(ids) = claim_display("identities", &json!(text)) else {
            panic!("not decoded")
        };
        assert_eq!(ids[0].provider_name, "Globex");
        assert_eq!(ids[0].provider_type, "OIDC");
        assert_eq!(ids[0].user_id, "globex-employee-0001");
        assert_eq!(ids[0].date_created, Some(UnixTime(1_795_730_427)));
        // Anything else stays the text it was: not JSON, not a list, a list of odd things,
        // an empty list, too many entries, too long.
        let many = json!((0..=MAX_IDENTITIES)
            .map(|i| json!({"userId": i}))
            .collect::<Vec<_>>());
        let long = format!("[{}]", " ".repeat(MAX_IDENTITIES_TEXT));
        for odd in [
            "not json".to_owned(),
            r#"{"userId":"1"}"#.to_owned(),
            r#"["x"]"#.to_owned(),
            "[]".to_owned(),
            many.to_string(),
            long,
        ] {
            assert_eq!(
                claim_display("identities", &json!(odd)),
                ClaimDisplay::Text(odd.clone()),
                "{}",
                &odd[..odd.len().min(40)]
            );
        }
        assert!(matches!(
            claim_display("identities", &many),
            ClaimDisplay::Text(_)
        ));
    }

    #[test]
    fn federation_and_tenant_claims_are_explained() {
        let username = describe_claim("cognito:username", TokenKind::Id).unwrap();
        assert!(
            username.contains("<provider name>_") && username.contains("Globex_"),
            "{username}"
        );
        let identities = describe_claim("identities", TokenKind::Id).unwrap();
        assert!(
            identities.contains("identity provider") && identities.contains("JSON string"),
            "{identities}"
        );
        let attribute = describe_claim("custom:tenant_id", TokenKind::Id).unwrap();
        assert!(
            attribute.contains("organisation") && attribute.contains("cannot"),
            "{attribute}"
        );
        let claim = describe_claim("tenant_id", TokenKind::Access).unwrap();
        assert!(claim.contains("pre-token-generation trigger"), "{claim}");
    }

    #[test]
    fn markup_stays_text() {
        assert_eq!(
            claim_display("given_name", &json!("<img src=x>")),
            ClaimDisplay::Text("<img src=x>".into())
        );
    }
}
