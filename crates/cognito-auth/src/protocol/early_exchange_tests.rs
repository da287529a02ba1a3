use super::*;
use crate::protocol::authorize::tests::test_config;

fn verifier() -> PkceVerifier {
    PkceVerifier::from_random(&[7; 32])
}

/// What the boot script does with the template: the head, then the code. The codes here are
/// made of characters `encodeURIComponent` leaves as they are, as the core's encoding does (a
/// Cognito code is a UUID); e2e `early-exchange.spec.ts` sends real ones through both.
fn sent_by_boot(template: &ExchangeTemplate, code: &str) -> EarlyRequest {
    EarlyRequest {
        url: template.url.clone(),
        body: format!("{}{code}", template.body_head),
    }
}

#[test]
fn the_boot_scripts_request_from_the_template_is_adopted() {
    let config = test_config();
    let template = ExchangeTemplate::new(&config, &verifier());
    let code = AuthorizationCode::new("a1b2c3d4-e5f6-7890-abcd-ef0123456789");
    let sent = sent_by_boot(&template, code.secret());
    assert_eq!(
        sent.body,
        authorization_code_body(&config, &code, &verifier())
    );
    assert!(adopts(&config, &code, &verifier(), &sent));
}

/// Each way the early request can differ from the portal's own makes its answer a stranger's.
#[test]
fn a_request_other_than_the_portals_own_is_not_adopted() {
    let config = test_config();
    let code = AuthorizationCode::new("c0de");
    let own = sent_by_boot(&ExchangeTemplate::new(&config, &verifier()), "c0de");

    let mut other_client = config.clone();
    other_client.client_id = "attacker-client".into();
    let mut other_redirect = config.clone();
    other_redirect.redirect_uri = "https://evil.example/callback".into();
    let forged = [
        // Sent somewhere else (a record pointing at another endpoint).
        EarlyRequest {
            url: "https://evil.example/oauth2/token".into(),
            ..own.clone()
        },
        // Another client's or redirect URI's exchange (a record changed after the sign-in).
        sent_by_boot(&ExchangeTemplate::new(&other_client, &verifier()), "c0de"),
        sent_by_boot(&ExchangeTemplate::new(&other_redirect, &verifier()), "c0de"),
        // Another verifier: not this sign-in's PKCE.
        sent_by_boot(
            &ExchangeTemplate::new(&config, &PkceVerifier::from_random(&[8; 32])),
            "c0de",
        ),
        // Another code than the checked callback's.
        sent_by_boot(&ExchangeTemplate::new(&config, &verifier()), "other"),
        // Something appended: a second code or any other member.
        EarlyRequest {
            body: format!("{}&code=other", own.body),
            ..own.clone()
        },
    ];
    for sent in &forged {
        assert!(!adopts(&config, &code, &verifier(), sent), "{:?}", sent.url);
    }
    assert!(adopts(&config, &code, &verifier(), &own));
}

#[test]
fn the_template_and_the_report_redact_themselves() {
    let template = ExchangeTemplate::new(&test_config(), &verifier());
    let shown = format!("{template:?}");
    assert!(!shown.contains(verifier().secret()), "{shown}");
    let sent = sent_by_boot(&template, "c0de");
    assert!(!format!("{sent:?}").contains("c0de"));
}
