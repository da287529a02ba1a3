//! `/config.json` as written, read field by field before validation (`config::parse_config`).

use crate::protocol::config_account::{optional_bool, raw_password_policy, RawPasswordPolicy};
use crate::protocol::json_text::{self, JsonValue};

/// `/config.json` as written, before validation. Field names are camelCase.
#[derive(Debug, Default)]
pub(crate) struct RawConfig {
    pub(crate) region: Option<String>,
    pub(crate) user_pool_id: Option<String>,
    pub(crate) client_id: Option<String>,
    pub(crate) hosted_ui_base_url: Option<String>,
    pub(crate) redirect_uri: Option<String>,
    pub(crate) logout_uri: Option<String>,
    pub(crate) api_base_url: Option<String>,
    pub(crate) api_client_id: Option<String>,
    pub(crate) scopes: Option<Vec<String>>,
    pub(crate) silent_sign_in: Option<bool>,
    pub(crate) self_sign_up: Option<bool>,
    pub(crate) password_policy: Option<RawPasswordPolicy>,
    pub(crate) machine_client_id: Option<String>,
    pub(crate) endpoints: RawEndpoints,
    /// `identityProviders` as written; checked by `config_idp`.
    pub(crate) identity_providers: Option<JsonValue>,
}

#[derive(Debug, Default)]
pub(crate) struct RawEndpoints {
    pub(crate) authorize: Option<String>,
    pub(crate) token: Option<String>,
    pub(crate) user_info: Option<String>,
    pub(crate) revoke: Option<String>,
    pub(crate) jwks: Option<String>,
    pub(crate) logout: Option<String>,
    pub(crate) idp: Option<String>,
}

/// Reads the file's fields by hand from [`json_text`] (not serde's derive: see that module for
/// why): unknown fields and wrong types are refused, as `deny_unknown_fields` did. `null` counts
/// as absent.
pub(crate) fn raw_config(json: &str) -> Result<RawConfig, String> {
    let members = object(json_text::parse(json)?, "the config")?;
    let mut raw = RawConfig::default();
    for (key, value) in members {
        match key.as_str() {
            "region" => raw.region = string(&key, value)?,
            "userPoolId" => raw.user_pool_id = string(&key, value)?,
            "clientId" => raw.client_id = string(&key, value)?,
            "hostedUiBaseUrl" => raw.hosted_ui_base_url = string(&key, value)?,
            "redirectUri" => raw.redirect_uri = string(&key, value)?,
            "logoutUri" => raw.logout_uri = string(&key, value)?,
            "apiBaseUrl" => raw.api_base_url = string(&key, value)?,
            "apiClientId" => raw.api_client_id = string(&key, value)?,
            "scopes" => raw.scopes = strings(&key, value)?,
            "silentSignIn" => raw.silent_sign_in = optional_bool(&key, value)?,
            "selfSignUp" => raw.self_sign_up = optional_bool(&key, value)?,
            "passwordPolicy" => raw.password_policy = raw_password_policy(value)?,
            "identityProviders" => raw.identity_providers = Some(value),
            "machineClientId" => raw.machine_client_id = string(&key, value)?,
            "endpoints" => {
                if value == JsonValue::Null {
                    continue;
                }
                for (key, value) in object(value, "endpoints")? {
                    let slot = match key.as_str() {
                        "authorize" => &mut raw.endpoints.authorize,
                        "token" => &mut raw.endpoints.token,
                        "userInfo" => &mut raw.endpoints.user_info,
                        "revoke" => &mut raw.endpoints.revoke,
                        "jwks" => &mut raw.endpoints.jwks,
                        "logout" => &mut raw.endpoints.logout,
                        "idp" => &mut raw.endpoints.idp,
                        _ => return Err(unknown(&key, ENDPOINT_FIELDS)),
                    };
                    *slot = string(&key, value)?;
                }
            }
            _ => return Err(unknown(&key, CONFIG_FIELDS)),
        }
    }
    Ok(raw)
}

const CONFIG_FIELDS: &str = "region, userPoolId, clientId, hostedUiBaseUrl, redirectUri, \
    logoutUri, apiBaseUrl, apiClientId, scopes, silentSignIn, selfSignUp, passwordPolicy, \
    machineClientId, endpoints, identityProviders";
const ENDPOINT_FIELDS: &str = "authorize, token, userInfo, revoke, jwks, logout, idp";

fn object(value: JsonValue, what: &str) -> Result<Vec<(String, JsonValue)>, String> {
    match value {
        JsonValue::Object(members) => Ok(members),
        other => Err(format!("{what} must be an object, not {}", other.kind())),
    }
}

fn string(key: &str, value: JsonValue) -> Result<Option<String>, String> {
    match value {
        JsonValue::Null => Ok(None),
        JsonValue::String(s) => Ok(Some(s)),
        other => Err(wrong_type(key, &other, "a string")),
    }
}

fn strings(key: &str, value: JsonValue) -> Result<Option<Vec<String>>, String> {
    match value {
        JsonValue::Null => Ok(None),
        JsonValue::Array(items) => items
            .into_iter()
            .map(|item| match item {
                JsonValue::String(s) => Ok(s),
                other => Err(wrong_type(key, &other, "an array of strings")),
            })
            .collect::<Result<_, _>>()
            .map(Some),
        other => Err(wrong_type(key, &other, "an array of strings")),
    }
}

fn wrong_type(key: &str, value: &JsonValue, expected: &str) -> String {
    format!("`{key}` must be {expected}, not {}", value.kind())
}

fn unknown(key: &str, expected: &str) -> String {
    format!("unknown field `{key}`, expected one of {expected}")
}
