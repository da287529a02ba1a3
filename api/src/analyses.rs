//! `GET /analyses`, `POST /analyses`, `GET /analyses/{id}`: the tenant's analyses, behind the
//! scoped authorizer (access token, `portal-api/analyses.read` / `.write`).
//!
//! Pure: [`plan`] turns a request into one store operation or a refusal, [`render`] turns the
//! store's outcome into the answer; the glue runs the operation in between. The tenant comes from
//! [`crate::tenancy::access_from_claims`] only; a `tenant` in the body is ignored like any other
//! unknown field.

use crate::routes::{coded_error, ApiResponse};
use crate::store::{analysis_id, Analysis, StoreOp, StoreOutcome, ID_RANDOM_BYTES};
use crate::tenancy::{access_from_claims, MachineClients, Refused};
use portal_token_trigger::{READ_SCOPE, WRITE_SCOPE};
use serde_json::{json, Value};

/// The largest body `POST /analyses` reads.
pub const MAX_BODY_BYTES: usize = 4096;
/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// What the analyses routes need from a request.
#[derive(Clone, Copy, Debug)]
pub struct AnalysesRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// `/analyses` or `/analyses/{id}`.
    pub resource: &'a str,
    /// The `{id}` path parameter.
    pub id: Option<&'a str>,
    /// The body's bytes.
    pub body: &'a [u8],
    /// The authorizer's claims.
    pub claims: Option<&'a Value>,
}

/// A planned store operation, and who asked (for the log).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// The operation.
    pub op: StoreOp,
    /// The username or `machine:<client id>`.
    pub who: String,
}

/// Whether `resource` is one of these routes.
pub fn is_analyses_resource(resource: &str) -> bool {
    matches!(resource, "/analyses" | "/analyses/{id}")
}

/// Decides what `request` may do. `random` gives the random part of the id a `POST` creates
/// (asked only then: no other route depends on the randomness source); `now` is Unix seconds.
///
/// # Errors
/// The refusal to send: 405, 401/403 for the token, 403 for a missing scope, 400/413 for the
/// body, 404 for an id that cannot exist, 503 when no random id could be made.
pub fn plan(
    request: &AnalysesRequest<'_>,
    machines: &MachineClients,
    now: i64,
    random: impl FnOnce() -> Option<[u8; ID_RANDOM_BYTES]>,
) -> Result<Planned, ApiResponse> {
    let (needed, allow) = match (request.method, request.resource) {
        ("GET", "/analyses" | "/analyses/{id}") => (READ_SCOPE, ""),
        ("POST", "/analyses") => (WRITE_SCOPE, ""),
        (_, "/analyses") => ("", "GET,POST,OPTIONS"),
        _ => ("", "GET,OPTIONS"),
    };
    if needed.is_empty() {
        let mut r = coded_error(405, "method_not_allowed", "Method not allowed here.");
        r.headers.push(("Allow", allow.to_owned()));
        r.reason = Some("method not allowed");
        return Err(r);
    }
    let access = access_from_claims(request.claims, machines).map_err(refusal)?;
    let who = access.created_by();
    if !access.has(needed) {
        let mut r = coded_error(
            403,
            "missing_scope",
            &format!("Forbidden: this call needs an access token with the scope {needed}, and yours does not carry it. Your organisation may have read-only access; ask your administrator."),
        );
        r.sub = Some(who);
        r.reason = Some("missing scope");
        return Err(r);
    }
    let tenant = access.tenant.clone();
    let op = match (request.method, request.resource) {
        ("POST", _) => {
            let name = new_name(request.body).map_err(|r| ApiResponse {
                sub: Some(who.clone()),
                ..r
            })?;
            let Some(random) = random() else {
                let mut r = coded_error(
                    503,
                    "id_unavailable",
                    "The API could not make a new analysis id. Nothing was changed; try again in a moment.",
                );
                r.sub = Some(who);
                r.reason = Some("no randomness");
                return Err(r);
            };
            StoreOp::Create(
                tenant,
                Analysis {
                    id: analysis_id(now, &random),
                    name,
                    status: "queued".to_owned(),
                    created_by: who.clone(),
                    created_at: now,
                },
            )
        }
        (_, "/analyses/{id}") => match request.id.filter(|id| is_analysis_id(id)) {
            Some(id) => StoreOp::Get(tenant, id.to_owned()),
            None => return Err(not_found(who)),
        },
        _ => StoreOp::List(tenant),
    };
    Ok(Planned { op, who })
}

/// The answer for the store's `outcome`.
pub fn render(outcome: StoreOutcome, who: String) -> ApiResponse {
    let (status, body, reason) = match outcome {
        StoreOutcome::Listed(list, more) => (200, json!({ "analyses": list, "more": more }), None),
        StoreOutcome::Found(Some(analysis)) => (200, json!({ "analysis": analysis }), None),
        StoreOutcome::Found(None) => return not_found(who),
        StoreOutcome::Created(analysis) => (201, json!({ "analysis": analysis }), None),
        StoreOutcome::Failed(reason) => {
            let mut r = coded_error(
                503,
                "store_unavailable",
                "The analyses store did not answer. Nothing was changed; try again in a moment.",
            );
            r.sub = Some(who);
            r.reason = Some(reason);
            return r;
        }
    };
    ApiResponse {
        status,
        headers: Vec::new(),
        body: body.to_string(),
        sub: Some(who),
        reason,
    }
}

/// Ids this API makes: 32 lowercase hex characters. Anything else cannot exist.
pub fn is_analysis_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Reads `{"name": "…"}`: at most [`MAX_BODY_BYTES`], a JSON object whose `name` is text of 1 to
/// [`MAX_NAME_CHARS`] characters once trimmed, without control or bidirectional-formatting
/// characters (which would make a listed name read differently from what it is). Other fields,
/// `tenant` among them, are ignored.
///
/// # Errors
/// The 400 or 413 answer.
pub fn new_name(body: &[u8]) -> Result<String, ApiResponse> {
    if body.len() > MAX_BODY_BYTES {
        let mut r = coded_error(
            413,
            "body_too_large",
            &format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
        );
        r.reason = Some("body too large");
        return Err(r);
    }
    let bad = |message: &str| {
        let mut r = coded_error(400, "invalid_body", message);
        r.reason = Some("invalid body");
        r
    };
    let value: Value = serde_json::from_slice(body)
        .map_err(|_| bad("The body must be JSON like {\"name\": \"Quarterly churn\"}."))?;
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("The body must be a JSON object with a text field \"name\"."))?
        .trim();
    let count = name.chars().count();
    if count == 0 || count > MAX_NAME_CHARS {
        return Err(bad(&format!(
            "The name must be 1 to {MAX_NAME_CHARS} characters long."
        )));
    }
    if name.chars().any(is_forbidden_char) {
        return Err(bad(
            "The name must not contain control or text-direction characters.",
        ));
    }
    Ok(name.to_owned())
}

fn is_forbidden_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn not_found(who: String) -> ApiResponse {
    let mut r = coded_error(
        404,
        "not_found",
        "No analysis with this id in your organisation.",
    );
    r.sub = Some(who);
    r.reason = Some("not found");
    r
}

fn refusal(refused: Refused) -> ApiResponse {
    let (status, code, message, reason) = match refused {
        Refused::NoClaims => (401, "unauthorized", "Unauthorized: no Cognito claims reached the API; the method must use the scoped Cognito authorizer.", "no claims"),
        Refused::NotAnAccessToken => (403, "access_token_required", "Forbidden: this route takes the access token (with its portal-api scopes), not the ID token.", "not an access token"),
        Refused::NoTenant => (403, "no_tenant", "Forbidden: your token names no organisation (tenant_id). Sign in again; if it persists, ask your administrator to set your organisation.", "no tenant"),
        Refused::MachineUnbound => (403, "machine_client_unbound", "Forbidden: this machine client is not bound to an organisation in the API's configuration.", "machine client unbound"),
        Refused::BadClaim(claim) => (401, "malformed_claims", "Unauthorized: the token's claims are malformed.", claim),
    };
    let mut r = coded_error(status, code, message);
    r.reason = Some(reason);
    r
}
