//! Cognito's pre-token-generation events (version 2) through the trigger's decision.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use portal_token_trigger::{decide, Refusal, TenantTable, READ_SCOPE, WRITE_SCOPE};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn table() -> TenantTable {
    TenantTable::parse("acme=read+write, globex=read+write, initech=read").unwrap()
}

fn details(answer: &Value) -> &Value {
    &answer["response"]["claimsAndScopeOverrideDetails"]
}

#[test]
fn a_hosted_ui_sign_in_gets_the_tenant_in_both_tokens_and_its_scopes() {
    let event = fixture("hosted-auth");
    let answer = decide(&event, &table()).unwrap();
    let d = details(&answer);
    assert_eq!(
        d["idTokenGeneration"]["claimsToAddOrOverride"]["tenant_id"],
        "acme"
    );
    assert_eq!(
        d["accessTokenGeneration"]["claimsToAddOrOverride"]["tenant_id"],
        "acme"
    );
    assert_eq!(
        d["accessTokenGeneration"]["scopesToAdd"],
        json!([READ_SCOPE, WRITE_SCOPE])
    );
    assert_eq!(d["accessTokenGeneration"]["scopesToSuppress"], json!([]));
    // The rest of the event comes back as Cognito sent it.
    assert_eq!(answer["request"], event["request"]);
    assert_eq!(answer["userName"], event["userName"]);
}

#[test]
fn a_refresh_of_a_read_only_tenant_gets_read_and_loses_a_write_scope_it_asked_for() {
    let answer = decide(&fixture("refresh"), &table()).unwrap();
    let access = &details(&answer)["accessTokenGeneration"];
    assert_eq!(access["claimsToAddOrOverride"]["tenant_id"], "initech");
    assert_eq!(access["scopesToAdd"], json!([READ_SCOPE]));
    assert_eq!(access["scopesToSuppress"], json!([WRITE_SCOPE]));
}

#[test]
fn a_federated_user_gets_the_tenant_the_identity_provider_mapped() {
    let answer = decide(&fixture("federated"), &table()).unwrap();
    let d = details(&answer);
    assert_eq!(
        d["idTokenGeneration"]["claimsToAddOrOverride"]["tenant_id"],
        "globex"
    );
    assert_eq!(
        d["accessTokenGeneration"]["scopesToAdd"],
        json!([READ_SCOPE, WRITE_SCOPE])
    );
}

#[test]
fn a_user_without_a_tenant_is_refused_in_words_a_person_can_read() {
    let refusal = decide(&fixture("no-tenant"), &table()).unwrap_err();
    assert_eq!(refusal, Refusal::NoTenant);
    let words = refusal.to_string();
    assert!(words.contains("not assigned to an organisation"), "{words}");
    assert!(words.contains("administrator"), "{words}");
    // An empty attribute, null, or no attribute map at all: the same refusal.
    for attributes in [
        json!({"custom:tenant_id": ""}),
        json!({"custom:tenant_id": null}),
        json!(null),
    ] {
        let mut event = fixture("no-tenant");
        event["request"]["userAttributes"] = attributes;
        assert_eq!(decide(&event, &table()), Err(Refusal::NoTenant));
    }
}

#[test]
fn hostile_tenant_values_are_refused_and_never_echoed() {
    let long = "a".repeat(65);
    for hostile in [
        long.as_str(),
        "ACME",
        "acme ",
        "acme\n",
        "acme,globex",
        "acme\"}",
        "<script>",
        "../globex",
        "acmé",
        "acme\u{0}",
    ] {
        let mut event = fixture("hosted-auth");
        event["request"]["userAttributes"]["custom:tenant_id"] = json!(hostile);
        let refusal = decide(&event, &table()).unwrap_err();
        assert_eq!(refusal, Refusal::MalformedTenant, "{hostile:?}");
        assert!(!refusal.to_string().contains(hostile), "{hostile:?}");
    }
    for not_text in [json!(5), json!(["acme"]), json!({"id": "acme"})] {
        let mut event = fixture("hosted-auth");
        event["request"]["userAttributes"]["custom:tenant_id"] = not_text;
        assert_eq!(decide(&event, &table()), Err(Refusal::MalformedTenant));
    }
    // 64 characters is the schema's maximum and passes the format (then the table decides).
    let mut event = fixture("hosted-auth");
    event["request"]["userAttributes"]["custom:tenant_id"] = json!("a".repeat(64));
    assert_eq!(decide(&event, &table()), Err(Refusal::UnknownTenant));
}

#[test]
fn a_tenant_the_deployment_does_not_serve_is_refused() {
    let mut event = fixture("hosted-auth");
    event["request"]["userAttributes"]["custom:tenant_id"] = json!("umbrella");
    assert_eq!(decide(&event, &table()), Err(Refusal::UnknownTenant));
    assert_eq!(
        decide(&fixture("hosted-auth"), &TenantTable::default()),
        Err(Refusal::UnknownTenant)
    );
}

#[test]
fn other_events_and_versions_are_refused() {
    let mut event = fixture("hosted-auth");
    event["version"] = json!("1");
    assert_eq!(decide(&event, &table()), Err(Refusal::WrongVersion));
    let mut event = fixture("hosted-auth");
    event["triggerSource"] = json!("PreSignUp_SignUp");
    assert_eq!(decide(&event, &table()), Err(Refusal::NotATokenEvent));
    assert_eq!(
        decide(&json!("nope"), &table()),
        Err(Refusal::NotATokenEvent)
    );
}

#[test]
fn client_credentials_pass_unchanged_because_machines_have_no_user() {
    let mut event = fixture("hosted-auth");
    event["triggerSource"] = json!("TokenGeneration_ClientCredentials");
    event["request"]["userAttributes"] = json!({});
    let answer = decide(&event, &table()).unwrap();
    assert_eq!(details(&answer), &Value::Null);
}

#[test]
fn the_tenant_table_is_parsed_strictly() {
    for bad in [
        "acme",
        "acme=admin",
        "ACME=read",
        "acme=read,acme=read+write",
        "a b=read",
        "=read",
    ] {
        assert!(TenantTable::parse(bad).is_err(), "{bad:?}");
    }
    let many: Vec<String> = (0..=200).map(|i| format!("t{i}=read")).collect();
    assert!(TenantTable::parse(&many.join(",")).is_err());
    assert_eq!(TenantTable::parse("").unwrap(), TenantTable::default());
}

#[test]
fn the_emulators_attribute_less_refresh_passes_unchanged_and_so_gets_no_tenant_or_scope() {
    // ministack mints a refresh's access token with no user attributes at all; Cognito never does.
    let event = fixture("refresh-emulator-no-attributes");
    let answer = decide(&event, &table()).unwrap();
    assert_eq!(details(&answer), &Value::Null);
    // Only a refresh, and only an empty map: a sign-in without attributes is refused, and so is
    // a refresh of a user whose attributes lack the tenant.
    let mut sign_in = event.clone();
    sign_in["triggerSource"] = json!("TokenGeneration_HostedAuth");
    assert_eq!(decide(&sign_in, &table()), Err(Refusal::NoTenant));
    let mut no_tenant = event;
    no_tenant["request"]["userAttributes"] = json!({"sub": "u1"});
    assert_eq!(decide(&no_tenant, &table()), Err(Refusal::NoTenant));
}
