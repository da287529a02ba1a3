//! The `lambda_http` glue: the API Gateway request's parts in, an `http::Response` out.

use crate::log::RequestLog;
use crate::routes::{handle, ApiRequest};
use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt, Response};

/// Answers one request; returns the response and the JSON log line to print.
pub fn respond(request: &Request, allowed: &[String], now: i64) -> (Response<Body>, String) {
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
    let answer = handle(&api_request, allowed, now);
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
