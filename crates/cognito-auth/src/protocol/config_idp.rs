//! `identityProviders` in `/config.json`: the user pool's federated identity providers (a
//! company's own sign-in, OIDC or SAML) that the signed-out page offers as "Sign in with …"
//! buttons.
//!
//! Each button starts the usual round trip (PKCE, `state`, `nonce`) with
//! `identity_provider=<name>` on `/oauth2/authorize`, so Cognito skips its own sign-in page and
//! sends the visitor straight to the company's. The name goes into a URL and the label onto the
//! page, and the file is read before anything else, so both are bounded here: a hostile or
//! mistaken config is refused with the field named, never turned into a button. Parsed at start
//! because the landing shows the buttons; kept small because the landing is the first load.

use crate::protocol::config::ConfigError;
use crate::protocol::json_text::JsonValue;

/// The most providers the landing lists: a sign-in page is not a directory.
pub const MAX_IDENTITY_PROVIDERS: usize = 5;
/// Cognito's limit on a provider name (`CreateIdentityProvider`'s `ProviderName`).
pub const MAX_PROVIDER_NAME_LEN: usize = 32;
/// The longest button label, in bytes of UTF-8 ("Sign in with " is added): 64 ASCII characters,
/// fewer in other scripts. Bytes, not characters: no counting code in the first load.
pub const MAX_LABEL_BYTES: usize = 64;

/// One federated identity provider the portal offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityProvider {
    /// The provider's name in the user pool, sent as `identity_provider` (e.g. `Globex`).
    pub name: String,
    /// What the button says after "Sign in with " (the name when the config gives none), as
    /// written.
    pub label: String,
}

/// What the operator should do about a bad `identityProviders`.
pub(crate) const FIX: &str = "Follow docs/config.md: at most 5 {\"name\", \"label\"}, names as \
    in the user pool (1 to 32 of A-Z a-z 0-9 . - _, not COGNITO), labels up to 64 bytes.";

/// Checks `identityProviders` (absent or `null`: none). Every fault gets the same words (the
/// fix spells the rules out): one message is less first-load code than one per rule.
pub(crate) fn checked_identity_providers(
    value: Option<JsonValue>,
) -> Result<Vec<IdentityProvider>, ConfigError> {
    let invalid = || ConfigError::Invalid {
        field: "identityProviders",
        problem: "is not a list of at most 5 valid entries".to_owned(),
    };
    let mut providers: Vec<IdentityProvider> = Vec::new();
    let items = match value {
        None | Some(JsonValue::Null) => return Ok(providers),
        Some(JsonValue::Array(items)) if items.len() <= MAX_IDENTITY_PROVIDERS => items,
        Some(_) => return Err(invalid()),
    };
    for item in items {
        let JsonValue::Object(members) = item else {
            return Err(invalid());
        };
        let (mut name, mut label) = (None, None);
        for (key, value) in members {
            let slot = match key.as_str() {
                "name" => &mut name,
                "label" => &mut label,
                _ => return Err(invalid()),
            };
            let JsonValue::String(text) = value else {
                return Err(invalid());
            };
            *slot = Some(text);
        }
        let name = name.filter(|n| is_provider_name(n)).ok_or_else(invalid)?;
        let label = label.unwrap_or_else(|| name.clone());
        if label.trim().is_empty()
            || label.len() > MAX_LABEL_BYTES
            || label.chars().any(is_hidden)
            || providers.iter().any(|p| p.name == name)
        {
            return Err(invalid());
        }
        providers.push(IdentityProvider { name, label });
    }
    Ok(providers)
}

/// Whether `c` would hide or reorder what a label shows: control characters, and the invisible
/// and bidirectional formatting ones (a right-to-left override could make "Sign in with …" read
/// as another company's name).
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Whether `name` is a provider name: what Cognito allows for OIDC and SAML providers, narrowed
/// to ASCII letters, digits, `.`, `-` and `_` (no space, nothing a URL must escape), not
/// starting with `_`, and not `COGNITO` (the pool's own sign-in page, which is "Sign in").
pub fn is_provider_name(name: &str) -> bool {
    (1..=MAX_PROVIDER_NAME_LEN).contains(&name.len())
        && !name.starts_with('_')
        && !name.eq_ignore_ascii_case("COGNITO")
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

#[cfg(test)]
#[path = "config_idp_tests.rs"]
mod tests;
