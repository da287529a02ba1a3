//! The store's HTTP client: hyper 1 and hyper-util (what `lambda_runtime` compiles anyway), TLS
//! through rustls with ring and the system's root certificates, HTTP/1.1 only. One client per
//! Lambda execution environment, so warm invocations reuse the connection to DynamoDB.
//!
//! Bounded: the whole exchange (connect, TLS, request, the answer's body) within [`TIMEOUT`],
//! the body at most [`MAX_ANSWER_BYTES`] (a DynamoDB page is at most 1 MB of data).

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// The most one exchange may take, connection included: API Gateway gives the whole Lambda 29 s,
/// and a store that does not answer in 5 s is better reported as down.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// The most the TCP connection may take (within [`TIMEOUT`]).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// The largest answer read.
pub const MAX_ANSWER_BYTES: usize = 2 * 1024 * 1024;

/// A status and a body read in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Bytes,
}

/// Why an exchange failed (for the log).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpError {
    /// The request could not be built (a header value the HTTP crate refuses).
    Request,
    /// No connection, TLS failed, or the connection broke.
    Unreachable,
    /// Not done within [`TIMEOUT`].
    Timeout,
    /// The body broke off or was over [`MAX_ANSWER_BYTES`].
    Body,
}

impl HttpError {
    /// The log line's reason.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Request => "dynamodb request could not be built",
            Self::Unreachable => "dynamodb unreachable",
            Self::Timeout => "dynamodb timed out",
            Self::Body => "dynamodb answer unreadable or too large",
        }
    }
}

/// An HTTPS (and, for a loopback endpoint, HTTP) client.
#[derive(Clone, Debug)]
pub struct HttpClient {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl HttpClient {
    /// A client trusting the system's root certificates.
    ///
    /// # Errors
    /// The root certificates could not be read.
    pub fn new() -> Result<Self, std::io::Error> {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
        tcp.set_nodelay(true);
        let connector = HttpsConnectorBuilder::new()
            .with_native_roots()?
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        Ok(Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
        })
    }

    /// POSTs `body` to `url` with `headers`, and reads the answer.
    ///
    /// # Errors
    /// [`HttpError`].
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<Answer, HttpError> {
        let mut request = hyper::Request::post(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body)))
            .map_err(|_| HttpError::Request)?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|_| HttpError::Unreachable)?;
            let status = response.status().as_u16();
            let body = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map_err(|_| HttpError::Body)?
                .to_bytes();
            Ok(Answer { status, body })
        };
        tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| HttpError::Timeout)?
    }
}
