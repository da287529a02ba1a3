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
/// The longest button label, in characters ("Sign in with " is added).
pub const MAX_LABEL_CHARS: usize = 40;

/// One federated identity provider the portal offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityProvider {
    /// The provider's name in the user pool, sent as `identity_provider` (e.g. `Globex`).
    pub name: String,
    /// What the button says after "Sign in with " (the name when the config gives none).
    pub label: String,
}

/// What the operator should do about a bad `identityProviders`.
pub(crate) const FIX: &str = "List at most 5 providers as {\"name\": \"<provider name in the \
    user pool>\", \"label\": \"<button text>\"}: names of 1 to 32 letters, digits, '.', '-' or \
    '_' (not starting with '_', not COGNITO), labels of 1 to 40 characters without control \
    characters, no name twice. deploy/deploy.py writes it from the stack.";

/// Checks `identityProviders` (absent or `null`: none).
pub(crate) fn checked_identity_providers(
    value: Option<JsonValue>,
) -> Result<Vec<IdentityProvider>, ConfigError> {
    let items = match value {
        None | Some(JsonValue::Null) => return Ok(Vec::new()),
        Some(JsonValue::Array(items)) => items,
        Some(other) => return Err(invalid(format!("must be an array, not {}", other.kind()))),
    };
    if items.len() > MAX_IDENTITY_PROVIDERS {
        return Err(invalid(format!(
            "lists {} providers; at most {MAX_IDENTITY_PROVIDERS} are shown",
            items.len()
        )));
    }
    let mut providers: Vec<IdentityProvider> = Vec::with_capacity(items.len());
    for item in items {
        let provider = provider(item)?;
        if providers.iter().any(|p| p.name == provider.name) {
            return Err(invalid(format!("names \"{}\" twice", provider.name)));
        }
        providers.push(provider);
    }
    Ok(providers)
}

fn provider(item: JsonValue) -> Result<IdentityProvider, ConfigError> {
    let JsonValue::Object(members) = item else {
        return Err(invalid(format!("holds {}, not an object", item.kind())));
    };
    let (mut name, mut label) = (None, None);
    for (key, value) in members {
        let slot = match key.as_str() {
            "name" => &mut name,
            "label" => &mut label,
            _ => {
                return Err(invalid(format!(
                    "unknown field `{key}`, expected name, label"
                )))
            }
        };
        match value {
            JsonValue::String(text) => *slot = Some(text),
            JsonValue::Null => {}
            other => {
                return Err(invalid(format!(
                    "`{key}` must be a string, not {}",
                    other.kind()
                )))
            }
        }
    }
    let name = name.ok_or_else(|| invalid("an entry has no `name`".to_owned()))?;
    if !is_provider_name(&name) {
        // Echoed only when plainly printable: no escaping code in the first load for the rest.
        let shown = if name.bytes().all(|b| b.is_ascii_graphic()) {
            &name
        } else {
            "a name with spaces or other characters"
        };
        return Err(invalid(format!(
            "\"{shown}\" is not a provider name this portal sends"
        )));
    }
    let label = label.map_or_else(|| name.clone(), |l| l.trim().to_owned());
    if label.is_empty()
        || label.chars().count() > MAX_LABEL_CHARS
        || label.chars().any(char::is_control)
    {
        return Err(invalid(format!(
            "the label of \"{name}\" must be 1 to {MAX_LABEL_CHARS} characters without control characters"
        )));
    }
    Ok(IdentityProvider { name, label })
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

fn invalid(problem: String) -> ConfigError {
    ConfigError::Invalid {
        field: "identityProviders",
        problem,
    }
}

#[cfg(test)]
#[path = "config_idp_tests.rs"]
mod tests;
