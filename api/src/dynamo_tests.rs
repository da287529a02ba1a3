use super::*;
use crate::sigv4::{Credentials, Secret};

fn analysis() -> Analysis {
    Analysis {
        id: "0123456789abcdef0123456789abcdef".into(),
        name: "Churn".into(),
        status: "queued".into(),
        created_by: "u1".into(),
        created_at: 7,
    }
}

fn object(value: Value) -> Map<String, Value> {
    let Value::Object(map) = value else {
        unreachable!("the tests pass objects")
    };
    map
}

#[test]
fn an_item_round_trips_and_a_foreign_one_is_skipped() {
    let item = object(to_item("acme", &analysis()));
    assert_eq!(item["tenant"], json!({ "S": "acme" }));
    assert_eq!(item["createdAt"], json!({ "N": "7" }));
    assert_eq!(from_item(&item), Some(analysis()));
    let mut broken = item.clone();
    broken.insert("createdAt".into(), json!({ "S": "soon" }));
    assert_eq!(from_item(&broken), None);
    broken.insert("createdAt".into(), json!({ "N": "soon" }));
    assert_eq!(from_item(&broken), None);
    broken.remove("createdAt");
    assert_eq!(from_item(&broken), None);
    // An attribute of two types at once, or of another shape, is not one this API wrote.
    let mut two = item.clone();
    two.insert("name".into(), json!({ "S": "a", "N": "1" }));
    assert_eq!(from_item(&two), None);
    let mut bare = item;
    bare.insert("name".into(), json!("Churn"));
    assert_eq!(from_item(&bare), None);
}

#[test]
fn the_query_reads_the_tenants_partition_newest_first_one_page() {
    let request = query_request("analyses", "acme");
    assert_eq!(request["TableName"], "analyses");
    assert_eq!(request["KeyConditionExpression"], "#t = :t");
    assert_eq!(request["ExpressionAttributeNames"]["#t"], "tenant");
    assert_eq!(
        request["ExpressionAttributeValues"][":t"],
        json!({ "S": "acme" })
    );
    assert_eq!(request["ScanIndexForward"], false);
    assert_eq!(request["Limit"], MAX_LISTED);
}

#[test]
fn a_query_answer_lists_skips_foreign_items_and_says_when_there_are_more() {
    let good = to_item("acme", &analysis());
    let page = object(json!({
        "Items": [good, { "id": { "S": "x" } }, 5, "text"],
        "Count": 4,
        "LastEvaluatedKey": { "tenant": { "S": "acme" }, "id": { "S": "x" } },
    }));
    assert_eq!(listed(&page), StoreOutcome::Listed(vec![analysis()], true));
    let last = object(json!({ "Items": [], "LastEvaluatedKey": {} }));
    assert_eq!(listed(&last), StoreOutcome::Listed(vec![], false));
    for malformed in [json!({}), json!({ "Items": {} }), json!({ "Items": "x" })] {
        assert!(
            matches!(listed(&object(malformed)), StoreOutcome::Failed(_)),
            "a malformed page is a failure"
        );
    }
}

#[test]
fn a_get_answer_without_an_item_is_not_found_and_a_malformed_one_fails() {
    assert_eq!(found_item(&Map::new()), StoreOutcome::Found(None));
    let found = object(json!({ "Item": to_item("acme", &analysis()) }));
    assert_eq!(found_item(&found), StoreOutcome::Found(Some(analysis())));
    let foreign = object(json!({ "Item": { "id": { "S": "x" } } }));
    assert_eq!(found_item(&foreign), StoreOutcome::Found(None));
    let malformed = object(json!({ "Item": [1] }));
    assert!(matches!(found_item(&malformed), StoreOutcome::Failed(_)));
}

#[test]
fn answers_are_parsed_defensively_and_only_known_error_types_reach_the_log() {
    assert_eq!(parse_answer(200, b"{}"), Ok(Map::new()));
    assert_eq!(parse_answer(200, b"[]"), Err("dynamodb answer malformed"));
    assert_eq!(
        parse_answer(200, b"not json"),
        Err("dynamodb answer malformed")
    );
    assert_eq!(parse_answer(200, b""), Err("dynamodb answer malformed"));
    let missing = br#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#;
    assert_eq!(
        parse_answer(400, missing),
        Err("dynamodb: ResourceNotFoundException")
    );
    let signature = br#"{"__type":"com.amazon.coral.service#InvalidSignatureException"}"#;
    assert_eq!(
        parse_answer(400, signature),
        Err("dynamodb: InvalidSignatureException")
    );
    // A type DynamoDB does not document (text an attacker might choose) is not logged.
    let invented = br#"{"__type":"x#AKIAEXAMPLE secret\nforged log line"}"#;
    assert_eq!(
        parse_answer(400, invented),
        Err("dynamodb: client error of an unknown type")
    );
    assert_eq!(
        parse_answer(503, b"<html>"),
        Err("dynamodb: server error of an unknown type")
    );
}

fn config(endpoint: &str) -> AwsConfig {
    AwsConfig {
        region: "us-east-1".into(),
        credentials: Credentials {
            access_key_id: Secret::new("AKIDEXAMPLE".into()),
            secret_access_key: Secret::new("secret".into()),
            session_token: None,
        },
        endpoint: crate::aws_env::Endpoint::parse(endpoint).unwrap(),
    }
}

#[tokio::test]
async fn a_bad_table_or_configuration_fails_every_call_with_its_reason() {
    let store = DynamoStore::new("", Ok(config("http://127.0.0.1:9")));
    assert_eq!(store.unusable(), Some(ConfigError::Table.reason()));
    let store = DynamoStore::new("analyses", Err(ConfigError::Region));
    assert_eq!(store.unusable(), Some(ConfigError::Region.reason()));
    let tenant = portal_token_trigger::TenantId::parse("acme").unwrap();
    let outcome = store.run(StoreOp::List(tenant)).await;
    assert_eq!(outcome, StoreOutcome::Failed(ConfigError::Region.reason()));
}

#[tokio::test]
async fn a_store_that_cannot_be_reached_fails_within_the_timeout() {
    // Port 9 (discard) on this machine: nothing listens, the connection is refused at once.
    let store = DynamoStore::new("analyses", Ok(config("http://127.0.0.1:9")));
    assert_eq!(store.unusable(), None);
    let tenant = portal_token_trigger::TenantId::parse("acme").unwrap();
    let outcome = store.run(StoreOp::Get(tenant, "0".repeat(32))).await;
    assert_eq!(outcome, StoreOutcome::Failed("dynamodb unreachable"));
}
