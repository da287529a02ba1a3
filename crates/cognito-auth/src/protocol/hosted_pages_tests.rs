//! Tests of `hosted_pages`.

use super::*;
use crate::protocol::authorize::tests::test_config;
use crate::protocol::form::{first_value, parse_query};

fn with_sign_up(self_sign_up: bool) -> Config {
    Config {
        self_sign_up,
        ..test_config()
    }
}

fn round_trip() -> (State, Nonce, PkceChallenge) {
    (
        State::from_received("state-1"),
        Nonce::from_stored("nonce-1"),
        PkceChallenge::from_sha256(&[7; 32]),
    )
}

fn url(config: &Config, page: HostedPage) -> Option<String> {
    let (state, nonce, challenge) = round_trip();
    hosted_page_url(config, page, &state, &nonce, &challenge)
}

#[test]
fn sign_up_and_forgot_password_carry_exactly_the_authorize_parameters_of_this_round_trip() {
    let config = with_sign_up(true);
    let (state, nonce, challenge) = round_trip();
    let authorize = authorize_url(&config, &state, &nonce, &challenge, Prompt::Default);
    let (_, authorize_query) = authorize.split_once('?').unwrap();
    for (page, path) in [
        (HostedPage::SignUp, "/signup"),
        (HostedPage::ForgotPassword, "/forgotPassword"),
    ] {
        let url = url(&config, page).unwrap();
        assert_eq!(
            url,
            format!("http://127.0.0.1:4566{path}?{authorize_query}")
        );
        let pairs = parse_query(url.split_once('?').unwrap().1);
        // The round trip's own values: the callback finds its pending sign-in by this state.
        assert_eq!(first_value(&pairs, "state"), Some("state-1"));
        assert_eq!(first_value(&pairs, "nonce"), Some("nonce-1"));
        assert_eq!(
            first_value(&pairs, "code_challenge"),
            Some(challenge.as_str())
        );
        assert_eq!(first_value(&pairs, "code_challenge_method"), Some("S256"));
        assert_eq!(first_value(&pairs, "client_id"), Some("client1"));
        assert_eq!(first_value(&pairs, "prompt"), None);
    }
}

#[test]
fn sign_up_is_offered_only_where_the_pool_allows_it_and_forgot_password_always() {
    assert!(!offered(&with_sign_up(false), HostedPage::SignUp));
    assert_eq!(url(&with_sign_up(false), HostedPage::SignUp), None);
    assert!(offered(&with_sign_up(true), HostedPage::SignUp));
    for self_sign_up in [false, true] {
        let config = with_sign_up(self_sign_up);
        assert!(offered(&config, HostedPage::ForgotPassword));
        assert!(url(&config, HostedPage::ForgotPassword).is_some());
    }
}

#[test]
fn a_custom_domain_keeps_its_host_and_gets_cognitos_paths() {
    let mut config = test_config();
    config.endpoints.authorize = "https://auth.example.com/oauth2/authorize".into();
    let url = url(&config, HostedPage::ForgotPassword).unwrap();
    assert!(url.starts_with(
        "https://auth.example.com/forgotPassword?response_type=code&client_id=client1&"
    ));
}

/// A value that looks like more parameters (here a redirect URI with its own query) stays one
/// encoded value: the page gets this client's id and nothing smuggled beside it.
#[test]
fn config_values_cannot_add_or_replace_parameters() {
    let mut config = test_config();
    config.redirect_uri = "http://127.0.0.1:8080/callback?x=1&client_id=evil&scope=admin#f".into();
    config.scopes = vec!["openid".into(), "a&client_id=evil".into()];
    let url = url(&config, HostedPage::ForgotPassword).unwrap();
    let (base, query) = url.split_once('?').unwrap();
    assert_eq!(base, "http://127.0.0.1:4566/forgotPassword");
    let pairs = parse_query(query);
    let names: Vec<&str> = pairs.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method"
        ]
    );
    assert_eq!(first_value(&pairs, "client_id"), Some("client1"));
    assert_eq!(
        first_value(&pairs, "redirect_uri"),
        Some(config.redirect_uri.as_str())
    );
    assert_eq!(
        first_value(&pairs, "scope"),
        Some("openid a&client_id=evil")
    );
    assert!(!query.contains('#'));
}

#[test]
fn an_authorize_endpoint_of_another_form_offers_nothing_rather_than_a_guess() {
    for authorize in [
        "https://proxy.example.com/authorize",
        "https://auth.example.com/oauth2/authorize?tenant=a",
        "https://auth.example.com/oauth2/authorize/",
        "https://auth.example.com/x?y=/oauth2/authorize",
    ] {
        let mut config = with_sign_up(true);
        config.endpoints.authorize = authorize.into();
        for page in [HostedPage::SignUp, HostedPage::ForgotPassword] {
            assert!(!offered(&config, page), "{authorize}");
            assert_eq!(url(&config, page), None, "{authorize}");
        }
    }
}

#[test]
fn an_identity_provider_button_opens_that_provider_through_the_authorize_endpoint() {
    use crate::protocol::authorize::federated_authorize_url;
    use crate::protocol::config::IdentityProvider;
    let globex = IdentityProvider {
        name: "Globex".into(),
        label: "Globex".into(),
    };
    let config = Config {
        identity_providers: vec![globex.clone()],
        ..test_config()
    };
    let (state, nonce, challenge) = round_trip();
    let page = HostedPage::IdentityProvider(0);
    assert!(offered(&config, page));
    let url = url(&config, page).unwrap();
    assert_eq!(
        url,
        federated_authorize_url(&config, &globex, &state, &nonce, &challenge)
    );
    assert!(
        url.starts_with("http://127.0.0.1:4566/oauth2/authorize?"),
        "{url}"
    );
    let (_, query) = url.split_once('?').unwrap();
    assert_eq!(
        first_value(&parse_query(query), "identity_provider"),
        Some("Globex")
    );
    // An index the config does not have is not offered and builds no URL.
    for missing in [1, u8::MAX] {
        assert!(!offered(&config, HostedPage::IdentityProvider(missing)));
        assert_eq!(
            self::url(&config, HostedPage::IdentityProvider(missing)),
            None
        );
    }
    assert!(!offered(&test_config(), page));
}
