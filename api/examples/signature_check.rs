//! Checks the store's signing against the local emulator, which verifies Signature Version 4 for
//! every key but its root key `test` (docs/local-aws.md): it creates an IAM user allowed
//! `dynamodb:GetItem` (signed with the root key), then a `GetItem` on the analyses table signed
//! with the user's key must be answered, and the same call signed with a wrong secret must be
//! refused for its signature. Exit status 0 when both hold.
//!
//! `AWS_ENDPOINT_URL=http://127.0.0.1:4566 cargo run -p portal-api --example signature_check`
//! after `deploy.py local`. Only a plain-http loopback endpoint is accepted, so it never creates
//! a user on AWS.

use portal_api::aws_env::{AwsConfig, Endpoint};
use portal_api::dynamo::DynamoStore;
use portal_api::http::HttpClient;
use portal_api::sigv4::{sign, uri_encode, Credentials, Request, Scope, Secret};
use portal_api::store::{Store, StoreOp, StoreOutcome};
use portal_token_trigger::TenantId;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

const REGION: &str = "us-east-1";
const USER: &str = "portal-sigv4-check";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(text) => report(true, &text),
        Err(text) => report(false, &text),
    }
}

async fn run() -> Result<String, String> {
    let url = std::env::var("AWS_ENDPOINT_URL").unwrap_or_default();
    let endpoint = Endpoint::parse(&url).map_err(|e| format!("AWS_ENDPOINT_URL: {e:?}"))?;
    if endpoint.tls {
        return Err("only the local emulator (plain http on loopback) is checked".into());
    }
    let http = HttpClient::new().map_err(|e| e.to_string())?;
    let root = Credentials {
        access_key_id: Secret::new("test".into()),
        secret_access_key: Secret::new("test".into()),
        session_token: None,
    };
    let (client, at, key) = (&http, &endpoint, &root);
    let call = move |service: &'static str, headers: Vec<(&'static str, String)>, body: String| {
        signed_post(client, at, key, service, headers, body)
    };
    // The analyses table, found with the root key.
    let target = ("X-Amz-Target", "DynamoDB_20120810.ListTables".to_owned());
    let content = ("Content-Type", "application/x-amz-json-1.0".to_owned());
    let tables = call("dynamodb", vec![content, target], "{}".into()).await?;
    let tables: serde_json::Value = serde_json::from_str(&tables).map_err(|e| e.to_string())?;
    let table = tables
        .get("TableNames")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .find(|name| name.contains("AnalysesTable"))
        .ok_or("no analyses table: deploy first")?
        .to_owned();
    // An IAM user allowed GetItem, and its key.
    let form = (
        "Content-Type",
        "application/x-www-form-urlencoded".to_owned(),
    );
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]}"#;
    // Already there from an earlier run: fine.
    let _ = call("iam", vec![form.clone()], iam("CreateUser", &[])).await;
    call(
        "iam",
        vec![form.clone()],
        iam(
            "PutUserPolicy",
            &[("PolicyName", "get"), ("PolicyDocument", policy)],
        ),
    )
    .await?;
    let key = call("iam", vec![form], iam("CreateAccessKey", &[])).await?;
    let (Some(id), Some(secret)) = (
        between(&key, "AccessKeyId"),
        between(&key, "SecretAccessKey"),
    ) else {
        return Err("CreateAccessKey answered no key".into());
    };
    let vars = |name: &str| match name {
        "AWS_REGION" => Some(REGION.to_owned()),
        "AWS_ACCESS_KEY_ID" => Some(id.to_owned()),
        "AWS_SECRET_ACCESS_KEY" => Some(secret.to_owned()),
        "AWS_ENDPOINT_URL" => Some(url.clone()),
        _ => None,
    };
    let config = AwsConfig::from_vars(vars).map_err(|e| e.reason().to_owned())?;
    let tenant = TenantId::parse("acme").map_err(|_| "tenant")?;
    let get = StoreOp::Get(tenant, "0".repeat(32));
    let signed = DynamoStore::new(&table, Ok(config.clone()))
        .run(get.clone())
        .await;
    if !matches!(signed, StoreOutcome::Found(_)) {
        return Err(format!("correctly signed call refused: {signed:?}"));
    }
    let mut wrong = config;
    wrong.credentials.secret_access_key = Secret::new(format!("{secret}x"));
    match DynamoStore::new(&table, Ok(wrong)).run(get).await {
        StoreOutcome::Failed(reason) if reason.contains("Signature") => Ok(format!(
            "correctly signed call answered; wrong secret refused ({reason})"
        )),
        other => Err(format!("wrongly signed call not refused: {other:?}")),
    }
}

/// An IAM query-protocol body for `action` on the check's user.
fn iam(action: &str, extra: &[(&str, &str)]) -> String {
    let mut body = format!("Action={action}&Version=2010-05-08&UserName={USER}");
    for (name, value) in extra {
        let _ = write!(body, "&{name}={}", uri_encode(value, false));
    }
    body
}

/// Signs (as `service`) and POSTs `body`; the answer's text when it is a 200.
async fn signed_post(
    http: &HttpClient,
    endpoint: &Endpoint,
    credentials: &Credentials,
    service: &str,
    mut headers: Vec<(&'static str, String)>,
    body: String,
) -> Result<String, String> {
    headers.push(("Host", endpoint.authority.clone()));
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    let borrowed: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let request = Request {
        method: "POST",
        path: "/",
        query: &[],
        headers: &borrowed,
        body: body.as_bytes(),
    };
    let scope = Scope {
        region: REGION,
        service,
    };
    let signed = sign(&request, credentials, scope, now);
    let mut all = borrowed.clone();
    all.extend(signed.headers());
    let answer = http
        .post(&endpoint.url(), &all, body.clone().into_bytes())
        .await
        .map_err(|e| e.reason().to_owned())?;
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    if answer.status == 200 {
        Ok(text)
    } else {
        Err(format!("{service} answered {}", answer.status))
    }
}

/// The text of the first `<tag>…</tag>`.
fn between<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let end = start + xml.get(start..)?.find(&format!("</{tag}>"))?;
    xml.get(start..end)
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
