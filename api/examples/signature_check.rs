//! Checks the store's signing against a running DynamoDB endpoint (the local emulator, which
//! verifies Signature Version 4 for every key but its root key `test`): a `GetItem` signed with
//! the given credentials must be answered, and the same call signed with a wrong secret must be
//! refused for its signature. Exit status 0 when both hold.
//!
//! `AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=… \
//!  AWS_SECRET_ACCESS_KEY=… ANALYSES_TABLE=… cargo run -p portal-api --example signature_check`
//! with the keys of an IAM user allowed `dynamodb:GetItem` on the table (not the root key).

use portal_api::aws_env::AwsConfig;
use portal_api::dynamo::DynamoStore;
use portal_api::sigv4::Secret;
use portal_api::store::{Store, StoreOp, StoreOutcome};
use portal_token_trigger::TenantId;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let table = std::env::var("ANALYSES_TABLE").unwrap_or_default();
    let config = match AwsConfig::from_vars(|name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(error) => return report(false, error.reason()),
    };
    let Ok(tenant) = TenantId::parse("acme") else {
        return report(false, "tenant");
    };
    let get = StoreOp::Get(tenant, "0".repeat(32));
    let signed = DynamoStore::new(&table, Ok(config.clone()))
        .run(get.clone())
        .await;
    if !matches!(signed, StoreOutcome::Found(_)) {
        return report(false, &format!("correctly signed call refused: {signed:?}"));
    }
    let mut wrong = config;
    let secret = format!("{}x", wrong.credentials.secret_access_key.expose());
    wrong.credentials.secret_access_key = Secret::new(secret);
    let refused = DynamoStore::new(&table, Ok(wrong)).run(get).await;
    match refused {
        StoreOutcome::Failed(reason) if reason.contains("Signature") => report(
            true,
            &format!("correctly signed call answered; wrong secret refused ({reason})"),
        ),
        other => report(
            false,
            &format!("wrongly signed call not refused: {other:?}"),
        ),
    }
}

fn report(ok: bool, text: &str) -> ExitCode {
    #[allow(clippy::print_stdout, reason = "the check's one line of output")]
    {
        println!(
            "signature check: {}: {text}",
            if ok { "ok" } else { "FAILED" }
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
