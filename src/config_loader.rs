//! Loads `/config.json` at start: one build serves every environment.

use cognito_auth::protocol::config::{parse_config, Config, ConfigError};
use leptos_cognito::{browser, http};

/// Fetches and validates the runtime config.
///
/// # Errors
/// [`ConfigError::NotLoaded`] when the file cannot be fetched, otherwise the validation error
/// naming the field at fault.
pub async fn load_config() -> Result<Config, ConfigError> {
    let answer = http::get_text("/config.json", "/config.json")
        .await
        .map_err(|_| ConfigError::NotLoaded { status: 0 })?;
    if answer.status != 200 {
        return Err(ConfigError::NotLoaded {
            status: answer.status,
        });
    }
    parse_config(&answer.body, &browser::page_origin())
}
