//! `application/x-www-form-urlencoded` and URL query encoding, both directions.
//!
//! Hand-written because it is twenty lines and the `url` crate would cost wasm bytes.

/// Percent-encodes a query or form component: only RFC 3986 unreserved characters stay as they are.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value);
    out
}

/// Appends `value` percent-encoded. Written out rather than with `write!` and `join`: each
/// formatting routine costs wasm bytes (issue #11).
fn push_encoded(out: &mut String, value: &str) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(hex_digit(byte >> 4));
            out.push(hex_digit(byte & 0xf));
        }
    }
}

/// The uppercase hex digit of `nibble` (below 16).
fn hex_digit(nibble: u8) -> char {
    char::from(if nibble < 10 {
        b'0' + nibble
    } else {
        b'A' + nibble - 10
    })
}

/// Joins `name=value` pairs with `&`, encoding both sides.
pub fn encode_pairs(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        push_encoded(&mut out, name);
        out.push('=');
        push_encoded(&mut out, value);
    }
    out
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

/// Decodes `+` and `%XX`. A component whose escapes do not decode to UTF-8 is kept as it came
/// (still encoded), like a broken escape: the callback check then refuses it by name.
fn decode_component(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%')
            .then(|| Some(hex_value(*bytes.get(i + 1)?)? * 16 + hex_value(*bytes.get(i + 2)?)?))
            .flatten();
        match (byte, escaped) {
            (_, Some(decoded)) => {
                out.push(decoded);
                i += 2;
            }
            (b'+', None) => out.push(b' '),
            (other, None) => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_owned())
}

/// The value of one hex digit.
fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
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

    #[test]
    fn escapes_that_are_not_utf8_keep_the_component_as_it_came() {
        let parsed = parse_query("state=%FF%FEab&code=%C3%A9+x");
        assert_eq!(first_value(&parsed, "state"), Some("%FF%FEab"));
        assert_eq!(first_value(&parsed, "code"), Some("é x"));
        // Every byte survives a round trip, the reserved ones too.
        let all: String = (1..=127_u8).map(char::from).collect();
        let parsed = parse_query(&encode_pairs(&[("v", &all)]));
        assert_eq!(first_value(&parsed, "v"), Some(all.as_str()));
    }
}
