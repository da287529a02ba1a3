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

#[test]
fn sign_up_and_forgot_password_carry_exactly_the_authorize_parameters_of_this_client() {
    let config = with_sign_up(true);
    assert_eq!(
        hosted_page_url(&config, HostedPage::SignUp).as_deref(),
        Some(
            "http://127.0.0.1:4566/signup?client_id=client1&response_type=code\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback&scope=openid%20email%20profile"
        )
    );
    assert_eq!(
        hosted_page_url(&config, HostedPage::ForgotPassword).as_deref(),
        Some(
            "http://127.0.0.1:4566/forgotPassword?client_id=client1&response_type=code\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback&scope=openid%20email%20profile"
        )
    );
}

#[test]
fn sign_up_is_linked_only_where_the_pool_allows_it_and_forgot_password_always() {
    assert_eq!(sign_up_url(&with_sign_up(false)), None);
    assert_eq!(
        sign_up_url(&with_sign_up(true)),
        hosted_page_url(&with_sign_up(true), HostedPage::SignUp)
    );
    for self_sign_up in [false, true] {
        let config = with_sign_up(self_sign_up);
        assert_eq!(
            forgot_password_url(&config),
            hosted_page_url(&config, HostedPage::ForgotPassword)
        );
        assert!(forgot_password_url(&config).is_some());
    }
}

/// The hand-written encoder is the form module's, byte for byte, over every byte value and
/// multi-byte characters.
#[test]
fn values_are_encoded_exactly_as_the_form_module_encodes_them() {
    let every_byte: String = (0..=0x7F_u8).map(char::from).collect();
    for value in [every_byte.as_str(), "é ü 日本 😀", "a b+c&d=e/f?g#h%i"] {
        let mut pushed = String::new();
        push_encoded(&mut pushed, value);
        assert_eq!(
            pushed,
            crate::protocol::form::encode_component(value),
            "{value:?}"
        );
    }
}

#[test]
fn a_custom_domain_keeps_its_host_and_gets_cognitos_paths() {
    let mut config = test_config();
    config.endpoints.authorize = "https://auth.example.com/oauth2/authorize".into();
    let url = hosted_page_url(&config, HostedPage::ForgotPassword).unwrap();
    assert!(url.starts_with("https://auth.example.com/forgotPassword?client_id=client1&"));
}

/// A value that looks like more parameters (here a redirect URI with its own query) stays one
/// encoded value: the page gets this client's id and nothing smuggled beside it.
#[test]
fn config_values_cannot_add_or_replace_parameters() {
    let mut config = test_config();
    config.redirect_uri = "http://127.0.0.1:8080/callback?x=1&client_id=evil&scope=admin#f".into();
    config.scopes = vec!["openid".into(), "a&client_id=evil".into()];
    let url = hosted_page_url(&config, HostedPage::SignUp).unwrap();
    let (base, query) = url.split_once('?').unwrap();
    assert_eq!(base, "http://127.0.0.1:4566/signup");
    let pairs = parse_query(query);
    let names: Vec<&str> = pairs.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        ["client_id", "response_type", "redirect_uri", "scope"]
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

/// The links are plain, shareable URLs: nothing of a sign-in round trip (`state`, `nonce`,
/// the PKCE challenge) and no token rides on them.
#[test]
fn the_links_carry_no_round_trip_secret() {
    let config = with_sign_up(true);
    for url in [sign_up_url(&config), forgot_password_url(&config)].map(Option::unwrap) {
        let pairs = parse_query(url.split_once('?').unwrap().1);
        for secret in [
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "code",
        ] {
            assert_eq!(first_value(&pairs, secret), None, "{secret} in {url}");
        }
        assert_eq!(pairs.len(), 4, "{url}");
    }
}

#[test]
fn an_authorize_endpoint_of_another_form_gives_no_link_rather_than_a_guess() {
    for authorize in [
        "https://proxy.example.com/authorize",
        "https://auth.example.com/oauth2/authorize?tenant=a",
        "https://auth.example.com/oauth2/authorize/",
        "https://auth.example.com/x?y=/oauth2/authorize",
    ] {
        let mut config = with_sign_up(true);
        config.endpoints.authorize = authorize.into();
        assert_eq!(
            hosted_page_url(&config, HostedPage::SignUp),
            None,
            "{authorize}"
        );
        assert_eq!(sign_up_url(&config), None, "{authorize}");
        assert_eq!(forgot_password_url(&config), None, "{authorize}");
    }
}
