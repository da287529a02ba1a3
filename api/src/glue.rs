//! The `lambda_http` glue: the API Gateway request's parts in, an `http::Response` out.

use crate::analyses::{is_analyses_resource, plan, render, AnalysesRequest};
use crate::log::RequestLog;
use crate::routes::{finish, handle, ApiRequest, ApiResponse};
use crate::store::{Store, ID_RANDOM_BYTES};
use crate::tenancy::MachineClients;
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};

/// What the Lambda is configured with, read once at start.
#[derive(Debug)]
pub struct Setup<S> {
    /// The portal origins (`ALLOWED_ORIGINS`).
    pub allowed: Vec<String>,
    /// Machine clients and their tenants (`MACHINE_CLIENT_TENANTS`).
    pub machines: MachineClients,
    /// The analyses store.
    pub store: S,
}

/// Answers one request; returns the response and the JSON log line to print. `random` is asked
/// only by `POST /analyses`, for the random part of the new id.
pub async fn respond<S: Store>(
    request: &Request,
    setup: &Setup<S>,
    now: i64,
    random: impl FnOnce() -> Option<[u8; ID_RANDOM_BYTES]>,
) -> (Response<Body>, String) {
    let allowed = setup.allowed.as_slice();
    let context = request.request_context_ref();
    let (resource, claims, request_id) = match context {
        Some(RequestContext::ApiGatewayV1(ctx)) => (
            ctx.resource_path.clone(),
            ctx.authorizer.fields.get("claims").cloned(),
            ctx.request_id.clone().unwrap_or_default(),
        ),
        _ => (None, None, String::new()),
    };
    let resource = resource.unwrap_or_else(|| request.uri().path().to_owned());
    let origin = request
        .headers()
        .get("origin")
        .and_then(|v| v.to_str().ok());
    let api_request = ApiRequest {
        method: request.method().as_str(),
        resource: &resource,
        origin,
        claims: claims.as_ref(),
    };
    let answer = if is_analyses_resource(&resource) && api_request.method != "OPTIONS" {
        let path_parameters = request.path_parameters();
        let analyses_request = AnalysesRequest {
            method: api_request.method,
            resource: &resource,
            id: path_parameters.first("id"),
            body: request.body().as_ref(),
            claims: claims.as_ref(),
        };
        let answer: ApiResponse = match plan(&analyses_request, &setup.machines, now, random) {
            Ok(planned) => render(setup.store.run(planned.op).await, planned.who),
            Err(refused) => refused,
        };
        finish(answer, &api_request, allowed)
    } else {
        handle(&api_request, allowed, now)
    };
    let line = RequestLog {
        level: if answer.status >= 500 {
            "error"
        } else if answer.status >= 400 {
            "warn"
        } else {
            "info"
        },
        request_id: &request_id,
        route: format!("{} {resource}", request.method()),
        status: answer.status,
        sub: answer.sub.as_deref(),
        reason: answer.reason,
    }
    .to_line();
    let mut builder = Response::builder().status(answer.status);
    for (name, value) in &answer.headers {
        builder = builder.header(*name, value);
    }
    let body = if answer.body.is_empty() {
        Body::Empty
    } else {
        Body::Text(answer.body)
    };
    let response = builder.body(body).unwrap_or_else(|_| {
        let mut fallback = Response::new(Body::Text(r#"{"message":"Internal error"}"#.to_owned()));
        *fallback.status_mut() = lambda_http::http::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    });
    (response, line)
}
