//! API Gateway (REST) proxy events, as AWS sends them, through the whole Lambda glue.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code: a panic is a failed test"
)]

use lambda_http::request::from_str;
use lambda_http::Body;
use portal_api::glue::{respond, Setup};
use portal_api::store::MemoryStore;
use portal_api::tenancy::MachineClients;
use serde_json::Value;

const NOW: i64 = 1_795_435_200;

/// Every fixture: each answer must be well formed and uncacheable.
const ALL: [&str; 8] = [
    "get-me-customer",
    "get-me-admin",
    "get-me-customer-claiming-admins",
    "get-admin-summary-admin",
    "get-admin-summary-customer",
    "get-me-no-authorizer",
    "get-me-malformed-claims",
    "options-me",
];

fn run(fixture: &str) -> (u16, Vec<(String, String)>, Value, String) {
    let path = format!(
        "{}/tests/fixtures/{fixture}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let event = std::fs::read_to_string(path).unwrap();
    let request = from_str(&event).unwrap();
    let setup = Setup {
        allowed: vec!["http://127.0.0.1:8080".to_owned()],
        machines: MachineClients::default(),
        store: MemoryStore::default(),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (response, log) = runtime.block_on(respond(&request, &setup, NOW, || Some([0xab; 11])));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    let body = match response.body() {
        Body::Text(text) => serde_json::from_str(text).unwrap(),
        Body::Empty => Value::Null,
        Body::Binary(_) => panic!("the API answers text"),
    };
    (status, headers, body, log)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn me_answers_from_the_authorizer_claims() {
    let (status, headers, body, log) = run("get-me-customer");
    assert_eq!(status, 200);
    assert_eq!(body["email"], "demo@example.com");
    assert_eq!(body["groups"], serde_json::json!(["customers"]));
    assert_eq!(body["serverTime"], NOW);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    let log: Value = serde_json::from_str(&log).unwrap();
    assert_eq!(log["route"], "GET /me");
    assert_eq!(log["requestId"], "req-me-1");
}

#[test]
fn no_token_value_reaches_the_log() {
    for fixture in ALL {
        let (_, _, _, log) = run(fixture);
        assert!(!log.contains("eyJ"), "{fixture}: {log}");
        assert!(!log.contains("@example.com"), "{fixture}: {log}");
    }
}

#[test]
fn the_summary_is_200_for_admins_and_403_for_customers() {
    let (status, _, body, _) = run("get-admin-summary-admin");
    assert_eq!(status, 200);
    assert_eq!(body["source"], "static");
    let (status, headers, body, _) = run("get-admin-summary-customer");
    assert_eq!(status, 403);
    assert!(body["message"].as_str().unwrap().contains("admins"));
    assert!(header(&headers, "access-control-allow-origin").is_some());
}

#[test]
fn an_admins_me_carries_the_admin_summary_in_the_same_answer() {
    let (status, _, me, log) = run("get-me-admin");
    assert_eq!(status, 200);
    assert_eq!(me["email"], "admin@example.com");
    assert_eq!(me["groups"], serde_json::json!(["admins", "customers"]));
    let (_, _, summary, _) = run("get-admin-summary-admin");
    assert_eq!(me["admin"], summary);
    assert_eq!(me["admin"]["source"], "static");
    let log: Value = serde_json::from_str(&log).unwrap();
    assert_eq!(log["route"], "GET /me");
}

#[test]
fn a_customer_never_gets_admin_data_whatever_the_request_says() {
    // The second fixture claims `admins` in headers, query, body and stage variables: only the
    // authorizer's claims count.
    for fixture in ["get-me-customer", "get-me-customer-claiming-admins"] {
        let (status, _, body, _) = run(fixture);
        assert_eq!(status, 200, "{fixture}");
        assert_eq!(
            body["groups"],
            serde_json::json!(["customers"]),
            "{fixture}"
        );
        assert!(body.get("admin").is_none(), "{fixture}: {body}");
        assert!(!body.to_string().contains("static"), "{fixture}: {body}");
    }
}

#[test]
fn every_answer_is_uncacheable_and_the_preflight_is_kept_two_hours() {
    for fixture in ALL {
        let (_, headers, _, _) = run(fixture);
        assert_eq!(
            header(&headers, "cache-control"),
            Some("no-store"),
            "{fixture}"
        );
        let vary = header(&headers, "vary").unwrap_or_default();
        let max_age = header(&headers, "access-control-max-age");
        if fixture == "options-me" {
            assert_eq!(max_age, Some("7200"));
            assert_eq!(vary, "Origin");
        } else {
            assert_eq!(max_age, None, "{fixture}");
            assert_eq!(vary, "Origin, Authorization", "{fixture}");
        }
    }
}

#[test]
fn missing_or_malformed_claims_are_401_json_with_cors() {
    for fixture in ["get-me-no-authorizer", "get-me-malformed-claims"] {
        let (status, headers, body, _) = run(fixture);
        assert_eq!(status, 401, "{fixture}");
        assert!(body["message"].is_string(), "{fixture}");
        assert!(
            header(&headers, "access-control-allow-origin").is_some(),
            "{fixture}"
        );
    }
}

#[test]
fn a_preflight_is_204_without_a_body() {
    let (status, headers, body, _) = run("options-me");
    assert_eq!(status, 204);
    assert_eq!(body, Value::Null);
    assert!(header(&headers, "access-control-allow-methods")
        .unwrap()
        .contains("GET"));
}

#[test]
fn every_answer_is_a_well_formed_proxy_response() {
    // What API Gateway needs from the Lambda (ministack passes anything; AWS answers 502):
    // a valid status, ASCII header values, and a JSON body or none.
    for fixture in ALL {
        let (status, headers, _, _) = run(fixture);
        assert!((200..600).contains(&status), "{fixture}");
        for (name, value) in &headers {
            assert!(
                value.is_ascii() && !value.contains('\n'),
                "{fixture}: {name}"
            );
        }
    }
}
