//! The `/oauth2/authorize` URL that starts managed login.

use crate::protocol::config::{Config, IdentityProvider};
use crate::protocol::form::encode_pairs;
use crate::protocol::pkce::{Nonce, PkceChallenge, State};

/// Whether managed login may show a page (OpenID Connect Core §3.1.2.1 `prompt`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Prompt {
    /// No `prompt` parameter: managed login shows its sign-in page unless its session cookie
    /// lets it answer at once.
    #[default]
    Default,
    /// `prompt=none`: managed login never shows a page. It answers at once, with a code while
    /// its session cookie lasts and with `error=login_required` otherwise. Managed login only:
    /// the classic hosted UI and the local emulator do not support it.
    None,
}

impl Prompt {
    /// The value of the `prompt` parameter, if one is sent.
    fn parameter(self) -> Option<&'static str> {
        match self {
            Self::Default => None,
            Self::None => Some("none"),
        }
    }
}

/// Builds the hosted-UI URL for the authorization-code grant with PKCE `S256`.
///
/// `state` and `nonce` are this round trip's own ([`State::from_random`],
/// [`Nonce::from_random`]); their types keep them from being swapped. The portal navigates the
/// top-level window here: the hosted pages cannot be fetched or framed.
pub fn authorize_url(
    config: &Config,
    state: &State,
    nonce: &Nonce,
    challenge: &PkceChallenge,
    prompt: Prompt,
) -> String {
    with_extra(
        config,
        state,
        nonce,
        challenge,
        prompt.parameter().map(|v| ("prompt", v)),
    )
}

/// [`authorize_url`] with `identity_provider=<name>`: Cognito skips its own sign-in page and
/// sends the visitor straight to that federated provider (a company's OIDC or SAML sign-in). The
/// round trip is otherwise the same (PKCE, `state`, `nonce`), and so is the callback: Cognito
/// comes back to `redirect_uri` with its own code, or with `error`/`error_description` when the
/// provider refused or the visitor cancelled there.
pub fn federated_authorize_url(
    config: &Config,
    provider: &IdentityProvider,
    state: &State,
    nonce: &Nonce,
    challenge: &PkceChallenge,
) -> String {
    with_extra(
        config,
        state,
        nonce,
        challenge,
        Some(("identity_provider", &provider.name)),
    )
}

fn with_extra(
    config: &Config,
    state: &State,
    nonce: &Nonce,
    challenge: &PkceChallenge,
    extra: Option<(&str, &str)>,
) -> String {
    let scope = config.scopes.join(" ");
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", &config.client_id),
        ("redirect_uri", &config.redirect_uri),
        ("scope", &scope),
        ("state", state.as_str()),
        ("nonce", nonce.as_str()),
        ("code_challenge", challenge.as_str()),
        // Cognito supports only S256; `plain` is rejected with invalid_request.
        ("code_challenge_method", "S256"),
    ];
    pairs.extend(extra);
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
        let url = authorize_url(
            &test_config(),
            &State::from_received("state-1"),
            &Nonce::from_stored("nonce-1"),
            &challenge,
            Prompt::Default,
        );
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
    fn prompt_none_adds_prompt_none_and_nothing_else() {
        let challenge = PkceChallenge::from_sha256(&[7; 32]);
        let (state, nonce) = (State::from_received("s"), Nonce::from_stored("n"));
        let url = |prompt| authorize_url(&test_config(), &state, &nonce, &challenge, prompt);
        let normal = url(Prompt::Default);
        let silent = url(Prompt::None);
        assert_eq!(silent, format!("{normal}&prompt=none"));
        let (_, query) = silent.split_once('?').unwrap();
        assert_eq!(first_value(&parse_query(query), "prompt"), Some("none"));
    }

    #[test]
    fn the_default_prompt_sends_no_prompt_parameter() {
        let challenge = PkceChallenge::from_sha256(&[7; 32]);
        let (state, nonce) = (State::from_received("s"), Nonce::from_stored("n"));
        let normal = authorize_url(&test_config(), &state, &nonce, &challenge, Prompt::Default);
        let (_, query) = normal.split_once('?').unwrap();
        assert_eq!(first_value(&parse_query(query), "prompt"), None);
        assert!(!normal.contains("prompt"), "{normal}");
        assert_eq!(Prompt::default(), Prompt::Default);
    }

    #[test]
    fn a_federated_sign_in_adds_identity_provider_and_nothing_else() {
        let challenge = PkceChallenge::from_sha256(&[7; 32]);
        let (state, nonce) = (State::from_received("s"), Nonce::from_stored("n"));
        let provider = IdentityProvider {
            name: "Globex".into(),
            label: "Globex Corp".into(),
        };
        let normal = authorize_url(&test_config(), &state, &nonce, &challenge, Prompt::Default);
        let federated =
            federated_authorize_url(&test_config(), &provider, &state, &nonce, &challenge);
        assert_eq!(federated, format!("{normal}&identity_provider=Globex"));
        let (_, query) = federated.split_once('?').unwrap();
        let pairs = parse_query(query);
        assert_eq!(first_value(&pairs, "identity_provider"), Some("Globex"));
        assert_eq!(first_value(&pairs, "code_challenge_method"), Some("S256"));
        assert_eq!(first_value(&pairs, "state"), Some("s"));
        assert_eq!(first_value(&pairs, "nonce"), Some("n"));
        // The label never reaches the URL.
        assert!(!federated.contains("Corp"), "{federated}");
    }

    #[test]
    fn a_provider_name_is_encoded_even_if_a_caller_skipped_the_config_check() {
        let challenge = PkceChallenge::from_sha256(&[7; 32]);
        let (state, nonce) = (State::from_received("s"), Nonce::from_stored("n"));
        let provider = IdentityProvider {
            name: "G&client_id=evil".into(),
            label: "G".into(),
        };
        let url = federated_authorize_url(&test_config(), &provider, &state, &nonce, &challenge);
        let (_, query) = url.split_once('?').unwrap();
        let pairs = parse_query(query);
        assert_eq!(first_value(&pairs, "client_id"), Some("client1"));
        assert_eq!(
            first_value(&pairs, "identity_provider"),
            Some("G&client_id=evil")
        );
    }
}
