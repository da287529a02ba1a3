//! `application/x-www-form-urlencoded` and URL query encoding, both directions.
//!
//! Hand-written because it is twenty lines and the `url` crate would cost wasm bytes.

/// Percent-encodes a query or form component: only RFC 3986 unreserved characters stay as they are.
pub fn encode_component(value: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Joins `name=value` pairs with `&`, encoding both sides.
pub fn encode_pairs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Parses a query string (with or without its leading `?`) into decoded pairs, in order.
///
/// `+` means a space, as in HTML forms. Broken `%` escapes are kept literally rather than
/// rejected, so a tampered URL still yields something the callback check can refuse by name.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

/// The first value of `name` in a parsed query.
pub fn first_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn decode_component(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                if let Some(decoded) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(decoded);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved() {
        assert_eq!(
            encode_component("a b&c=d/é~_.-"),
            "a%20b%26c%3Dd%2F%C3%A9~_.-"
        );
    }

    #[test]
    fn round_trips_pairs() {
        let body = encode_pairs(&[
            ("redirect_uri", "http://127.0.0.1:8080/callback"),
            ("x", "a+b"),
        ]);
        assert_eq!(
            body,
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback&x=a%2Bb"
        );
        let parsed = parse_query(&format!("?{body}"));
        assert_eq!(
            first_value(&parsed, "redirect_uri"),
            Some("http://127.0.0.1:8080/callback")
        );
        assert_eq!(first_value(&parsed, "x"), Some("a+b"));
    }

    #[test]
    fn decodes_plus_and_keeps_broken_escapes() {
        let parsed = parse_query("error_description=Bad+thing%21&weird=%zz%4&flag");
        assert_eq!(
            first_value(&parsed, "error_description"),
            Some("Bad thing!")
        );
        assert_eq!(first_value(&parsed, "weird"), Some("%zz%4"));
        assert_eq!(first_value(&parsed, "flag"), Some(""));
        assert_eq!(first_value(&parsed, "missing"), None);
    }
}
