//! The little URL parsing that config validation needs: scheme, host, port, path, fragment.

/// An absolute `http`/`https` URL split into the parts the checks look at.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HttpUrl {
    pub(crate) scheme: String,
    pub(crate) host: String,
    pub(crate) port: Option<u16>,
    /// Path plus query, always starting with `/`.
    pub(crate) path: String,
    pub(crate) has_fragment: bool,
}

/// Why a string is not a usable absolute URL.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum UrlProblem {
    NotAbsolute,
    UnsupportedScheme(String),
    NoHost,
    BadPort,
}

impl HttpUrl {
    pub(crate) fn parse(input: &str) -> Result<Self, UrlProblem> {
        let (scheme, rest) = input.split_once("://").ok_or(UrlProblem::NotAbsolute)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(UrlProblem::UnsupportedScheme(scheme));
        }
        let (rest, has_fragment) = match rest.split_once('#') {
            Some((before, _)) => (before, true),
            None => (rest, false),
        };
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(split);
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        if authority.contains('@') || authority.is_empty() {
            return Err(UrlProblem::NoHost);
        }
        let (host, port) = split_host_port(authority)?;
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(UrlProblem::NoHost);
        }
        Ok(Self {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            path,
            has_fragment,
        })
    }

    /// `scheme://host[:port]`, with the default port left out, as `location.origin` shows it.
    pub(crate) fn origin(&self) -> String {
        let default = if self.scheme == "https" { 443 } else { 80 };
        match self.port {
            Some(port) if port != default => format!("{}://{}:{port}", self.scheme, self.host),
            _ => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// Loopback hosts are the only ones where plain `http` is acceptable (Cognito allows
    /// `http://localhost` for testing; everything else must be HTTPS).
    pub(crate) fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self.host.ends_with(".localhost")
            || self.host == "[::1]"
            || self.host.starts_with("127.")
    }
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), UrlProblem> {
    // An IPv6 literal keeps its colons inside brackets.
    let port_sep = if authority.starts_with('[') {
        authority
            .find(']')
            .map(|end| end + 1)
            .filter(|&i| i < authority.len())
    } else {
        authority.rfind(':')
    };
    match port_sep {
        Some(i) => {
            let (host, port) = authority.split_at(i);
            let port = port.trim_start_matches(':');
            let port = port.parse::<u16>().map_err(|_| UrlProblem::BadPort)?;
            Ok((host, Some(port)))
        }
        None => Ok((authority, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_parts() {
        let url = HttpUrl::parse("http://127.0.0.1:8080/callback?x=1").unwrap();
        assert_eq!(url.host, "127.0.0.1");
        assert_eq!(url.port, Some(8080));
        assert_eq!(url.path, "/callback?x=1");
        assert_eq!(url.origin(), "http://127.0.0.1:8080");
        assert!(url.is_loopback());
        assert!(!url.has_fragment);
    }

    #[test]
    fn default_port_and_fragment() {
        let url = HttpUrl::parse("HTTPS://Portal.Example.com:443#top").unwrap();
        assert_eq!(url.origin(), "https://portal.example.com");
        assert_eq!(url.path, "/");
        assert!(url.has_fragment);
        assert!(!url.is_loopback());
    }

    #[test]
    fn rejects_what_is_not_an_http_url() {
        assert_eq!(HttpUrl::parse("/callback"), Err(UrlProblem::NotAbsolute));
        assert_eq!(
            HttpUrl::parse("ftp://x"),
            Err(UrlProblem::UnsupportedScheme("ftp".into()))
        );
        assert_eq!(HttpUrl::parse("http:///x"), Err(UrlProblem::NoHost));
        assert_eq!(HttpUrl::parse("http://a:b@evil"), Err(UrlProblem::NoHost));
        assert_eq!(
            HttpUrl::parse("http://host:99999"),
            Err(UrlProblem::BadPort)
        );
        assert_eq!(HttpUrl::parse("http://[::1]:8080/").unwrap().host, "[::1]");
    }
}
