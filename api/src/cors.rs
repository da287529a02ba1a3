//! CORS for the portal's origin: every answer carries it, or the browser hides the answer (a
//! 403 becomes "Failed to fetch").

/// The CORS headers for a request from `origin`, given the allowed origins (from the
/// `ALLOWED_ORIGINS` environment variable, comma-separated). An allowed origin is echoed; any
/// other gets the first allowed one, which the browser then refuses, as it should.
pub fn cors_headers(origin: Option<&str>, allowed: &[String]) -> Vec<(&'static str, String)> {
    let chosen = origin
        .filter(|o| allowed.iter().any(|a| a == o))
        .map(str::to_owned)
        .or_else(|| allowed.first().cloned())
        .unwrap_or_default();
    vec![
        ("Access-Control-Allow-Origin", chosen),
        (
            "Access-Control-Allow-Headers",
            "Authorization,Content-Type".to_owned(),
        ),
        ("Access-Control-Allow-Methods", "GET,OPTIONS".to_owned()),
        ("Access-Control-Max-Age", "600".to_owned()),
        ("Vary", "Origin".to_owned()),
    ]
}

/// Reads `ALLOWED_ORIGINS`' value into a list.
pub fn parse_allowed(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(headers: &'a [(&'static str, String)], name: &str) -> &'a str {
        headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap()
    }

    #[test]
    fn an_allowed_origin_is_echoed_and_others_are_not() {
        let allowed = parse_allowed(" http://127.0.0.1:8080, https://d1.cloudfront.net ");
        assert_eq!(allowed.len(), 2);
        let h = cors_headers(Some("https://d1.cloudfront.net"), &allowed);
        assert_eq!(
            header(&h, "Access-Control-Allow-Origin"),
            "https://d1.cloudfront.net"
        );
        let h = cors_headers(Some("https://evil.example"), &allowed);
        assert_eq!(
            header(&h, "Access-Control-Allow-Origin"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(header(&h, "Vary"), "Origin");
        assert!(header(&h, "Access-Control-Allow-Headers").contains("Authorization"));
    }
}
