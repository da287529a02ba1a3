//! CORS for the portal's origin: every answer carries it, or the browser hides the answer (a
//! 403 becomes "Failed to fetch").
//!
//! Where one origin is allowed (production), the gateway answers the preflights itself (MOCK
//! `OPTIONS` methods in `deploy/template.yaml`, whose headers a deploy test reads from this file);
//! where a second origin is allowed (the local stack), the `OPTIONS` methods proxy to the Lambda,
//! which answers with these same headers. Either way the preflight's lifetime is decided here, in
//! [`PREFLIGHT_MAX_AGE_SECS`].

/// How long a browser may reuse a preflight's answer for the same origin and URL: 2 hours.
///
/// Every API call carries `Authorization`, so without a cached preflight each call costs two
/// round trips. A preflight grants nothing by itself: each actual answer must still carry the
/// caller's origin in `Access-Control-Allow-Origin`, and API Gateway still checks the token on
/// every call, so removing an origin takes effect at once whatever a browser has cached. What a
/// long lifetime delays is only a change to the allowed methods or headers (`GET`,
/// `Authorization`), which would need a new portal anyway. 7200 s is Chromium's cap (Firefox
/// allows 86400, Safari caps at 600); a larger value would buy nothing, a smaller one would cost
/// a preflight per URL more than once in a two-hour session.
pub const PREFLIGHT_MAX_AGE_SECS: u32 = 7200;

/// The CORS headers every answer carries for a request from `origin`, given the allowed origins
/// (from the `ALLOWED_ORIGINS` environment variable, comma-separated). An allowed origin is
/// echoed; any other gets the first allowed one, which the browser then refuses, as it should.
pub fn cors_headers(origin: Option<&str>, allowed: &[String]) -> Vec<(&'static str, String)> {
    let chosen = origin
        .filter(|o| allowed.iter().any(|a| a == o))
        .map(str::to_owned)
        .or_else(|| allowed.first().cloned())
        .unwrap_or_default();
    vec![("Access-Control-Allow-Origin", chosen)]
}

/// What a successful preflight adds: the methods and headers the portal sends (`POST /analyses`
/// with `Content-Type: application/json`), and how long the
/// browser may keep this answer ([`PREFLIGHT_MAX_AGE_SECS`]).
pub fn preflight_headers() -> Vec<(&'static str, String)> {
    vec![
        (
            "Access-Control-Allow-Headers",
            "Authorization,Content-Type".to_owned(),
        ),
        (
            "Access-Control-Allow-Methods",
            "GET,POST,OPTIONS".to_owned(),
        ),
        ("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECS.to_string()),
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
    }

    #[test]
    fn a_preflight_may_be_kept_for_chromiums_two_hour_cap() {
        let h = preflight_headers();
        assert_eq!(header(&h, "Access-Control-Max-Age"), "7200");
        assert!(header(&h, "Access-Control-Allow-Headers").contains("Authorization"));
        assert!(header(&h, "Access-Control-Allow-Methods").contains("GET"));
    }
}
