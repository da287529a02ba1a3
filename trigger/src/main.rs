//! The trigger's entry point: `lambda_runtime` glue around [`portal_token_trigger::decide`].

use lambda_runtime::{run, service_fn, Diagnostic, Error, LambdaEvent};
use portal_token_trigger::{decide, ProviderTable, Refusal, Settings, TenantTable};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    // A broken table refuses every sign-in (fail closed) and says so in the log once.
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let parsed = TenantTable::parse(&var("TENANT_SCOPES"))
        .map_err(|reason| ("TENANT_SCOPES", reason))
        .and_then(|tenants| {
            ProviderTable::parse(&var("PROVIDER_TENANTS"))
                .map(|providers| (tenants, providers))
                .map_err(|reason| ("PROVIDER_TENANTS", reason))
        });
    let table = match parsed {
        Ok((tenants, providers)) => Some(Settings {
            tenants,
            providers,
            emulator_refresh: var("EMULATOR_REFRESH_WITHOUT_ATTRIBUTES") == "1",
        }),
        Err((name, reason)) => {
            #[allow(clippy::print_stdout, reason = "Lambda's stdout is the log")]
            {
                println!(
                    r#"{{"level":"error","message":"{name} is invalid","reason":{reason:?}}}"#
                );
            }
            None
        }
    };
    run(service_fn(move |event: LambdaEvent<Value>| {
        let table = table.clone();
        async move {
            let answer = match &table {
                Some(table) => decide(&event.payload, table),
                None => Err(Refusal::Misconfigured),
            };
            // One line per decision: the source and the outcome, never an attribute's value.
            let source = event
                .payload
                .get("triggerSource")
                .and_then(Value::as_str)
                .filter(|s| {
                    s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                })
                .unwrap_or("?");
            let outcome = match &answer {
                Ok(_) => "issued".to_owned(),
                Err(refusal) => format!("{refusal:?}"),
            };
            #[allow(clippy::print_stdout, reason = "Lambda's stdout is the log")]
            {
                println!(r#"{{"level":"info","triggerSource":"{source}","outcome":"{outcome}"}}"#);
            }
            answer.map_err(Refused)
        }
    }))
    .await
}

/// A refusal as Lambda reports it: Cognito shows `errorMessage` to the client (after its own
/// `PreTokenGeneration failed with error` prefix), so it is the refusal's words; `errorType` names
/// the kind instead of Rust's type path.
#[derive(Debug)]
struct Refused(Refusal);

impl From<Refused> for Diagnostic {
    fn from(refused: Refused) -> Self {
        Self {
            error_type: format!("TenantRefused.{:?}", refused.0),
            error_message: refused.0.to_string(),
        }
    }
}
