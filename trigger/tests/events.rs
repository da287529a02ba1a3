//! Cognito's pre-token-generation events (version 2) through the trigger's decision.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a failed test"
)]

use portal_token_trigger::{
    decide, ProviderTable, Refusal, Settings, TenantTable, READ_SCOPE, WRITE_SCOPE,
};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn table() -> Settings {
    Settings {
        tenants: TenantTable::parse("acme=read+write, globex=read+write, initech=read").unwrap(),
        providers: ProviderTable::parse("Globex=globex").unwrap(),
        emulator_refresh: false,
    }
}

fn local() -> Settings {
    Settings {
        emulator_refresh: true,
        ..table()
    }
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
fn a_federated_user_of_a_bound_provider_gets_the_providers_tenant() {
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
        decide(&fixture("hosted-auth"), &Settings::default()),
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
    assert!(details(&answer).get("accessTokenGeneration").is_none());
    event["request"]
        .as_object_mut()
        .unwrap()
        .remove("groupConfiguration");
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
    let answer = decide(&event, &local()).unwrap();
    let d = details(&answer);
    assert!(d.get("idTokenGeneration").is_none(), "{d}");
    assert!(d.get("accessTokenGeneration").is_none(), "{d}");
    // Without the local deploy's setting (so on AWS) the same event is refused.
    assert_eq!(decide(&event, &table()), Err(Refusal::NoTenant));
    // Only a refresh, and only an empty map: a sign-in without attributes is refused, and so is
    // a refresh of a user whose attributes lack the tenant.
    let mut sign_in = event.clone();
    sign_in["triggerSource"] = json!("TokenGeneration_HostedAuth");
    assert_eq!(decide(&sign_in, &local()), Err(Refusal::NoTenant));
    let mut no_tenant = event;
    no_tenant["request"]["userAttributes"] = json!({"sub": "u1"});
    assert_eq!(decide(&no_tenant, &local()), Err(Refusal::NoTenant));
}

#[test]
fn a_corporate_provider_cannot_choose_another_organisation() {
    // Whoever runs Globex's IdP sends tenant=acme: the mapping puts it in the attribute.
    let mut event = fixture("federated");
    event["request"]["userAttributes"]["custom:tenant_id"] = json!("acme");
    let refusal = decide(&event, &table()).unwrap_err();
    assert_eq!(refusal, Refusal::ProviderTenantMismatch);
    assert!(!refusal.to_string().contains("acme"), "{refusal}");
    // Also on a refresh, where the attribute was mapped at the last sign-in.
    event["triggerSource"] = json!("TokenGeneration_RefreshTokens");
    assert_eq!(
        decide(&event, &table()),
        Err(Refusal::ProviderTenantMismatch)
    );
}

#[test]
fn a_provider_bound_to_no_organisation_or_unreadable_identities_are_refused() {
    let unbound = Settings {
        providers: ProviderTable::default(),
        ..table()
    };
    assert_eq!(
        decide(&fixture("federated"), &unbound),
        Err(Refusal::UnboundProvider)
    );
    for identities in [
        json!("not json"),
        json!("[]"),
        json!("[{\"providerName\":\"Glo bex\"}]"),
        json!("[{\"userId\":\"x\"}]"),
        json!(["Globex"]),
        json!(format!(
            "[{}]",
            ["{\"providerName\":\"Globex\"}"; 11].join(",")
        )),
    ] {
        let mut event = fixture("federated");
        event["request"]["userAttributes"]["identities"] = identities.clone();
        assert_eq!(
            decide(&event, &table()),
            Err(Refusal::UnboundProvider),
            "{identities}"
        );
    }
    // A user linked to a bound and an unbound provider: refused.
    let mut event = fixture("federated");
    event["request"]["userAttributes"]["identities"] =
        json!("[{\"providerName\":\"Globex\"},{\"providerName\":\"Initrode\"}]");
    assert_eq!(decide(&event, &table()), Err(Refusal::UnboundProvider));
}

#[test]
fn the_provider_table_is_parsed_strictly() {
    for bad in [
        "Globex",
        "Globex=",
        "Globex=ACME",
        "=globex",
        "Glo bex=globex",
        "Globex=globex,Globex=acme",
        &format!("{}=globex", "G".repeat(33)),
    ] {
        assert!(ProviderTable::parse(bad).is_err(), "{bad:?}");
    }
    let table = ProviderTable::parse(" Globex = globex , Initrode=initech").unwrap();
    assert_eq!(table.tenant_of("Globex").unwrap().as_str(), "globex");
    assert!(table.tenant_of("globex").is_none());
    assert_eq!(ProviderTable::parse("").unwrap(), ProviderTable::default());
}

#[test]
fn every_answer_keeps_the_groups_cognito_proposed() {
    let answer = decide(&fixture("hosted-auth"), &table()).unwrap();
    assert_eq!(
        details(&answer)["groupOverrideDetails"],
        json!({"groupsToOverride": ["customers"], "iamRolesToOverride": [], "preferredRole": null})
    );
    let answer = decide(&fixture("federated"), &table()).unwrap();
    assert_eq!(
        details(&answer)["groupOverrideDetails"]["groupsToOverride"],
        json!(["us-east-1_Example_Globex"])
    );
    // The emulator's attribute-less refresh keeps them too.
    let mut event = fixture("refresh-emulator-no-attributes");
    event["request"]["groupConfiguration"] =
        json!({"groupsToOverride": ["admins"], "iamRolesToOverride": [], "preferredRole": null});
    let answer = decide(&event, &local()).unwrap();
    assert_eq!(
        details(&answer)["groupOverrideDetails"]["groupsToOverride"],
        json!(["admins"])
    );
    // Hostile shapes are not passed on.
    let mut event = fixture("hosted-auth");
    event["request"]["groupConfiguration"] =
        json!({"groupsToOverride": "admins", "preferredRole": 5});
    let answer = decide(&event, &table()).unwrap();
    assert_eq!(
        details(&answer)["groupOverrideDetails"],
        json!({"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null})
    );
}
