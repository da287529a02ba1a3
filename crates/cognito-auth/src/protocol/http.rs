//! What one HTTP request brought back, as the browser glue hands it to the core.
//!
//! Two rules live here so that no caller has to remember them:
//! - an answer's body is never printed: token responses carry every token, so
//!   [`HttpAnswer`]'s `Debug` shows the status and the body's length only;
//! - "no answer" is a case of its own ([`HttpStatus::NoAnswer`]), never a status `0` that a
//!   `status >= 500` or `status != 200` test could treat as an HTTP status.

use crate::error::AuthError;
use crate::protocol::endpoint::Endpoint;

/// An HTTP answer: its status and its body as text (empty when unreadable).
///
/// Its `Debug` output never shows the body, which may hold tokens or personal data.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    /// The HTTP status code.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

impl HttpAnswer {
    /// The answer's status, as an [`HttpStatus`].
    pub fn http_status(&self) -> HttpStatus {
        HttpStatus::Answered(self.status)
    }
}

impl std::fmt::Debug for HttpAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpAnswer")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// Why a request got no HTTP answer the page can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoAnswer {
    /// `fetch` failed: offline, DNS, TLS, refused by CORS or the Content-Security-Policy. The
    /// browser does not say which, on purpose.
    Unreachable,
    /// The request was abandoned after waiting this long (a black-holed connection).
    TimedOut {
        /// How long the page waited, in seconds.
        after_secs: u64,
    },
}

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable => f.write_str("no answer"),
            Self::TimedOut { after_secs } => write!(f, "no answer within {after_secs} s"),
        }
    }
}

/// The outcome of a request as far as status goes: answered with a status, or not answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpStatus {
    /// An HTTP answer arrived with this status.
    Answered(u16),
    /// No HTTP answer arrived.
    NoAnswer(NoAnswer),
}

impl HttpStatus {
    /// The HTTP status code, if an answer arrived.
    pub fn code(self) -> Option<u16> {
        match self {
            Self::Answered(status) => Some(status),
            Self::NoAnswer(_) => None,
        }
    }
}

impl std::fmt::Display for HttpStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Answered(status) => write!(f, "HTTP {status}"),
            Self::NoAnswer(why) => why.fmt(f),
        }
    }
}

/// A request that got no answer: where it went, why, and the browser's own message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{endpoint} could not be reached: {detail}")]
pub struct NoAnswerError {
    /// Where the request went.
    pub endpoint: Endpoint,
    /// Why nothing came back.
    pub reason: NoAnswer,
    /// The browser's message (e.g. `TypeError: Failed to fetch`), or the timeout in words.
    pub detail: String,
}

impl NoAnswerError {
    /// The status to record for this request: [`HttpStatus::NoAnswer`] with the reason.
    pub fn http_status(&self) -> HttpStatus {
        HttpStatus::NoAnswer(self.reason)
    }
}

impl From<NoAnswerError> for AuthError {
    fn from(e: NoAnswerError) -> Self {
        Self::Network {
            endpoint: e.endpoint,
            detail: e.detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_debug_shows_the_status_and_length_but_never_the_body() {
        let body = r#"{"id_token":"eyJ.secret-id.sig","refresh_token":"very-secret-refresh"}"#;
        let answer = HttpAnswer {
            status: 200,
            body: body.to_owned(),
        };
        let shown = format!("{answer:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("200"), "{shown}");
        assert!(shown.contains(&body.len().to_string()), "{shown}");
    }

    #[test]
    fn no_answer_is_not_a_status_code() {
        let offline = HttpStatus::NoAnswer(NoAnswer::Unreachable);
        assert_eq!(offline.code(), None);
        assert_eq!(offline.to_string(), "no answer");
        let slow = HttpStatus::NoAnswer(NoAnswer::TimedOut { after_secs: 15 });
        assert_eq!(slow.to_string(), "no answer within 15 s");
        let answer = HttpAnswer {
            status: 503,
            body: String::new(),
        };
        assert_eq!(answer.http_status(), HttpStatus::Answered(503));
        assert_eq!(answer.http_status().code(), Some(503));
        assert_eq!(answer.http_status().to_string(), "HTTP 503");
    }

    #[test]
    fn a_request_without_answer_becomes_a_network_error_naming_the_endpoint() {
        let e = NoAnswerError {
            endpoint: Endpoint::Jwks,
            reason: NoAnswer::Unreachable,
            detail: "Failed to fetch".into(),
        };
        assert_eq!(e.http_status(), HttpStatus::NoAnswer(NoAnswer::Unreachable));
        assert_eq!(
            e.to_string(),
            "the JWKS endpoint could not be reached: Failed to fetch"
        );
        assert_eq!(
            AuthError::from(e),
            AuthError::Network {
                endpoint: Endpoint::Jwks,
                detail: "Failed to fetch".into(),
            }
        );
    }
}
