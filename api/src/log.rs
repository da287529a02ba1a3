//! One JSON line per request on stdout (`CloudWatch` Logs), never a token or a header value.

use serde::Serialize;

/// What is logged about a request.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestLog<'a> {
    /// `info` or `warn`.
    pub level: &'static str,
    /// API Gateway's request id.
    pub request_id: &'a str,
    /// `GET /me`.
    pub route: String,
    /// The answer's status.
    pub status: u16,
    /// The caller's `sub`, when known (an id, not a secret).
    pub sub: Option<&'a str>,
    /// Why, for errors.
    pub reason: Option<&'a str>,
}

impl RequestLog<'_> {
    /// The line to print.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_is_one_json_object() {
        let line = RequestLog {
            level: "info",
            request_id: "r1",
            route: "GET /me".into(),
            status: 200,
            sub: Some("u1"),
            reason: None,
        }
        .to_line();
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["status"], 200);
        assert_eq!(parsed["requestId"], "r1");
        assert!(!line.contains('\n'));
    }
}
