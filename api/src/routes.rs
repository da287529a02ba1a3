//! The routes, as a pure function from the request's parts to the answer.

use crate::admin::summary_for;
use crate::analyses::is_analyses_resource;
use crate::caller::{Caller, CallerError};
use crate::cors::{cors_headers, preflight_headers};
use crate::tenancy::is_machine_token;
use serde_json::{json, Value};

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
///
/// Every answer is `Cache-Control: no-store`: the portal's fetch leaves the browser's cache mode
/// at its default so that Chromium may reuse the preflight (a `no-store` request bypasses the
/// preflight cache), which makes these headers the only thing keeping a user's answer out of
/// the HTTP cache. `Vary` names what the answer depends on: the origin (CORS) and, for anything
/// but a preflight, the token. The preflight's own lifetime is `Access-Control-Max-Age`, which
/// the preflight cache reads instead of `Cache-Control`.
pub fn handle(request: &ApiRequest<'_>, allowed: &[String], now: i64) -> ApiResponse {
    finish(route(request, now), request, allowed)
}

/// Adds what every answer carries (CORS, content type, `Vary`, `Cache-Control`) to `response`.
pub fn finish(
    mut response: ApiResponse,
    request: &ApiRequest<'_>,
    allowed: &[String],
) -> ApiResponse {
    let preflight = request.method == "OPTIONS" && response.status == 204;
    response
        .headers
        .extend(cors_headers(request.origin, allowed));
    if preflight {
        response.headers.extend(preflight_headers());
        response.headers.push(("Vary", "Origin".to_owned()));
    } else {
        response
            .headers
            .push(("Content-Type", "application/json".to_owned()));
        response
            .headers
            .push(("Vary", "Origin, Authorization".to_owned()));
    }
    response
        .headers
        .push(("Cache-Control", "no-store".to_owned()));
    response
}

fn route(request: &ApiRequest<'_>, now: i64) -> ApiResponse {
    let known = matches!(request.resource, "/me" | "/admin/summary");
    match (request.method, request.resource) {
        ("OPTIONS", _) if known || is_analyses_resource(request.resource) => {
            answer(204, None, String::new())
        }
        // An access token has no place here (on AWS the ID-token authorizer refuses it before the
        // Lambda runs; the local emulator lets it through). A machine client's has no user at all.
        ("GET", "/me") if is_machine_token(request.claims) => {
            let mut r = coded_error(
                403,
                "machine_token_has_no_user",
                "Forbidden: machine tokens (client credentials) carry no user, so /me has nobody to describe. Call GET /analyses with this token; /me takes a person's ID token.",
            );
            r.reason = Some("machine token on /me");
            r
        }
        ("GET", "/me") if token_use(request.claims) == Some("access") => {
            let mut r = coded_error(
                403,
                "id_token_required",
                "Forbidden: /me takes the ID token, and this is an access token. Send the ID token in the Authorization header.",
            );
            r.reason = Some("access token on /me");
            r
        }
        // An admin's `/me` carries the admin summary too, so the portal's home page needs one
        // call, not two; anyone else's has no `admin` key at all.
        ("GET", "/me") => with_caller(request, |caller| {
            let mut body = serde_json::to_value(caller).unwrap_or(Value::Null);
            if let Some(map) = body.as_object_mut() {
                map.insert("serverTime".into(), json!(now));
                if let Some(summary) = summary_for(caller, now) {
                    map.insert("admin".into(), summary);
                }
            }
            answer(200, Some(caller), body.to_string())
        }),
        // Kept for scripts: the same summary on its own.
        ("GET", "/admin/summary") => with_caller(request, |caller| {
            let Some(summary) = summary_for(caller, now) else {
                let mut r = error(
                    403,
                    "Forbidden: /admin/summary is for members of the admins group.",
                );
                r.sub = Some(caller.sub.clone());
                r.reason = Some("not in admins");
                return r;
            };
            answer(200, Some(caller), summary.to_string())
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
                "Not found: this API has GET /me, GET /admin/summary, GET and POST /analyses and GET /analyses/{id}.",
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

/// An error answer `{"error": code, "message": message}` (the analyses routes and `/me`'s token
/// refusals; the older errors keep their `message`-only shape).
pub fn coded_error(status: u16, code: &str, message: &str) -> ApiResponse {
    answer(
        status,
        None,
        json!({ "error": code, "message": message }).to_string(),
    )
}

fn token_use(claims: Option<&Value>) -> Option<&str> {
    claims?.get("token_use")?.as_str()
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
        assert!(b.get("admin").is_none(), "a customer got admin data: {b}");
    }

    #[test]
    fn an_admins_me_carries_the_same_summary_as_admin_summary() {
        let admin = json!({"sub": "a1", "cognito:groups": "[admins customers]"});
        let me = body(&call("GET", "/me", Some(&admin)));
        let summary = body(&call("GET", "/admin/summary", Some(&admin)));
        assert_eq!(me["admin"], summary);
        assert_eq!(me["admin"]["source"], "static");
        assert_eq!(me["groups"], json!(["admins", "customers"]));
    }

    #[test]
    fn every_answer_is_uncacheable_and_varies_on_origin() {
        let customer = json!({"sub": "c1", "cognito:groups": "[customers]"});
        for (method, resource, claims) in [
            ("GET", "/me", Some(&customer)),
            ("GET", "/admin/summary", Some(&customer)),
            ("GET", "/me", None),
            ("GET", "/nope", None),
            ("DELETE", "/me", None),
            ("OPTIONS", "/me", None),
        ] {
            let r = call(method, resource, claims);
            let value = |name: &str| {
                r.headers
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_str())
            };
            assert_eq!(
                value("Cache-Control"),
                Some("no-store"),
                "{method} {resource}"
            );
            assert!(
                value("Vary").unwrap().contains("Origin"),
                "{method} {resource}"
            );
            let is_preflight = method == "OPTIONS";
            assert_eq!(
                value("Access-Control-Max-Age").is_some(),
                is_preflight,
                "{method} {resource}"
            );
            assert_eq!(
                value("Vary") == Some("Origin, Authorization"),
                !is_preflight,
                "{method} {resource}"
            );
        }
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
