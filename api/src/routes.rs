//! The routes, as a pure function from the request's parts to the answer.

use crate::caller::{Caller, CallerError};
use crate::cors::cors_headers;
use serde_json::{json, Value};

/// The group allowed to call `/admin/summary`.
pub const ADMIN_GROUP: &str = "admins";

/// What the routes need from a request.
#[derive(Clone, Copy, Debug)]
pub struct ApiRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The API Gateway resource (`/me`), stage-independent; the path when there is none.
    pub resource: &'a str,
    /// The `Origin` header.
    pub origin: Option<&'a str>,
    /// The authorizer's `claims` object.
    pub claims: Option<&'a Value>,
}

/// The answer, and what to log about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers, CORS included.
    pub headers: Vec<(&'static str, String)>,
    /// JSON text (empty for 204).
    pub body: String,
    /// The caller's `sub`, for the log.
    pub sub: Option<String>,
    /// Why it failed, for the log.
    pub reason: Option<&'static str>,
}

/// Answers `request`. `now` is the server time in Unix seconds; `allowed` the portal origins.
pub fn handle(request: &ApiRequest<'_>, allowed: &[String], now: i64) -> ApiResponse {
    let mut response = route(request, now);
    response
        .headers
        .extend(cors_headers(request.origin, allowed));
    if response.status != 204 {
        response
            .headers
            .push(("Content-Type", "application/json".to_owned()));
    }
    response
        .headers
        .push(("Cache-Control", "no-store".to_owned()));
    response
}

fn route(request: &ApiRequest<'_>, now: i64) -> ApiResponse {
    let known = matches!(request.resource, "/me" | "/admin/summary");
    match (request.method, request.resource) {
        ("OPTIONS", _) if known => answer(204, None, String::new()),
        ("GET", "/me") => with_caller(request, |caller| {
            let mut body = serde_json::to_value(caller).unwrap_or(Value::Null);
            if let Some(map) = body.as_object_mut() {
                map.insert("serverTime".into(), json!(now));
            }
            answer(200, Some(caller), body.to_string())
        }),
        ("GET", "/admin/summary") => with_caller(request, |caller| {
            if !caller.is_in(ADMIN_GROUP) {
                let mut r = error(
                    403,
                    "Forbidden: /admin/summary is for members of the admins group.",
                );
                r.sub = Some(caller.sub.clone());
                r.reason = Some("not in admins");
                return r;
            }
            let body = json!({
                "generatedAt": now,
                "source": "static",
                "groups": [
                    {"name": "customers", "description": "Customers of the portal"},
                    {"name": "admins", "description": "Portal administrators"}
                ],
                "routes": ["GET /me", "GET /admin/summary"]
            });
            answer(200, Some(caller), body.to_string())
        }),
        (_, _) if known => {
            let mut r = error(405, "Method not allowed: use GET.");
            r.headers.push(("Allow", "GET,OPTIONS".to_owned()));
            r.reason = Some("method not allowed");
            r
        }
        _ => {
            let mut r = error(
                404,
                "Not found: this API has GET /me and GET /admin/summary.",
            );
            r.reason = Some("unknown route");
            r
        }
    }
}

fn with_caller(request: &ApiRequest<'_>, f: impl FnOnce(&Caller) -> ApiResponse) -> ApiResponse {
    match Caller::from_claims(request.claims) {
        Ok(caller) => f(&caller),
        Err(CallerError::NoClaims) => {
            let mut r = error(
                401,
                "Unauthorized: no Cognito claims reached the API. Send the ID token in the Authorization header; the method must use the Cognito authorizer.",
            );
            r.reason = Some("no claims");
            r
        }
        Err(CallerError::BadClaim(claim)) => {
            let mut r = error(401, "Unauthorized: the token's claims are malformed.");
            r.reason = Some(claim);
            r
        }
    }
}

fn answer(status: u16, caller: Option<&Caller>, body: String) -> ApiResponse {
    ApiResponse {
        status,
        headers: Vec::new(),
        body,
        sub: caller.map(|c| c.sub.clone()),
        reason: None,
    }
}

fn error(status: u16, message: &str) -> ApiResponse {
    answer(status, None, json!({ "message": message }).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec!["http://127.0.0.1:8080".to_owned()]
    }

    fn call(method: &str, resource: &str, claims: Option<&Value>) -> ApiResponse {
        let request = ApiRequest {
            method,
            resource,
            origin: Some("http://127.0.0.1:8080"),
            claims,
        };
        handle(&request, &allowed(), 1_700_000_000)
    }

    fn body(r: &ApiResponse) -> Value {
        serde_json::from_str(&r.body).unwrap()
    }

    fn has_cors(r: &ApiResponse) -> bool {
        r.headers
            .iter()
            .any(|(n, v)| *n == "Access-Control-Allow-Origin" && v == "http://127.0.0.1:8080")
    }

    #[test]
    fn me_returns_the_profile_and_the_server_time() {
        let claims = json!({"sub": "u1", "email": "demo@example.com", "given_name": "Dana",
                            "family_name": "Demo", "cognito:groups": "[customers]"});
        let r = call("GET", "/me", Some(&claims));
        assert_eq!(r.status, 200);
        let b = body(&r);
        assert_eq!(b["email"], "demo@example.com");
        assert_eq!(b["groups"], json!(["customers"]));
        assert_eq!(b["serverTime"], 1_700_000_000);
        assert!(has_cors(&r));
        assert_eq!(r.sub.as_deref(), Some("u1"));
    }

    #[test]
    fn the_summary_is_for_admins_only() {
        let admin = json!({"sub": "a1", "cognito:groups": "[admins]"});
        let customer = json!({"sub": "c1", "cognito:groups": "[customers]"});
        assert_eq!(call("GET", "/admin/summary", Some(&admin)).status, 200);
        let refused = call("GET", "/admin/summary", Some(&customer));
        assert_eq!(refused.status, 403);
        assert!(body(&refused)["message"]
            .as_str()
            .unwrap()
            .contains("admins"));
        assert!(has_cors(&refused));
    }

    #[test]
    fn no_or_bad_claims_are_401_with_cors() {
        for claims in [None, Some(json!({"sub": 1}))] {
            let r = call("GET", "/me", claims.as_ref());
            assert_eq!(r.status, 401);
            assert!(has_cors(&r));
            assert!(body(&r)["message"].is_string());
        }
    }

    #[test]
    fn unknown_routes_and_methods_are_json_errors() {
        let r = call("GET", "/nope", None);
        assert_eq!(r.status, 404);
        assert!(body(&r)["message"].is_string());
        assert!(has_cors(&r));
        let r = call("DELETE", "/me", None);
        assert_eq!(r.status, 405);
        assert!(r.headers.iter().any(|(n, _)| *n == "Allow"));
    }

    #[test]
    fn preflight_is_204_with_cors_and_no_body() {
        let r = call("OPTIONS", "/me", None);
        assert_eq!(r.status, 204);
        assert!(r.body.is_empty());
        assert!(has_cors(&r));
    }
}
