//! The store's calls on the wire, against a one-shot HTTP server on 127.0.0.1 (a thread with a
//! std `TcpListener`): what is sent (DynamoDB's JSON protocol, signed headers), and what comes of
//! the answers DynamoDB should never give (malformed, too large, an error of an unknown type).
#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failed unwrap is a failed test"
)]

use portal_api::aws_env::AwsConfig;
use portal_api::dynamo::DynamoStore;
use portal_api::http::MAX_ANSWER_BYTES;
use portal_api::store::{Analysis, Store, StoreOp, StoreOutcome};
use portal_token_trigger::TenantId;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the test server waits on a silent client.
const LIMIT: Duration = Duration::from_secs(20);

/// Waits for the server thread off the runtime's thread, so that hyper's connection task keeps
/// running meanwhile (a blocking join would stop it).
async fn joined<T: Send + 'static>(server: JoinHandle<T>) -> T {
    tokio::task::spawn_blocking(move || server.join().unwrap())
        .await
        .unwrap()
}

/// Serves one request with `answer` (status line onwards); returns the port and the request
/// (head and body) as received.
fn serve_once(answer: Vec<u8>) -> (u16, JoinHandle<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        // Never a hung test: a client that stops reading or writing is given up on.
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        stream.set_write_timeout(Some(LIMIT)).unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = reader.into_inner();
        // The client may give up before reading it all (an answer over the limit).
        let _ = stream.write_all(&answer);
        let _ = stream.flush();
        (head, String::from_utf8(body).unwrap())
    });
    (port, handle)
}

fn store(port: u16) -> DynamoStore {
    let vars = [
        ("AWS_REGION", "us-east-1".to_owned()),
        ("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE".to_owned()),
        ("AWS_SECRET_ACCESS_KEY", "secret".to_owned()),
        ("AWS_SESSION_TOKEN", "token123".to_owned()),
        ("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}")),
    ];
    let config = AwsConfig::from_vars(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    });
    DynamoStore::new("portal-analyses", config)
}

fn answer(status: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn acme() -> TenantId {
    TenantId::parse("acme").unwrap()
}

#[tokio::test]
async fn a_put_is_sent_signed_in_dynamodbs_json_protocol() {
    let (port, server) = serve_once(answer("200 OK", b"{}"));
    let analysis = Analysis {
        id: "0123456789abcdef0123456789abcdef".into(),
        name: "Churn".into(),
        status: "queued".into(),
        created_by: "u1".into(),
        created_at: 7,
    };
    let outcome = store(port)
        .run(StoreOp::Create(acme(), analysis.clone()))
        .await;
    assert_eq!(outcome, StoreOutcome::Created(analysis));
    let (head, body) = joined(server).await;
    let lower = head.to_ascii_lowercase();
    assert!(lower.starts_with("post / http/1.1\r\n"), "{head}");
    for expected in [
        "content-type: application/x-amz-json-1.0\r\n",
        &format!("host: 127.0.0.1:{port}\r\n"),
        "x-amz-target: dynamodb_20120810.putitem\r\n",
        "x-amz-security-token: token123\r\n",
        "authorization: aws4-hmac-sha256 credential=asiaexample/",
        "/us-east-1/dynamodb/aws4_request, signedheaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, signature=",
        "x-amz-date: ",
    ] {
        assert!(lower.contains(expected), "{expected} not in {head}");
    }
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["TableName"], "portal-analyses");
    assert_eq!(body["ConditionExpression"], "attribute_not_exists(id)");
    assert_eq!(body["Item"]["tenant"], serde_json::json!({ "S": "acme" }));
}

#[tokio::test]
async fn a_get_is_consistent_and_keyed_by_tenant() {
    let (port, server) = serve_once(answer("200 OK", b"{}"));
    let outcome = store(port).run(StoreOp::Get(acme(), "0".repeat(32))).await;
    assert_eq!(outcome, StoreOutcome::Found(None));
    let (head, body) = joined(server).await;
    assert!(head
        .to_ascii_lowercase()
        .contains("x-amz-target: dynamodb_20120810.getitem\r\n"));
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["ConsistentRead"], true);
    assert_eq!(
        body["Key"],
        serde_json::json!({ "tenant": { "S": "acme" }, "id": { "S": "0".repeat(32) } })
    );
}

#[tokio::test]
async fn a_malformed_answer_is_a_failure() {
    let (port, server) = serve_once(answer("200 OK", b"<html>oops</html>"));
    let outcome = store(port).run(StoreOp::List(acme())).await;
    assert_eq!(outcome, StoreOutcome::Failed("dynamodb answer malformed"));
    joined(server).await;
}

#[tokio::test]
async fn an_answer_over_the_limit_is_not_read_to_the_end() {
    let huge = vec![b' '; MAX_ANSWER_BYTES + 1];
    let (port, server) = serve_once(answer("200 OK", &huge));
    let outcome = store(port).run(StoreOp::List(acme())).await;
    assert_eq!(
        outcome,
        StoreOutcome::Failed("dynamodb answer unreadable or too large")
    );
    joined(server).await;
}

#[tokio::test]
async fn an_error_keeps_a_documented_type_only() {
    let body = br#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}"#;
    let (port, server) = serve_once(answer("400 Bad Request", body));
    let outcome = store(port).run(StoreOp::List(acme())).await;
    assert_eq!(
        outcome,
        StoreOutcome::Failed("dynamodb: ConditionalCheckFailedException")
    );
    joined(server).await;
}

#[tokio::test]
async fn a_store_that_never_answers_is_given_up_on_after_the_timeout() {
    // Accepts, reads the request and never answers: the client gives up after
    // `portal_api::http::TIMEOUT` (5 s) and closes the connection, which ends the thread.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        let mut sink = Vec::new();
        let _ = stream.read_to_end(&mut sink);
    });
    let outcome = store(port).run(StoreOp::List(acme())).await;
    assert_eq!(outcome, StoreOutcome::Failed("dynamodb timed out"));
    joined(server).await;
}
