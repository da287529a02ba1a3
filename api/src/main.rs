//! The Lambda entry point (`bootstrap` for `provided.al2023`): `lambda_http` glue around
//! [`portal_api::routes::handle`].

use lambda_http::{run, service_fn, Error, Request};
use portal_api::cors::parse_allowed;
use portal_api::glue::respond;
use std::time::{SystemTime, UNIX_EPOCH};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let allowed = parse_allowed(&std::env::var("ALLOWED_ORIGINS").unwrap_or_default());
    run(service_fn(move |request: Request| {
        let allowed = allowed.clone();
        async move {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
            let (response, log_line) = respond(&request, &allowed, now);
            #[allow(clippy::print_stdout, reason = "Lambda's stdout is the log")]
            {
                println!("{log_line}");
            }
            Ok::<_, Error>(response)
        }
    }))
    .await
}
