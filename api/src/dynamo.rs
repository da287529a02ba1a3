//! The analyses store in DynamoDB (the template's `AnalysesTable`: partition key `tenant`, sort key
//! `id`, time-ordered), through the AWS SDK for Rust. The list reads the tenant's partition
//! backwards (`ScanIndexForward` false): one page is the newest analyses, and a
//! `LastEvaluatedKey` says there are older ones.
//!
//! The table's name comes from `ANALYSES_TABLE`; the endpoint from `aws-config`'s usual sources,
//! so a local run points it at the emulator with `AWS_ENDPOINT_URL` (set by the template only
//! when its `LocalEndpoint` parameter is given) and AWS uses the regional endpoint.

use crate::store::{Analysis, Store, StoreOp, StoreOutcome, MAX_LISTED};
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use std::collections::HashMap;

/// DynamoDB behind [`Store`].
#[derive(Clone, Debug)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

impl DynamoStore {
    /// A store for `table`, with the SDK configured from the Lambda's environment (region,
    /// credentials, endpoint) and a rustls client with ring.
    pub async fn from_env(table: String) -> Self {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .http_client(http)
            .load()
            .await;
        Self {
            client: Client::new(&config),
            table,
        }
    }
}

impl Store for DynamoStore {
    async fn run(&self, op: StoreOp) -> StoreOutcome {
        match op {
            StoreOp::List(tenant) => {
                let answer = self
                    .client
                    .query()
                    .table_name(&self.table)
                    .key_condition_expression("#t = :t")
                    .expression_attribute_names("#t", "tenant")
                    .expression_attribute_values(
                        ":t",
                        AttributeValue::S(tenant.as_str().to_owned()),
                    )
                    .scan_index_forward(false)
                    .limit(i32::try_from(MAX_LISTED).unwrap_or(i32::MAX))
                    .send()
                    .await;
                match answer {
                    Ok(page) => {
                        let list: Vec<Analysis> =
                            page.items().iter().filter_map(from_item).collect();
                        let more = page.last_evaluated_key().is_some_and(|k| !k.is_empty());
                        StoreOutcome::Listed(list, more)
                    }
                    Err(_) => StoreOutcome::Failed("dynamodb query failed"),
                }
            }
            StoreOp::Get(tenant, id) => {
                let answer = self
                    .client
                    .get_item()
                    .table_name(&self.table)
                    .key("tenant", AttributeValue::S(tenant.as_str().to_owned()))
                    .key("id", AttributeValue::S(id))
                    .consistent_read(true)
                    .send()
                    .await;
                match answer {
                    Ok(found) => StoreOutcome::Found(found.item().and_then(from_item)),
                    Err(_) => StoreOutcome::Failed("dynamodb get failed"),
                }
            }
            StoreOp::Create(tenant, analysis) => {
                let answer = self
                    .client
                    .put_item()
                    .table_name(&self.table)
                    .set_item(Some(to_item(tenant.as_str(), &analysis)))
                    // A new id never overwrites an item, whatever the odds.
                    .condition_expression("attribute_not_exists(id)")
                    .send()
                    .await;
                match answer {
                    Ok(_) => StoreOutcome::Created(analysis),
                    Err(_) => StoreOutcome::Failed("dynamodb put failed"),
                }
            }
        }
    }
}

/// The item for `analysis` of `tenant`.
pub fn to_item(tenant: &str, analysis: &Analysis) -> HashMap<String, AttributeValue> {
    HashMap::from([
        ("tenant".to_owned(), AttributeValue::S(tenant.to_owned())),
        ("id".to_owned(), AttributeValue::S(analysis.id.clone())),
        ("name".to_owned(), AttributeValue::S(analysis.name.clone())),
        (
            "status".to_owned(),
            AttributeValue::S(analysis.status.clone()),
        ),
        (
            "createdBy".to_owned(),
            AttributeValue::S(analysis.created_by.clone()),
        ),
        (
            "createdAt".to_owned(),
            AttributeValue::N(analysis.created_at.to_string()),
        ),
    ])
}

/// An item read back, or `None` when it is not one this API wrote (skipped, not shown).
pub fn from_item<H: std::hash::BuildHasher>(
    item: &HashMap<String, AttributeValue, H>,
) -> Option<Analysis> {
    let text = |name: &str| item.get(name)?.as_s().ok().cloned();
    Some(Analysis {
        id: text("id")?,
        name: text("name")?,
        status: text("status")?,
        created_by: text("createdBy")?,
        created_at: item.get("createdAt")?.as_n().ok()?.parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_round_trips_and_a_foreign_one_is_skipped() {
        let analysis = Analysis {
            id: "0123456789abcdef0123456789abcdef".into(),
            name: "Churn".into(),
            status: "queued".into(),
            created_by: "u1".into(),
            created_at: 7,
        };
        let item = to_item("acme", &analysis);
        assert_eq!(item["tenant"], AttributeValue::S("acme".into()));
        assert_eq!(from_item(&item), Some(analysis));
        let mut broken = item.clone();
        broken.insert("createdAt".into(), AttributeValue::S("soon".into()));
        assert_eq!(from_item(&broken), None);
        broken.remove("createdAt");
        assert_eq!(from_item(&broken), None);
    }
}
