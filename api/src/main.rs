//! The Lambda entry point (`bootstrap` for `provided.al2023`): `lambda_http` glue around
//! [`portal_api::glue::respond`].

use lambda_http::{run, service_fn, Error, Request};
use portal_api::cors::parse_allowed;
use portal_api::dynamo::DynamoStore;
use portal_api::glue::{respond, Setup};
use portal_api::store::ID_RANDOM_BYTES;
use portal_api::tenancy::MachineClients;
use portal_token_trigger::TenantTable;
use std::io::Read;
use std::time::{SystemTime, UNIX_EPOCH};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let setup = Setup {
        allowed: parse_allowed(&std::env::var("ALLOWED_ORIGINS").unwrap_or_default()),
        // A malformed TENANT_SCOPES serves nobody, so no machine client is bound.
        machines: MachineClients::parse(
            &std::env::var("MACHINE_CLIENT_TENANTS").unwrap_or_default(),
        )
        .served_by(
            &TenantTable::parse(&std::env::var("TENANT_SCOPES").unwrap_or_default())
                .unwrap_or_default(),
        ),
        store: DynamoStore::from_env(&std::env::var("ANALYSES_TABLE").unwrap_or_default()),
    };
    let setup = &setup;
    run(service_fn(move |request: Request| async move {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let (response, log_line) = respond(&request, setup, now, random_bytes).await;
        #[allow(clippy::print_stdout, reason = "Lambda's stdout is the log")]
        {
            println!("{log_line}");
        }
        Ok::<_, Error>(response)
    }))
    .await
}

/// Random bytes from the kernel for a new analysis id (only `POST /analyses` asks), or `None`
/// when they cannot be read: that call then answers 503 and every other route is unaffected.
fn random_bytes() -> Option<[u8; ID_RANDOM_BYTES]> {
    let mut bytes = [0_u8; ID_RANDOM_BYTES];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .ok()?;
    Some(bytes)
}
