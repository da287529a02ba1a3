//! The analyses routes through the whole Lambda glue, with API Gateway (REST) events whose claims
//! are an access token's, and one in-memory store shared by every call of a test.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

mod support;

use lambda_http::request::from_str;
use portal_api::glue::respond;
use serde_json::{json, Value};
use support::*;

#[test]
fn two_tenants_each_see_only_their_own_analyses_newest_first() {
    let api = Api::new();
    let (status, created, log) = api.call(&post(r#"{"name": "  Churn Q3 "}"#));
    assert_eq!(status, 201);
    assert_eq!(created["analysis"]["name"], "Churn Q3");
    assert_eq!(created["analysis"]["status"], "queued");
    assert_eq!(created["analysis"]["createdBy"], "4f1e-demo");
    assert_eq!(log["route"], "POST /analyses");
    api.call(&post(r#"{"name": "Second"}"#));
    let globex = |e| as_tenant(e, "globex", "buyer-1");
    api.call(&globex(post(r#"{"name": "Globex secret"}"#)));

    let (status, listed, _) = api.call(&event());
    assert_eq!(status, 200);
    let names: Vec<&str> = listed["analyses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Second", "Churn Q3"]);
    let (_, listed, _) = api.call(&globex(event()));
    assert_eq!(listed["analyses"].as_array().unwrap().len(), 1);
    assert_eq!(listed["analyses"][0]["name"], "Globex secret");
}

#[test]
fn another_tenants_item_is_not_found_exactly_like_a_missing_one() {
    let api = Api::new();
    let (_, created, _) = api.call(&post(r#"{"name": "Acme only"}"#));
    let id = created["analysis"]["id"].as_str().unwrap().to_owned();
    let (status, found, _) = api.call(&get_one(&id));
    assert_eq!(status, 200);
    assert_eq!(found["analysis"]["name"], "Acme only");

    let (status, foreign, _) = api.call(&as_tenant(get_one(&id), "globex", "buyer-1"));
    let (missing_status, missing, _) = api.call(&get_one(&"f".repeat(32)));
    assert_eq!((status, missing_status), (404, 404));
    assert_eq!(
        foreign, missing,
        "another tenant's id must look like a missing one"
    );
    assert_eq!(foreign["error"], "not_found");
    for bad in ["../x", "ABC", "0123456789abcdef0123456789abcdeg", ""] {
        assert_eq!(api.call(&get_one(bad)).0, 404, "{bad:?}");
    }
}

#[test]
fn a_tenant_in_the_body_path_or_headers_is_ignored() {
    let api = Api::new();
    let mut e = post(r#"{"name": "Mine", "tenant": "globex", "tenant_id": "globex"}"#);
    e["headers"]["X-Tenant-Id"] = json!("globex");
    e["queryStringParameters"] = json!({ "tenant": "globex" });
    assert_eq!(api.call(&e).0, 201);
    let (_, listed, _) = api.call(&as_tenant(event(), "globex", "buyer-1"));
    assert_eq!(listed["analyses"], json!([]));
    let (_, listed, _) = api.call(&event());
    assert_eq!(listed["analyses"][0]["name"], "Mine");
}

#[test]
fn an_id_token_on_a_scoped_route_is_refused_and_says_so() {
    let api = Api::new();
    let id_token = with_claim(event(), "token_use", json!("id"));
    let (status, body, _) = api.call(&id_token);
    assert_eq!(status, 403);
    assert_eq!(body["error"], "access_token_required");
    assert!(body["message"].as_str().unwrap().contains("access token"));
}

#[test]
fn a_token_without_the_scope_is_refused_naming_it() {
    let api = Api::new();
    let read_only = with_claim(
        post(r#"{"name": "x"}"#),
        "scope",
        json!(format!("openid {READ}")),
    );
    let (status, body, _) = api.call(&read_only);
    assert_eq!(status, 403);
    assert_eq!(body["error"], "missing_scope");
    assert!(body["message"].as_str().unwrap().contains(WRITE));
    let none = with_claim(event(), "scope", json!("openid"));
    let (status, body, _) = api.call(&none);
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("missing_scope"))
    );
    // A scope is a whole word: a longer one that merely starts like it does not count.
    let lookalike = with_claim(event(), "scope", json!(format!("{READ}x")));
    assert_eq!(api.call(&lookalike).0, 403);
}

#[test]
fn a_user_token_without_a_valid_tenant_is_refused() {
    let api = Api::new();
    // A missing or invalid tenant is the person's account's problem (403 no_tenant); a claim of
    // the wrong type is a malformed token (401 malformed_claims). Each case pinned.
    for (tenant, status, code) in [
        (Value::Null, 403, "no_tenant"),
        (json!(""), 403, "no_tenant"),
        (json!("Globex"), 403, "no_tenant"),
        (json!("a".repeat(65)), 403, "no_tenant"),
        (json!("acme,globex"), 403, "no_tenant"),
        (json!(5), 401, "malformed_claims"),
        (json!(["acme"]), 401, "malformed_claims"),
    ] {
        let e = with_claim(event(), "tenant_id", tenant.clone());
        let (got, body, _) = api.call(&e);
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{tenant}"
        );
    }
}

#[test]
fn a_machine_client_reads_its_bound_tenant_and_nothing_else() {
    let api = Api::new();
    api.call(&post(r#"{"name": "For the robot"}"#));
    let (status, listed, log) = api.call(&machine(event(), "machine1"));
    assert_eq!(status, 200);
    assert_eq!(listed["analyses"][0]["name"], "For the robot");
    assert_eq!(log["sub"], "machine:machine1");
    // Read scope only: POST is refused.
    let (status, body, _) = api.call(&machine(post(r#"{"name": "x"}"#), "machine1"));
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("missing_scope"))
    );
    // A client the configuration does not bind gets nothing, whatever tenant its token claims.
    let stranger = with_claim(machine(event(), "stranger"), "tenant_id", json!("acme"));
    let (status, body, _) = api.call(&stranger);
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("machine_client_unbound"))
    );
}

#[test]
fn a_machine_token_on_me_gets_a_clear_refusal_and_a_user_access_token_too() {
    let api = Api::new();
    let mut me = machine(event(), "machine1");
    me["resource"] = json!("/me");
    me["requestContext"]["resourcePath"] = json!("/me");
    let (status, body, _) = api.call(&me);
    assert_eq!(status, 403);
    assert_eq!(body["error"], "machine_token_has_no_user");
    assert!(body["message"].as_str().unwrap().contains("carry no user"));
    let mut user_access = event();
    user_access["resource"] = json!("/me");
    user_access["requestContext"]["resourcePath"] = json!("/me");
    let (status, body, _) = api.call(&user_access);
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("id_token_required"))
    );
}

#[test]
fn hostile_bodies_are_refused_and_store_nothing() {
    let api = Api::new();
    let long = format!(r#"{{"name": "{}"}}"#, "n".repeat(101));
    let huge = format!(r#"{{"name": "ok", "pad": "{}"}}"#, "p".repeat(5000));
    for (body, status) in [
        ("not json", 400),
        ("", 400),
        ("[]", 400),
        (r#"{"name": 5}"#, 400),
        (r#"{"name": "   "}"#, 400),
        (r#"{"name": "bell\u0007"}"#, 400),
        (r#"{"name": "line\nbreak"}"#, 400),
        (r#"{"name": "evil\u202Etxt.exe"}"#, 400),
        (long.as_str(), 400),
        (huge.as_str(), 413),
    ] {
        let (got, answer, _) = api.call(&post(body));
        assert_eq!(got, status, "{body:.40}");
        assert!(answer["message"].is_string(), "{body:.40}");
    }
    let (_, listed, _) = api.call(&event());
    assert_eq!(listed["analyses"], json!([]));
    // 100 characters (not bytes) is the limit.
    let hundred = format!(r#"{{"name": "{}"}}"#, "é".repeat(100));
    assert_eq!(api.call(&post(&hundred)).0, 201);
}

#[test]
fn other_methods_are_405_and_preflights_allow_post() {
    let api = Api::new();
    let mut e = event();
    e["httpMethod"] = json!("DELETE");
    let (status, body, _) = api.call(&e);
    assert_eq!(
        (status, body["error"].as_str()),
        (405, Some("method_not_allowed"))
    );
    let mut e = event();
    e["httpMethod"] = json!("OPTIONS");
    let request = from_str(&e.to_string()).unwrap();
    let (response, _) = api.runtime.block_on(respond(&request, &api.setup, NOW, || {
        panic!("no id for a preflight")
    }));
    assert_eq!(response.status().as_u16(), 204);
    let methods = response.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("POST"), "{methods}");
}
