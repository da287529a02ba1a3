//! A small, strict JSON reader for `/config.json`.
//!
//! The config is the one JSON document the portal's first load must read; serde's derive and
//! `serde_json` cost about 11 KB of gzip there (issue #11), for a flat object of strings. This
//! reader accepts exactly RFC 8259 JSON (a property test checks it against `serde_json` on
//! arbitrary input), bounds the nesting depth, refuses duplicate keys, and reports errors with
//! the line and column, as serde does. Numbers are checked for their grammar and kept as their
//! literal text: the config's one number (`passwordPolicy.minLength`) is a small integer, read by
//! [`JsonValue::as_u32`] (no float parsing in the first load).

/// Deeper nesting is refused (the config nests two levels).
pub const MAX_DEPTH: usize = 32;

/// A JSON value; objects keep their members in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as its literal text (valid JSON number grammar).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object, members in document order, no key twice.
    Object(Vec<(String, JsonValue)>),
}

impl JsonValue {
    /// What kind of value this is, in serde's words ("a string", "a boolean", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }

    /// The value as a non-negative integer that fits a `u32`, when it is written as one (`12`;
    /// not `12.0`, `1e1` or `-3`).
    pub fn as_u32(&self) -> Option<u32> {
        match self {
            Self::Number(text) => text.parse().ok(),
            _ => None,
        }
    }
}

impl JsonValue {
    /// The value as an `i64`, when it is written as an integer (`12`, `-3`; not `1.0` or `1e3`),
    /// as serde reads an `i64`. Digit by digit rather than `str::parse`: the pending sign-in's
    /// time is read in the first load (issue #11).
    pub fn as_i64(&self) -> Option<i64> {
        let Self::Number(text) = self else {
            return None;
        };
        let (negative, digits) = match text.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, text.as_str()),
        };
        if digits.is_empty() {
            return None;
        }
        // Accumulated below zero, so that i64::MIN fits.
        let mut value: i64 = 0;
        for c in digits.chars() {
            let digit = i64::from(c.to_digit(10)?);
            value = value.checked_mul(10)?.checked_sub(digit)?;
        }
        match (negative, value) {
            // serde_json reads `-0` as the float -0.0, which no i64 is.
            (true, 0) => None,
            (true, _) => Some(value),
            (false, _) => value.checked_neg(),
        }
    }
}

/// Parses `text` as one JSON value.
///
/// # Errors
/// A message naming what was wrong and where (`… at line L column C`).
pub fn parse(text: &str) -> Result<JsonValue, String> {
    let mut reader = Reader { text, at: 0 };
    let value = reader.value(0)?;
    reader.space();
    if reader.at < text.len() {
        return Err(reader.error("trailing characters"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn error(&self, what: &str) -> String {
        let before = self.text.get(..self.at).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{what} at line {line} column {column}")
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn literal(&mut self, word: &str, value: JsonValue) -> Result<JsonValue, String> {
        if self
            .text
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word))
        {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonValue, String> {
        self.space();
        match self.peek() {
            Some(b'{' | b'[') if depth >= MAX_DEPTH => Err(self.error("nested too deeply")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(JsonValue::String),
            Some(b't') => self.literal("true", JsonValue::Bool(true)),
            Some(b'f') => self.literal("false", JsonValue::Bool(false)),
            Some(b'n') => self.literal("null", JsonValue::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected value")),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonValue, String> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.eat(b']') {
            return Ok(JsonValue::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.space();
            if self.eat(b']') {
                return Ok(JsonValue::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `]`"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<JsonValue, String> {
        self.at += 1;
        let mut members: Vec<(String, JsonValue)> = Vec::new();
        self.space();
        if self.eat(b'}') {
            return Ok(JsonValue::Object(members));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.error("key must be a string"));
            }
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(self.error(&format!("duplicate field `{key}`")));
            }
            self.space();
            if !self.eat(b':') {
                return Err(self.error("expected `:`"));
            }
            let value = self.value(depth)?;
            members.push((key, value));
            self.space();
            if self.eat(b'}') {
                return Ok(JsonValue::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error("expected `,` or `}`"));
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<JsonValue, String> {
        let start = self.at;
        self.eat(b'-');
        if !self.eat(b'0') && self.digits() == 0 {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or_default();
        Ok(JsonValue::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let code = self
            .text
            .get(self.at..self.at + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("invalid escape"))?;
        self.at += 4;
        Ok(code)
    }

    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let simple = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if !(self.eat(b'\\') && self.eat(b'u')) {
                        return Err(self.error("lone leading surrogate in hex escape"));
                    }
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("lone leading surrogate in hex escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                out.push(
                    char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))?,
                );
                return Ok(());
            }
            _ => return Err(self.error("invalid escape")),
        };
        self.at += 1;
        out.push(simple);
        Ok(())
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = self.text.get(self.at..).unwrap_or_default();
            let plain = rest
                .find(|c: char| c == '"' || c == '\\' || c < ' ')
                .ok_or_else(|| self.error("EOF while parsing a string"))?;
            out.push_str(rest.get(..plain).unwrap_or_default());
            self.at += plain;
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                _ => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "json_text_tests.rs"]
mod tests;
