//! The analyses routes at their limits: more than a page, no randomness, a machine client of an
//! organisation not served, and the one list of names the portal and the API both judge.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod support;

use lambda_http::request::from_str;
use lambda_http::Body;
use portal_api::glue::respond;
use portal_api::tenancy::MachineClients;
use serde_json::{json, Value};
use support::*;

#[test]
fn a_tenant_with_more_than_a_page_sees_its_newest_analyses_and_that_there_are_more() {
    let api = Api::new();
    for n in 0..230 {
        assert_eq!(api.call(&post(&format!(r#"{{"name": "Run {n}"}}"#))).0, 201);
    }
    let (status, listed, _) = api.call(&event());
    assert_eq!(status, 200);
    let list = listed["analyses"].as_array().unwrap();
    assert_eq!(list.len(), 200);
    assert_eq!(list[0]["name"], "Run 229");
    assert_eq!(list[199]["name"], "Run 30");
    assert_eq!(listed["more"], true);
    let times: Vec<i64> = list
        .iter()
        .map(|a| a["createdAt"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] > w[1]));
    // Fewer than a page: no more.
    let (_, globex, _) = api.call(&as_tenant(event(), "globex", "buyer-1"));
    assert_eq!(globex["more"], false);
}

#[test]
fn only_a_create_asks_for_randomness_and_its_failure_is_a_clear_503() {
    let api = Api::new();
    let request = from_str(&post(r#"{"name": "x"}"#).to_string()).unwrap();
    let (response, log) = api
        .runtime
        .block_on(respond(&request, &api.setup, NOW, || None));
    assert_eq!(response.status().as_u16(), 503);
    let Body::Text(text) = response.body() else {
        panic!("a JSON body")
    };
    let body: Value = serde_json::from_str(text).unwrap();
    assert_eq!(body["error"], "id_unavailable");
    assert!(log.contains("no randomness"), "{log}");
    for e in [event(), get_one("0123456789abcdef0123456789abcdef")] {
        let request = from_str(&e.to_string()).unwrap();
        let (response, _) = api.runtime.block_on(respond(&request, &api.setup, NOW, || {
            panic!("a read asked for randomness")
        }));
        assert!(matches!(response.status().as_u16(), 200 | 404));
    }
}

#[test]
fn a_machine_client_bound_to_an_organisation_not_served_reads_nothing() {
    let served = portal_token_trigger::TenantTable::parse("globex=read").unwrap();
    let machines = MachineClients::parse("machine1=acme,machine2=globex").served_by(&served);
    assert!(machines.tenant_of("machine1").is_none());
    assert_eq!(machines.tenant_of("machine2").unwrap().as_str(), "globex");
    let mut api = Api::new();
    api.setup.machines = MachineClients::parse("machine1=acme").served_by(&served);
    let (status, body, _) = api.call(&machine(event(), "machine1"));
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("machine_client_unbound"))
    );
    // A malformed TENANT_SCOPES serves nobody.
    let none = MachineClients::parse("machine1=acme")
        .served_by(&portal_token_trigger::TenantTable::default());
    assert!(none.tenant_of("machine1").is_none());
}

#[test]
fn the_api_refuses_exactly_the_names_the_portal_refuses() {
    // The same list the portal's core tests (cognito-auth `api_routes_tests`).
    let path = format!(
        "{}/tests/fixtures/analysis-names.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let api = Api::new();
    for name in cases["accepted"].as_array().unwrap() {
        let body = json!({ "name": name }).to_string();
        assert_eq!(api.call(&post(&body)).0, 201, "{name}");
    }
    for name in cases["refused"].as_array().unwrap() {
        let body = json!({ "name": name }).to_string();
        let (status, answer, _) = api.call(&post(&body));
        assert_eq!(
            (status, answer["error"].as_str()),
            (400, Some("invalid_body")),
            "{name}"
        );
    }
}
