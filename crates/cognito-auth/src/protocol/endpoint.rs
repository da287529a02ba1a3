//! Which endpoint a request went to, as a value rather than a phrase.
//!
//! The glue names the endpoint of every request it sends so that a failure can say where it
//! failed ([`crate::AuthError::Network`]). An enum keeps those names from drifting apart (one
//! call site writing "the token endpoint", another "token endpoint") and lets code match on the
//! endpoint instead of comparing strings.

/// One of the endpoints the browser talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// The portal's own `/config.json`, fetched before anything else.
    Config,
    /// Cognito's `/oauth2/token`: the code exchange and refreshes.
    Token,
    /// Cognito's `/oauth2/revoke`: revoking the refresh token at sign-out.
    Revoke,
    /// Cognito's `/oauth2/userInfo`, called with the access token.
    UserInfo,
    /// The user pool's `/.well-known/jwks.json`, for signature checks.
    Jwks,
    /// The customer's protected API, called with the ID token.
    Api,
    /// Cognito's user-pools API (`GetUser`, `ChangePassword`, …), called with the access token.
    UserPools,
}

impl Endpoint {
    /// The endpoint in words, for messages: "the request to {describe} got no answer".
    pub fn describe(self) -> &'static str {
        match self {
            Self::Config => "/config.json",
            Self::Token => "the token endpoint",
            Self::Revoke => "the revocation endpoint",
            Self::UserInfo => "the userInfo endpoint",
            Self::Jwks => "the JWKS endpoint",
            Self::Api => "the API",
            Self::UserPools => "the Cognito user-pools API",
        }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Endpoint; 7] = [
        Endpoint::Config,
        Endpoint::Token,
        Endpoint::Revoke,
        Endpoint::UserInfo,
        Endpoint::Jwks,
        Endpoint::Api,
        Endpoint::UserPools,
    ];

    #[test]
    fn every_endpoint_has_its_own_words() {
        let mut words: Vec<&str> = ALL.iter().map(|e| e.describe()).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), ALL.len(), "{words:?}");
        assert_eq!(Endpoint::Token.to_string(), "the token endpoint");
        assert_eq!(Endpoint::Config.to_string(), "/config.json");
    }
}
