//! The `/oauth2/authorize` URL that starts managed login.

use crate::protocol::config::Config;
use crate::protocol::form::encode_pairs;
use crate::protocol::pkce::PkceChallenge;

/// Builds the hosted-UI URL for the authorization-code grant with PKCE `S256`.
///
/// `state` and `nonce` must come from [`crate::protocol::pkce::random_token`]. The portal navigates the
/// top-level window here: the hosted pages cannot be fetched or framed. `silent` adds
/// `prompt=none`: managed login then answers at once, with a code while its session cookie
/// lasts and with `error=login_required` otherwise, never showing a page.
pub fn authorize_url(
    config: &Config,
    state: &str,
    nonce: &str,
    challenge: &PkceChallenge,
    silent: bool,
) -> String {
    let scope = config.scopes.join(" ");
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", &config.client_id),
        ("redirect_uri", &config.redirect_uri),
        ("scope", &scope),
        ("state", state),
        ("nonce", nonce),
        ("code_challenge", challenge.as_str()),
        // Cognito supports only S256; `plain` is rejected with invalid_request.
        ("code_challenge_method", "S256"),
    ];
    if silent {
        pairs.push(("prompt", "none"));
    }
    let query = encode_pairs(&pairs);
    let separator = if config.endpoints.authorize.contains('?') {
        '&'
    } else {
        '?'
    };
    format!("{}{separator}{query}", config.endpoints.authorize)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::protocol::config::parse_config;
    use crate::protocol::form::{first_value, parse_query};

    pub(crate) fn test_config() -> Config {
        let json = serde_json::json!({
            "region": "us-east-1",
            "userPoolId": "us-east-1_AbC123",
            "clientId": "client1",
            "hostedUiBaseUrl": "http://127.0.0.1:4566",
            "redirectUri": "http://127.0.0.1:8080/callback",
            "logoutUri": "http://127.0.0.1:8080/"
        });
        parse_config(&json.to_string(), "http://127.0.0.1:8080").unwrap()
    }

    #[test]
    fn carries_every_parameter_encoded() {
        let challenge = PkceChallenge::from_sha256(&[7; 32]);
        let url = authorize_url(&test_config(), "state-1", "nonce-1", &challenge, false);
        let (base, query) = url.split_once('?').unwrap();
        assert_eq!(base, "http://127.0.0.1:4566/oauth2/authorize");
        assert!(query.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback"));
        assert!(query.contains("scope=openid%20email%20profile"));
        let pairs = parse_query(query);
        let expect = [
            ("response_type", "code"),
            ("client_id", "client1"),
            ("redirect_uri", "http://127.0.0.1:8080/callback"),
            ("scope", "openid email profile"),
            ("state", "state-1"),
            ("nonce", "nonce-1"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ];
        for (name, value) in expect {
            assert_eq!(first_value(&pairs, name), Some(value), "{name}");
        }
        assert_eq!(pairs.len(), expect.len());
    }

    #[test]
    fn a_silent_sign_in_adds_prompt_none_and_nothing_else() {
        let challenge = PkceChallenge::from_sha256(&[7; 32]);
        let normal = authorize_url(&test_config(), "s", "n", &challenge, false);
        let silent = authorize_url(&test_config(), "s", "n", &challenge, true);
        assert_eq!(silent, format!("{normal}&prompt=none"));
        assert!(!normal.contains("prompt"));
    }
}
