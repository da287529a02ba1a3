//! The analyses store in DynamoDB (the template's `AnalysesTable`: partition key `tenant`, sort key
//! `id`, time-ordered), through DynamoDB's JSON protocol (`application/x-amz-json-1.0`,
//! `X-Amz-Target: DynamoDB_20120810.<Op>`), signed with [`crate::sigv4`] and sent by
//! [`crate::http`]. Three calls only: `Query` (the list), `GetItem` with `ConsistentRead` (one
//! analysis), `PutItem` with `attribute_not_exists(id)` (a new one). A small client of its own
//! instead of the AWS SDK for Rust, whose compile made the first run miss #11's target.
//!
//! The list reads the tenant's partition backwards (`ScanIndexForward` false): one page is the
//! newest analyses, and a `LastEvaluatedKey` says there are older ones.
//!
//! Every answer is parsed defensively: an answer of an unexpected shape is a
//! [`StoreOutcome::Failed`], never a panic; an error keeps DynamoDB's `__type` for the log when it
//! is one DynamoDB documents (a fixed list, so no text from the answer reaches the log). The
//! configuration ([`AwsConfig`]) is read once at start; when it is malformed, every store call
//! fails with its reason and the other routes are unaffected.

use crate::aws_env::{check_table, AwsConfig, ConfigError};
use crate::http::HttpClient;
use crate::sigv4::{sign, Request, Scope};
use crate::store::{Analysis, Store, StoreOp, StoreOutcome, MAX_LISTED};
use serde_json::{json, Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// DynamoDB's JSON protocol version, in `Content-Type`.
const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

/// DynamoDB behind [`Store`].
#[derive(Debug)]
pub struct DynamoStore {
    client: Result<Client, &'static str>,
}

/// A configured client.
#[derive(Debug)]
struct Client {
    http: HttpClient,
    config: AwsConfig,
    table: String,
}

impl DynamoStore {
    /// A store for `table`, configured from the Lambda's environment ([`AwsConfig::from_vars`]).
    pub fn from_env(table: &str) -> Self {
        Self::new(table, AwsConfig::from_vars(|name| std::env::var(name).ok()))
    }

    /// A store for `table` with `config`; a bad table name or configuration makes every call fail
    /// with its reason.
    pub fn new(table: &str, config: Result<AwsConfig, ConfigError>) -> Self {
        let client = check_table(table)
            .and(config)
            .map_err(ConfigError::reason)
            .and_then(|config| {
                let http = HttpClient::new().map_err(|_| "dynamodb: no root certificates")?;
                Ok(Client {
                    http,
                    config,
                    table: table.to_owned(),
                })
            });
        Self { client }
    }

    /// Why every call fails, when it does.
    pub fn unusable(&self) -> Option<&'static str> {
        self.client.as_ref().err().copied()
    }
}

impl Client {
    /// Signs and sends one call; the answer's JSON object, or why not.
    async fn call(
        &self,
        operation: &str,
        body: &Value,
    ) -> Result<Map<String, Value>, &'static str> {
        let body = serde_json::to_vec(body).map_err(|_| "dynamodb request not serialisable")?;
        let target = format!("DynamoDB_20120810.{operation}");
        let authority = self.config.endpoint.authority.as_str();
        let headers = [
            ("Content-Type", CONTENT_TYPE),
            ("Host", authority),
            ("X-Amz-Target", target.as_str()),
        ];
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let request = Request {
            method: "POST",
            path: "/",
            query: &[],
            headers: &headers,
            body: &body,
        };
        let scope = Scope {
            region: &self.config.region,
            service: "dynamodb",
        };
        let signed = sign(&request, &self.config.credentials, scope, now);
        let mut all = headers.to_vec();
        all.extend(signed.headers());
        let answer = self
            .http
            .post(&self.config.endpoint.url(), &all, body)
            .await
            .map_err(crate::http::HttpError::reason)?;
        parse_answer(answer.status, &answer.body)
    }
}

impl Store for DynamoStore {
    async fn run(&self, op: StoreOp) -> StoreOutcome {
        let client = match &self.client {
            Ok(client) => client,
            Err(reason) => return StoreOutcome::Failed(reason),
        };
        let table = client.table.as_str();
        match op {
            StoreOp::List(tenant) => {
                let request = query_request(table, tenant.as_str());
                match client.call("Query", &request).await {
                    Ok(page) => listed(&page),
                    Err(reason) => StoreOutcome::Failed(reason),
                }
            }
            StoreOp::Get(tenant, id) => {
                let request = json!({
                    "TableName": table,
                    "Key": { "tenant": { "S": tenant.as_str() }, "id": { "S": id } },
                    "ConsistentRead": true,
                });
                match client.call("GetItem", &request).await {
                    Ok(found) => found_item(&found),
                    Err(reason) => StoreOutcome::Failed(reason),
                }
            }
            StoreOp::Create(tenant, analysis) => {
                let request = json!({
                    "TableName": table,
                    "Item": to_item(tenant.as_str(), &analysis),
                    // A new id never overwrites an item, whatever the odds.
                    "ConditionExpression": "attribute_not_exists(id)",
                });
                match client.call("PutItem", &request).await {
                    Ok(_) => StoreOutcome::Created(analysis),
                    Err(reason) => StoreOutcome::Failed(reason),
                }
            }
        }
    }
}

/// The `Query` for the newest [`MAX_LISTED`] analyses of `tenant`.
pub fn query_request(table: &str, tenant: &str) -> Value {
    json!({
        "TableName": table,
        "KeyConditionExpression": "#t = :t",
        "ExpressionAttributeNames": { "#t": "tenant" },
        "ExpressionAttributeValues": { ":t": { "S": tenant } },
        "ScanIndexForward": false,
        "Limit": MAX_LISTED,
    })
}

/// A `Query` answer: its items (those this API did not write skipped), and whether there are
/// more. No `Items` array is a malformed answer.
pub fn listed(page: &Map<String, Value>) -> StoreOutcome {
    let Some(items) = page.get("Items").and_then(Value::as_array) else {
        return StoreOutcome::Failed("dynamodb query answer malformed");
    };
    let list = items
        .iter()
        .filter_map(Value::as_object)
        .filter_map(from_item)
        .take(MAX_LISTED)
        .collect();
    let more = page
        .get("LastEvaluatedKey")
        .and_then(Value::as_object)
        .is_some_and(|key| !key.is_empty());
    StoreOutcome::Listed(list, more)
}

/// A `GetItem` answer: no `Item` is not found; an `Item` that is not an object is malformed.
pub fn found_item(answer: &Map<String, Value>) -> StoreOutcome {
    match answer.get("Item") {
        None => StoreOutcome::Found(None),
        Some(Value::Object(item)) => StoreOutcome::Found(from_item(item)),
        Some(_) => StoreOutcome::Failed("dynamodb get answer malformed"),
    }
}

/// A 200 answer's JSON object, or the reason for the log: DynamoDB's error type when it is a
/// known one.
///
/// # Errors
/// The reason for the log.
pub fn parse_answer(status: u16, body: &[u8]) -> Result<Map<String, Value>, &'static str> {
    let parsed: Option<Map<String, Value>> = serde_json::from_slice(body).ok();
    if status == 200 {
        return parsed.ok_or("dynamodb answer malformed");
    }
    let error_type = parsed
        .as_ref()
        .and_then(|answer| answer.get("__type"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    // `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`: the part after `#`.
    let name = error_type.rsplit('#').next().unwrap_or_default();
    Err(KNOWN_ERRORS
        .iter()
        .find(|known| known.strip_prefix("dynamodb: ") == Some(name))
        .copied()
        .unwrap_or(if status >= 500 {
            "dynamodb: server error of an unknown type"
        } else {
            "dynamodb: client error of an unknown type"
        }))
}

/// The errors DynamoDB documents for these calls, and the signing ones, as logged.
const KNOWN_ERRORS: &[&str] = &[
    "dynamodb: AccessDeniedException",
    "dynamodb: ConditionalCheckFailedException",
    "dynamodb: ExpiredTokenException",
    "dynamodb: IncompleteSignatureException",
    "dynamodb: InternalServerError",
    "dynamodb: InvalidSignatureException",
    "dynamodb: InvalidClientTokenId",
    "dynamodb: MissingAuthenticationTokenException",
    "dynamodb: ProvisionedThroughputExceededException",
    "dynamodb: RequestLimitExceeded",
    "dynamodb: ResourceNotFoundException",
    "dynamodb: ServiceUnavailable",
    "dynamodb: SignatureDoesNotMatch",
    "dynamodb: ThrottlingException",
    "dynamodb: UnrecognizedClientException",
    "dynamodb: ValidationException",
];

/// The item for `analysis` of `tenant`, in DynamoDB's JSON attribute-value form.
pub fn to_item(tenant: &str, analysis: &Analysis) -> Value {
    json!({
        "tenant": { "S": tenant },
        "id": { "S": analysis.id },
        "name": { "S": analysis.name },
        "status": { "S": analysis.status },
        "createdBy": { "S": analysis.created_by },
        "createdAt": { "N": analysis.created_at.to_string() },
    })
}

/// An item read back, or `None` when it is not one this API wrote (skipped, not shown): each
/// attribute must be exactly `{"S": text}` (or `{"N": digits}` for `createdAt`).
pub fn from_item(item: &Map<String, Value>) -> Option<Analysis> {
    let typed = |name: &str, kind: &str| -> Option<String> {
        let attribute = item.get(name)?.as_object()?;
        if attribute.len() != 1 {
            return None;
        }
        attribute.get(kind)?.as_str().map(str::to_owned)
    };
    Some(Analysis {
        id: typed("id", "S")?,
        name: typed("name", "S")?,
        status: typed("status", "S")?,
        created_by: typed("createdBy", "S")?,
        created_at: typed("createdAt", "N")?.parse().ok()?,
    })
}

#[cfg(test)]
#[path = "dynamo_tests.rs"]
mod tests;
