//! The Lambda entry point (`bootstrap` for `provided.al2023`): `lambda_http` glue around
//! [`portal_api::glue::respond`].

use lambda_http::{run, service_fn, Error, Request};
use portal_api::cors::parse_allowed;
use portal_api::dynamo::DynamoStore;
use portal_api::glue::{respond, Setup};
use portal_api::tenancy::MachineClients;
use std::io::Read;
use std::time::{SystemTime, UNIX_EPOCH};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let setup = Setup {
        allowed: parse_allowed(&std::env::var("ALLOWED_ORIGINS").unwrap_or_default()),
        machines: MachineClients::parse(
            &std::env::var("MACHINE_CLIENT_TENANTS").unwrap_or_default(),
        ),
        store: DynamoStore::from_env(std::env::var("ANALYSES_TABLE").unwrap_or_default()).await,
    };
    let setup = &setup;
    run(service_fn(move |request: Request| async move {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let id = new_id()?;
        let (response, log_line) = respond(&request, setup, now, &id).await;
        #[allow(clippy::print_stdout, reason = "Lambda's stdout is the log")]
        {
            println!("{log_line}");
        }
        Ok::<_, Error>(response)
    }))
    .await
}

/// 128 random bits from the kernel as 32 lowercase hex characters: an analysis id nobody can
/// guess (ids are per tenant anyway; guessing one of another tenant's still finds nothing).
fn new_id() -> Result<String, Error> {
    let mut bytes = [0_u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    let mut id = String::with_capacity(32);
    for b in bytes {
        for nibble in [b >> 4, b & 0xf] {
            id.extend(char::from_digit(u32::from(nibble), 16));
        }
    }
    Ok(id)
}
