//! The portal's protected API, behind API Gateway (REST) with a `COGNITO_USER_POOLS` authorizer.
//!
//! API Gateway checks the ID token before the Lambda runs and passes its claims, stringified, in
//! the request context (`"cognito:groups": "[admins customers]"`). The routing and the answers
//! are pure (`routes::handle`), unit-tested with API Gateway event fixtures; `main.rs` is the
//! `lambda_http` glue. An admin's `GET /me` carries the admin summary (`admin::summary_for`), so
//! the portal's home page costs one call; `GET /admin/summary` stays for scripts.
//!
//! The tenant's analyses (`analyses`) sit behind a second, scoped authorizer that takes the
//! access token; the tenant comes from its claims only (`tenancy`), and the data from DynamoDB
//! (`dynamo`), keyed by tenant (`store`), through a small client of this crate's own: the
//! configuration from the environment (`aws_env`), signing (Signature Version 4, `sigv4`), HTTPS (`http`).

pub mod admin;
pub mod analyses;
pub mod aws_env;
pub mod caller;
pub mod cors;
pub mod dynamo;
pub mod glue;
pub mod http;
pub mod log;
pub mod routes;
pub mod sigv4;
pub mod store;
pub mod tenancy;
