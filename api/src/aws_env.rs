//! The store's AWS configuration, read once from the Lambda's environment and checked.
//!
//! Lambda sets `AWS_REGION` and the execution role's temporary credentials (`AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) in every execution environment it starts, and
//! starts a new one before they expire, so reading them once at start is enough: it is what the
//! AWS SDK's environment provider does too. The endpoint is `AWS_ENDPOINT_URL_DYNAMODB`, else
//! `AWS_ENDPOINT_URL` (the template sets it only for the local emulator, `LocalEndpoint`), else
//! `https://dynamodb.<region>.amazonaws.com`. Plain `http` is accepted for a loopback host only,
//! so a misconfigured function never sends signed requests in clear text.

use crate::sigv4::{Credentials, Secret};

/// The longest value read from any of these variables (a session token is about 1 KB).
const MAX_VALUE_BYTES: usize = 4096;

/// Where and as whom the store calls DynamoDB.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsConfig {
    /// `us-east-1`.
    pub region: String,
    /// The role's credentials.
    pub credentials: Credentials,
    /// The endpoint.
    pub endpoint: Endpoint,
}

/// A checked endpoint: scheme, host and port, no path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// TLS (`https`), or plain `http` to a loopback host.
    pub tls: bool,
    /// The `Host` header's value: the host, with the port when one was given.
    pub authority: String,
}

impl Endpoint {
    /// The URL the requests go to (path `/`).
    pub fn url(&self) -> String {
        format!(
            "{}://{}/",
            if self.tls { "https" } else { "http" },
            self.authority
        )
    }

    /// Checks an endpoint URL: `https://host[:port][/]`, or `http://` for `127.0.0.1`,
    /// `localhost` or `[::1]`; no user info, path, query or fragment.
    ///
    /// # Errors
    /// What is wrong with it.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let (tls, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(ConfigError::EndpointScheme);
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        // IPv6: only the loopback address; otherwise `host[:port]` of letters, digits, `.`, `-`.
        let (host, port) = match authority.strip_prefix("[::1]") {
            Some(tail) => ("[::1]", tail),
            None => authority
                .find(':')
                .map_or((authority, ""), |at| authority.split_at(at)),
        };
        let host_ok = host == "[::1]"
            || (!host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')));
        let port_ok = port.is_empty()
            || port
                .strip_prefix(':')
                .filter(|p| p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
                .is_some_and(|p| p != 0 && !port.starts_with(":0"));
        if !host_ok || !port_ok {
            return Err(ConfigError::EndpointMalformed);
        }
        if !tls && !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
            return Err(ConfigError::PlainHttpNotLoopback);
        }
        Ok(Self {
            tls,
            authority: authority.to_owned(),
        })
    }
}

/// Why the configuration cannot be used (logged on every store call; nothing secret in it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `AWS_REGION` missing or not like `us-east-1`.
    Region,
    /// `AWS_ACCESS_KEY_ID` or `AWS_SECRET_ACCESS_KEY` missing or malformed.
    Credentials,
    /// `AWS_SESSION_TOKEN` malformed.
    SessionToken,
    /// The endpoint is neither `https://` nor `http://`.
    EndpointScheme,
    /// The endpoint has a path, user info or characters a host cannot have.
    EndpointMalformed,
    /// Plain `http` to a host that is not this machine.
    PlainHttpNotLoopback,
    /// `ANALYSES_TABLE` missing or not a table name.
    Table,
}

impl ConfigError {
    /// The log line's reason.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Region => "dynamodb not configured: AWS_REGION missing or malformed",
            Self::Credentials => {
                "dynamodb not configured: AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY missing or malformed"
            }
            Self::SessionToken => "dynamodb not configured: AWS_SESSION_TOKEN malformed",
            Self::EndpointScheme => "dynamodb not configured: endpoint is not https:// or http://",
            Self::EndpointMalformed => "dynamodb not configured: endpoint malformed",
            Self::PlainHttpNotLoopback => {
                "dynamodb not configured: plain http endpoint that is not loopback"
            }
            Self::Table => "dynamodb not configured: ANALYSES_TABLE missing or malformed",
        }
    }
}

impl AwsConfig {
    /// Reads the configuration through `var` (`std::env::var(..).ok()` in the Lambda).
    ///
    /// # Errors
    /// The first thing that is missing or malformed.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        // Empty is unset (as for the SDK); every check below bounds the length.
        let read = |name: &str| var(name).filter(|v| !v.is_empty());
        let region = read("AWS_REGION").ok_or(ConfigError::Region)?;
        if region.len() > 32
            || !region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(ConfigError::Region);
        }
        let key_id = read("AWS_ACCESS_KEY_ID").ok_or(ConfigError::Credentials)?;
        let secret = read("AWS_SECRET_ACCESS_KEY").ok_or(ConfigError::Credentials)?;
        if key_id.len() > 128 || !key_id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(ConfigError::Credentials);
        }
        if secret.len() > 128 || !secret.chars().all(|c| c.is_ascii_graphic()) {
            return Err(ConfigError::Credentials);
        }
        // Header values: visible ASCII only (no line breaks to smuggle a header).
        let session_token = match read("AWS_SESSION_TOKEN") {
            Some(token)
                if token.len() <= MAX_VALUE_BYTES
                    && token.chars().all(|c| c.is_ascii_graphic()) =>
            {
                Some(Secret::new(token))
            }
            Some(_) => return Err(ConfigError::SessionToken),
            None => None,
        };
        let endpoint = match read("AWS_ENDPOINT_URL_DYNAMODB").or_else(|| read("AWS_ENDPOINT_URL"))
        {
            Some(url) if url.len() > 256 => return Err(ConfigError::EndpointMalformed),
            Some(url) => Endpoint::parse(&url)?,
            None => Endpoint {
                tls: true,
                authority: format!("dynamodb.{region}.amazonaws.com"),
            },
        };
        Ok(Self {
            region,
            credentials: Credentials {
                access_key_id: Secret::new(key_id),
                secret_access_key: Secret::new(secret),
                session_token,
            },
            endpoint,
        })
    }
}

/// Checks a table name as DynamoDB defines it: 3 to 255 of `A-Z a-z 0-9 _ - .`.
///
/// # Errors
/// [`ConfigError::Table`].
pub fn check_table(name: &str) -> Result<&str, ConfigError> {
    let valid = (3..=255).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if valid {
        Ok(name)
    } else {
        Err(ConfigError::Table)
    }
}
