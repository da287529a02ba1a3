//! The account page's part of `/config.json`: the pool's password policy (shown and checked
//! before a new password is sent) and whether customers may sign up themselves.
//!
//! Both describe the user pool, not the portal, so the deploy step reads them from the pool
//! (`DescribeUserPool`) and writes them here: the page then never promises a sign-up link the
//! pool refuses, nor accepts a password Cognito will turn down with `InvalidPasswordException`.

use crate::protocol::config::ConfigError;
use crate::protocol::json_text::JsonValue;

/// The shortest minimum length Cognito accepts in a password policy.
pub const MIN_PASSWORD_LENGTH_FLOOR: u32 = 6;
/// The longest minimum length Cognito accepts in a password policy.
pub const MIN_PASSWORD_LENGTH_CEILING: u32 = 99;

/// The pool's password policy, as `passwordPolicy` in the config.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "Cognito's PasswordPolicy: one independent flag per character class"
)]
pub struct PasswordPolicy {
    /// The fewest characters a password may have (`minLength`).
    pub min_length: u32,
    /// At least one lowercase basic Latin letter (`requireLowercase`).
    pub require_lowercase: bool,
    /// At least one uppercase basic Latin letter (`requireUppercase`).
    pub require_uppercase: bool,
    /// At least one digit (`requireNumbers`).
    pub require_numbers: bool,
    /// At least one of Cognito's special characters (`requireSymbols`).
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    /// Cognito's default policy (8 characters, every class required): what a pool created
    /// without `Policies` enforces, so a config without `passwordPolicy` errs on the strict side.
    fn default() -> Self {
        Self {
            min_length: 8,
            require_lowercase: true,
            require_uppercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

/// `passwordPolicy` as written: each field optional, its default Cognito's.
#[derive(Debug, Default)]
pub(crate) struct RawPasswordPolicy {
    min_length: Option<JsonValue>,
    require_lowercase: Option<bool>,
    require_uppercase: Option<bool>,
    require_numbers: Option<bool>,
    require_symbols: Option<bool>,
}

const POLICY_FIELDS: &str =
    "minLength, requireLowercase, requireUppercase, requireNumbers, requireSymbols";

/// Reads `passwordPolicy`: an object with the fields above (unknown ones refused), or `null`.
pub(crate) fn raw_password_policy(value: JsonValue) -> Result<Option<RawPasswordPolicy>, String> {
    let members = match value {
        JsonValue::Null => return Ok(None),
        JsonValue::Object(members) => members,
        other => {
            return Err(format!(
                "passwordPolicy must be an object, not {}",
                other.kind()
            ))
        }
    };
    let mut raw = RawPasswordPolicy::default();
    for (key, value) in members {
        let flag = match key.as_str() {
            "minLength" => {
                if !matches!(value, JsonValue::Null | JsonValue::Number(_)) {
                    return Err(format!("`{key}` must be a number, not {}", value.kind()));
                }
                raw.min_length = Some(value).filter(|v| *v != JsonValue::Null);
                continue;
            }
            "requireLowercase" => &mut raw.require_lowercase,
            "requireUppercase" => &mut raw.require_uppercase,
            "requireNumbers" => &mut raw.require_numbers,
            "requireSymbols" => &mut raw.require_symbols,
            _ => {
                return Err(format!(
                    "unknown field `{key}`, expected one of {POLICY_FIELDS}"
                ))
            }
        };
        *flag = optional_bool(&key, value)?;
    }
    Ok(Some(raw))
}

/// A boolean field; `null` counts as absent.
pub(crate) fn optional_bool(key: &str, value: JsonValue) -> Result<Option<bool>, String> {
    match value {
        JsonValue::Null => Ok(None),
        JsonValue::Bool(b) => Ok(Some(b)),
        other => Err(format!("`{key}` must be a boolean, not {}", other.kind())),
    }
}

/// Validates `passwordPolicy`: `minLength` a whole number within Cognito's range.
pub(crate) fn checked_password_policy(
    raw: Option<RawPasswordPolicy>,
) -> Result<PasswordPolicy, ConfigError> {
    let defaults = PasswordPolicy::default();
    let Some(raw) = raw else {
        return Ok(defaults);
    };
    let min_length = match raw.min_length {
        None => defaults.min_length,
        Some(value) => value
            .as_u32()
            .filter(|n| (MIN_PASSWORD_LENGTH_FLOOR..=MIN_PASSWORD_LENGTH_CEILING).contains(n))
            .ok_or_else(|| {
                let written = match &value {
                    JsonValue::Number(text) => text.clone(),
                    other => other.kind().to_owned(),
                };
                ConfigError::Invalid {
                    field: "passwordPolicy.minLength",
                    problem: format!(
                        "{written} is not a whole number from {MIN_PASSWORD_LENGTH_FLOOR} to \
                         {MIN_PASSWORD_LENGTH_CEILING}"
                    ),
                }
            })?,
    };
    Ok(PasswordPolicy {
        min_length,
        require_lowercase: raw.require_lowercase.unwrap_or(defaults.require_lowercase),
        require_uppercase: raw.require_uppercase.unwrap_or(defaults.require_uppercase),
        require_numbers: raw.require_numbers.unwrap_or(defaults.require_numbers),
        require_symbols: raw.require_symbols.unwrap_or(defaults.require_symbols),
    })
}

#[cfg(test)]
#[path = "config_account_tests.rs"]
mod tests;
