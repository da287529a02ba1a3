//! What the analyses tests share: API Gateway (REST) events whose claims are an access token's,
//! and an [`Api`] whose in-memory store every call of a test shares.
#![allow(dead_code, reason = "each test file uses a part of these helpers")]

use lambda_http::request::from_str;
use lambda_http::Body;
use portal_api::glue::{respond, Setup};
use portal_api::store::MemoryStore;
use portal_api::tenancy::MachineClients;
use serde_json::{json, Value};

pub const NOW: i64 = 1_795_435_200;
pub const READ: &str = "portal-api/analyses.read";
pub const WRITE: &str = "portal-api/analyses.write";

/// The base event: `GET /analyses` by an `acme` user with both scopes.
pub fn event() -> Value {
    let path = format!(
        "{}/tests/fixtures/analyses-acme-user.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn post(body: &str) -> Value {
    let mut e = event();
    e["httpMethod"] = json!("POST");
    e["requestContext"]["httpMethod"] = json!("POST");
    e["body"] = json!(body);
    e
}

pub fn get_one(id: &str) -> Value {
    let mut e = event();
    e["resource"] = json!("/analyses/{id}");
    e["path"] = json!(format!("/analyses/{id}"));
    e["requestContext"]["resourcePath"] = json!("/analyses/{id}");
    e["pathParameters"] = json!({ "id": id });
    e
}

pub fn as_tenant(mut e: Value, tenant: &str, username: &str) -> Value {
    e["requestContext"]["authorizer"]["claims"]["tenant_id"] = json!(tenant);
    e["requestContext"]["authorizer"]["claims"]["username"] = json!(username);
    e["requestContext"]["authorizer"]["claims"]["sub"] = json!(username);
    e
}

pub fn with_claim(mut e: Value, name: &str, value: Value) -> Value {
    let claims = e["requestContext"]["authorizer"]["claims"]
        .as_object_mut()
        .unwrap();
    if value.is_null() {
        claims.remove(name);
    } else {
        claims.insert(name.to_owned(), value);
    }
    e
}

pub fn machine(e: Value, client: &str) -> Value {
    let e = with_claim(e, "username", Value::Null);
    let e = with_claim(e, "tenant_id", Value::Null);
    let e = with_claim(e, "sub", json!(client));
    let e = with_claim(e, "client_id", json!(client));
    with_claim(e, "scope", json!(READ))
}

pub struct Api {
    pub setup: Setup<MemoryStore>,
    pub runtime: tokio::runtime::Runtime,
    ids: std::cell::Cell<u32>,
}

impl Api {
    pub fn new() -> Self {
        Self {
            setup: Setup {
                allowed: vec!["http://127.0.0.1:8080".to_owned()],
                machines: MachineClients::parse("machine1=acme"),
                store: MemoryStore::default(),
            },
            runtime: tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap(),
            ids: std::cell::Cell::new(0),
        }
    }

    pub fn call(&self, event: &Value) -> (u16, Value, Value) {
        let request = from_str(&event.to_string()).unwrap();
        self.ids.set(self.ids.get() + 1);
        // Random parts counting down: only the time prefix can put the ids in creation order.
        let random = [u8::MAX - u8::try_from(self.ids.get() % 256).unwrap(); 11];
        let (response, log) = self.runtime.block_on(respond(
            &request,
            &self.setup,
            NOW + i64::from(self.ids.get()),
            || Some(random),
        ));
        let body = match response.body() {
            Body::Text(text) => serde_json::from_str(text).unwrap(),
            Body::Empty => Value::Null,
            Body::Binary(_) => panic!("the API answers text"),
        };
        (
            response.status().as_u16(),
            body,
            serde_json::from_str(&log).unwrap(),
        )
    }
}
