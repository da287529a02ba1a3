//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for the store's DynamoDB calls: pure, no I/O,
//! checked against AWS's published test vectors (`api/tests/sigv4_vectors.rs`, the CRT suite the
//! `aws-sigv4` crate ships), so a wrong canonicalisation fails a test, not a deploy.
//!
//! Only what the store needs: header signing (no presigned URLs, no chunked bodies), the body
//! always hashed (DynamoDB needs no `x-amz-content-sha256` header), the path encoded once (as for
//! every service but S3; DynamoDB's path is `/`). The session token is signed, as the SDK does.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt;
use std::fmt::Write as _;

/// The signing algorithm's name, first in the string to sign and in `Authorization`.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// A secret (the secret access key, the session token): never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The value, for signing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

/// The credentials a request is signed with (the Lambda's execution role's, from its
/// environment; `crate::aws_env`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// `AKIA…` or `ASIA…`: an identifier, not a secret, but kept out of logs all the same.
    pub access_key_id: Secret,
    /// The secret access key.
    pub secret_access_key: Secret,
    /// The session token of temporary credentials (a role's always has one).
    pub session_token: Option<Secret>,
}

/// Where the signature is valid: region and service (`dynamodb`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope<'a> {
    /// `us-east-1`.
    pub region: &'a str,
    /// `dynamodb`.
    pub service: &'a str,
}

/// The request to sign, as it will be sent.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// `GET`, `POST`.
    pub method: &'a str,
    /// The path, not yet percent-encoded (`/`).
    pub path: &'a str,
    /// The query's name/value pairs, not yet percent-encoded, in any order.
    pub query: &'a [(&'a str, &'a str)],
    /// The headers to sign, `host` among them; names in any case. The signer adds `x-amz-date`
    /// and, with a session token, `x-amz-security-token`.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: &'a [u8],
}

/// The headers that carry a signature; add them to the request as they are.
#[derive(Clone, PartialEq, Eq)]
pub struct Signed {
    /// `X-Amz-Date`: `20150830T123600Z`.
    pub amz_date: String,
    /// `X-Amz-Security-Token`, when the credentials have one.
    pub security_token: Option<Secret>,
    /// `Authorization`: the credential scope, the signed headers, the signature.
    pub authorization: Secret,
}

impl fmt::Debug for Signed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signed")
            .field("amz_date", &self.amz_date)
            .finish_non_exhaustive()
    }
}

impl Signed {
    /// The headers to add, names as AWS spells them.
    pub fn headers(&self) -> Vec<(&'static str, &str)> {
        let mut headers = vec![
            ("X-Amz-Date", self.amz_date.as_str()),
            ("Authorization", self.authorization.expose()),
        ];
        if let Some(token) = &self.security_token {
            headers.push(("X-Amz-Security-Token", token.expose()));
        }
        headers
    }
}

/// Signs `request` at `unix_seconds` (the signature is valid for 15 minutes around it).
pub fn sign(
    request: &Request<'_>,
    credentials: &Credentials,
    scope: Scope<'_>,
    unix_seconds: i64,
) -> Signed {
    let amz_date = amz_date(unix_seconds);
    let (canonical, signed_headers) = canonical_request(request, &amz_date, credentials);
    let date = amz_date.get(..8).unwrap_or_default();
    let credential_scope = format!("{date}/{}/{}/aws4_request", scope.region, scope.service);
    let to_sign = string_to_sign(&amz_date, &credential_scope, &canonical);
    let key = signing_key(credentials.secret_access_key.expose(), date, scope);
    let signature = hex(&hmac(&key, to_sign.as_bytes()));
    Signed {
        authorization: Secret(format!(
            "{ALGORITHM} Credential={}/{credential_scope}, SignedHeaders={signed_headers}, Signature={signature}",
            credentials.access_key_id.expose()
        )),
        amz_date,
        security_token: credentials.session_token.clone(),
    }
}

/// The canonical request and its signed-headers list (`host;x-amz-date`).
pub fn canonical_request(
    request: &Request<'_>,
    amz_date: &str,
    credentials: &Credentials,
) -> (String, String) {
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), trim_value(value)))
        .collect();
    headers.push(("x-amz-date".to_owned(), amz_date.to_owned()));
    if let Some(token) = &credentials.session_token {
        headers.push((
            "x-amz-security-token".to_owned(),
            trim_value(token.expose()),
        ));
    }
    // Stable: the values of a repeated header keep their order, joined by commas.
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut canonical_headers = String::new();
    let mut names: Vec<&str> = Vec::new();
    for (name, value) in &headers {
        if names.last() == Some(&name.as_str()) {
            canonical_headers.pop();
            let _ = writeln!(canonical_headers, ",{value}");
        } else {
            let _ = writeln!(canonical_headers, "{name}:{value}");
            names.push(name);
        }
    }
    let signed_headers = names.join(";");
    let mut query: Vec<(String, String)> = request
        .query
        .iter()
        .map(|(k, v)| (uri_encode(k, false), uri_encode(v, false)))
        .collect();
    query.sort();
    let query: Vec<String> = query.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    let canonical = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{}",
        request.method,
        uri_encode(request.path, true),
        query.join("&"),
        hex(&Sha256::digest(request.body)),
    );
    (canonical, signed_headers)
}

/// The string to sign: algorithm, date, scope, and the canonical request's hash.
pub fn string_to_sign(amz_date: &str, credential_scope: &str, canonical: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{credential_scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    )
}

/// The signing key: the secret HMAC-chained through date (`YYYYMMDD`), region, service and
/// `aws4_request`.
pub fn signing_key(secret: &str, date: &str, scope: Scope<'_>) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, scope.region.as_bytes());
    let k_service = hmac(&k_region, scope.service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

/// `YYYYMMDDTHHMMSSZ` (UTC) for Unix seconds; before 1970 counts as 1970.
pub fn amz_date(unix_seconds: i64) -> String {
    let seconds = unix_seconds.max(0);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A header value as signed: outer whitespace trimmed, inner runs of spaces made one.
fn trim_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - _ . ~` (and `/` in a path), with
/// uppercase hex digits.
pub fn uri_encode(text: &str, is_path: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'_' | b'.' | b'~')
            || (is_path && byte == b'/')
        {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length: this never fails.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}
