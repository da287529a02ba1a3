//! Loads `/config.json` at start: one build serves every environment.

use cognito_auth::protocol::config::{parse_config, Config, ConfigError};
use leptos_cognito::browser;
use leptos_cognito::http::{self, Endpoint};

/// Fetches and validates the runtime config.
///
/// # Errors
/// [`ConfigError::NotLoaded`] when the file cannot be fetched, otherwise the validation error
/// naming the field at fault.
pub async fn load_config() -> Result<Config, ConfigError> {
    let answer = http::get_text("/config.json", Endpoint::Config)
        .await
        .map_err(|e| ConfigError::NotLoaded {
            status: e.http_status(),
        })?;
    if answer.status != 200 {
        return Err(ConfigError::NotLoaded {
            status: answer.http_status(),
        });
    }
    parse_config(&answer.body, &browser::page_origin())
}
